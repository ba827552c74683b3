"""Reporting periods and their data cut-off (pure functions, boundary-tested).

Nghị định 09/2019/NĐ-CP, Điều 12: the figures of a periodic report run from the 15th of
the month before the period to the 14th of its last month — a quarter's Q2 from 15/3 to
14/6, a year's from 15/12 of the year before to 14/12. The cut-off day (14) is set per
directive (`DirectiveReportSettings.cutoff_day`); `None` means calendar periods.

Period codes: "2022-Q2", "2022-H1", "2022", and an ISO day "2022-08-25" for a one-off
report (its figures run to that day). What people type is read too (`Period.parse`):
"Quý II/2022", "quý 2/2022", "II/2022", "quý II năm 2022", "6 tháng đầu năm 2022",
"6 tháng cuối năm 2022", "năm 2022", and a day as "25/08/2022"; accents and case do not matter.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from directives.deadlines import parse_quarter
from langson_portal.text import fold

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
ND09_CUTOFF_DAY = 14

# Matched against the folded text (lower case, no accents, single spaces): "quy ii/2022".
_QUARTER = re.compile(r"^(\d{4})-q([1-4])$")
_HALF = re.compile(r"^(\d{4})-h([12])$")
_HALF_WORDS = re.compile(r"^6 thang (dau|cuoi) nam (\d{4})$")
_YEAR = re.compile(r"^(?:nam )?(\d{4})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DAY_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
# A period's year outside this range is a typing slip (and would leave the calendar in date arithmetic).
FIRST_YEAR, LAST_YEAR = 1900, 2100


class PeriodCodeError(ValueError):
    pass


# What a refusal offers as examples, the forms people type first.
EXAMPLES = "Quý II/2022, II/2022, 2022-Q2, 6 tháng đầu năm 2022, năm 2022"


def _day(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


@dataclass(frozen=True)
class Period:
    """One reporting period: kind ("quarter", "half", "year", "once"), year, number."""

    kind: str
    year: int
    number: int = 0
    day: datetime.date | None = None  # the due day of a one-off report

    @classmethod
    def parse(cls, text: str) -> "Period":
        """The period a code or a Vietnamese phrase names; PeriodCodeError when it names none."""
        period = cls._read(fold(text or ""))
        if period is None or not FIRST_YEAR <= period.year <= LAST_YEAR:
            raise PeriodCodeError(text)
        return period

    @classmethod
    def _read(cls, code: str) -> "Period | None":
        if match := _QUARTER.match(code):
            return cls("quarter", int(match[1]), int(match[2]))
        if match := _HALF.match(code):
            return cls("half", int(match[1]), int(match[2]))
        if match := _HALF_WORDS.match(code):
            return cls("half", int(match[2]), 1 if match[1] == "dau" else 2)
        if match := _YEAR.match(code):
            return cls("year", int(match[1]))
        if _DAY.match(code) or _DAY_VN.match(code):
            try:
                day = (
                    datetime.date.fromisoformat(code)
                    if _DAY.match(code)
                    else datetime.datetime.strptime(code, "%d/%m/%Y").date()
                )
            except ValueError:
                return None
            return cls("once", day.year, day=day)
        try:  # "quy ii/2022", "ii/2022", "q2/2022", "quy ii nam 2022": the task form's quarter rule
            year, quarter = parse_quarter(re.sub(r"\s+nam\s+", "/", code))
        except ValueError:
            return None
        return cls("quarter", year, quarter)

    @property
    def code(self) -> str:
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        if self.kind == "half":
            return f"{self.year}-H{self.number}"
        if self.kind == "year":
            return str(self.year)
        return self.day.isoformat()

    @property
    def label(self) -> str:
        """As a Vietnamese report names it: "quý II năm 2022", "6 tháng đầu năm 2022"."""
        if self.kind == "quarter":
            return _("quý %(q)s năm %(y)s") % {"q": ROMAN[self.number], "y": self.year}
        if self.kind == "half":
            if self.number == 1:
                return _("6 tháng đầu năm %(y)s") % {"y": self.year}
            return _("6 tháng cuối năm %(y)s") % {"y": self.year}
        if self.kind == "year":
            return _("năm %(y)s") % {"y": self.year}
        return _("đến ngày %(d)s") % {"d": self.day.strftime("%d/%m/%Y")}

    def _months(self) -> tuple[int, int]:
        """First and last calendar month of the period."""
        if self.kind == "quarter":
            return self.number * 3 - 2, self.number * 3
        if self.kind == "half":
            return self.number * 6 - 5, self.number * 6
        return 1, 12

    def window(self, cutoff_day: int | None = ND09_CUTOFF_DAY) -> tuple[datetime.date | None, datetime.date]:
        """First and last day of the figures (both included)."""
        if self.kind == "once":
            return None, self.day
        first, last = self._months()
        if cutoff_day is None:
            return datetime.date(self.year, first, 1), _day(self.year, last, 31)
        start_year, start_month = _month_before(self.year, first)
        start = _day(start_year, start_month, cutoff_day) + datetime.timedelta(days=1)
        return start, _day(self.year, last, cutoff_day)

    def previous(self) -> "Period | None":
        if self.kind == "quarter":
            return Period("quarter", self.year - (self.number == 1), 4 if self.number == 1 else self.number - 1)
        if self.kind == "half":
            return Period("half", self.year - (self.number == 1), 2 if self.number == 1 else 1)
        if self.kind == "year":
            return Period("year", self.year - 1)
        return None


RULE_KINDS = {"quarterly": "quarter", "half_yearly": "half", "annual": "year", "once": "once"}


def period_for_due_day(*, rule_period: str, due_day: datetime.date) -> Period:
    """The period a report due on `due_day` under a rule of `rule_period` covers.

    A quarterly report due in March covers quarter I; an annual one due 10/12 covers that
    year; a half-yearly one due in June covers the first half. A report due in the first
    weeks of a year (the annual report "trước ngày 15/01") covers the year before, and a
    quarterly one due in the first month of a quarter covers the quarter before.
    """
    kind = RULE_KINDS[rule_period]
    if kind == "once":
        return Period("once", due_day.year, day=due_day)
    if kind == "year":
        return Period("year", due_day.year - (due_day.month == 1))
    if kind == "quarter":
        quarter = (due_day.month - 1) // 3 + 1
        if due_day.month in (1, 4, 7, 10):
            return Period("quarter", due_day.year - (quarter == 1), 4 if quarter == 1 else quarter - 1)
        return Period("quarter", due_day.year, quarter)
    half = 1 if due_day.month <= 6 else 2
    if due_day.month in (1, 7):
        return Period("half", due_day.year - (half == 1), 2 if half == 1 else 1)
    return Period("half", due_day.year, half)


def owed_periods(
    *,
    rules: list[tuple[str, list[datetime.date]]],
    since: datetime.date,
    today: datetime.date,
    sent: set[str],
    cutoff_day: int | None = ND09_CUTOFF_DAY,
    until: datetime.date | None = None,
) -> list[tuple[Period, datetime.date]]:
    """The reports an agency owes on one directive and has not sent: (period, due day), oldest first.

    `rules` is (rule period, its due days in order) for each of the directive's reporting rules.
    A period is owed when its figures end on or after `since` (the day the agency was first
    given work in the directive: it owes nothing for a period that ended before) and its code
    is not in `sent`. Every such period whose due day has passed is owed (overdue), and so is,
    per rule, the next one due on or after today. A due day after `until` (the day a
    directive's tracking ended) is owed by no one.
    """
    owed: dict[str, tuple[Period, datetime.date]] = {}
    for rule_period, due_days in rules:
        for due in due_days:
            if until is not None and due > until:
                break
            period = period_for_due_day(rule_period=rule_period, due_day=due)
            if period.window(cutoff_day)[1] < since or period.code in sent:
                if due >= today:
                    break
                continue
            if period.code not in owed or due < owed[period.code][1]:
                owed[period.code] = (period, due)
            if due >= today:
                break
    return sorted(owed.values(), key=lambda item: (item[1], item[0].code))
