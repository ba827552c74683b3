"""The deadline of a task, read from its wording (thời hạn).

Order of precedence, from the most to the least precise: a date ("trước ngày 15/7/2021",
"trước ngày 10 tháng 12 năm 2021"), a quarter ("trong quý II/2022", "Quý IV năm 2025"),
the end of a year ("đến hết năm 2021", "trong năm 2022 và 2023"), a recurrence ("định kỳ
hằng quý", "trước ngày 20 của các tháng 3, 6, 9"), ongoing work ("thường xuyên", "định
kỳ" without a period). Several dates or quarters in one task: the latest is the deadline,
the others stay in the wording.
"""

import datetime
import re
from dataclasses import dataclass

from directives.deadlines import ROMAN_QUARTERS, quarter_end

_DATE_LEAD = r"(?:trước|chậm nhất(?:\s+là)?(?:\s+vào)?|đến|hạn|xong trước|hoàn thành(?:\s+trước)?)"
_DATE_NUMERIC = re.compile(
    _DATE_LEAD + r"\s+(?:ngày\s+)?(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?(?:\s+(?:của\s+)?năm\s+(\d{4}))?",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(
    _DATE_LEAD + r"\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?",
    re.IGNORECASE,
)
_QUARTER = re.compile(r"(?:trong\s+)?quý\s+(IV|I{1,3}|[1-4])\s*(?:/|năm|-)\s*(\d{4})", re.IGNORECASE)
_MONTH = re.compile(
    r"(?:^\s*|trong\s+|hoàn\s+thành\s+(?:trong\s+)?|trước\s+|vào\s+|đến\s+(?:hết\s+)?|cuối\s+)tháng\s+(\d{1,2})\s*(?:/|năm)\s*(\d{4})",
    re.IGNORECASE | re.MULTILINE,
)
# "Tháng 11 - 12/2025": the end of the last month
_MONTH_RANGE = re.compile(r"tháng\s+(\d{1,2})\s*[-–—]\s*(\d{1,2})\s*/\s*(\d{4})", re.IGNORECASE)
# "Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê": from a start until an event, no end date
_UNTIL_EVENT = re.compile(
    r"\btừ\s+(?:tháng|ngày)\s+[\d/]+(?:\s+năm\s+\d{4})?\s+(?:cho\s+)?đến\s+khi\s+[^,;.()]+", re.IGNORECASE
)
_LABELLED_YEAR = re.compile(
    r"thời\s+(?:gian|hạn)(?:\s+hoàn\s+thành|\s+thực\s+hiện)?\s*:\s*(?:trong\s+)?năm\s+(\d{4})", re.IGNORECASE
)
_YEAR_END = re.compile(r"(?:đến\s+)?hết\s+năm\s+(\d{4})", re.IGNORECASE)
_IN_YEARS = re.compile(r"trong\s+(?:các\s+)?năm\s+(\d{4})((?:\s*(?:,|và)\s*(?:năm\s+)?\d{4})*)", re.IGNORECASE)
_EVERY = re.compile(r"(?:(định\s+kỳ)\s+)?(?:hằng|hàng)\s+(tháng|quý|năm)", re.IGNORECASE)
_HALF_YEAR = re.compile(
    r"(?:định\s+kỳ\s+)?(?:06|6|sáu)\s+tháng(?:\s+một\s+lần)?(?=\s*(?:,|và|;|\.|một|\)|\(|$))"
    r"|định\s+kỳ\s+(?:06|6|sáu)\s+tháng",
    re.IGNORECASE,
)
_MONTHS_OF_QUARTERS = re.compile(
    r"trước\s+ngày\s+\d{1,2}\s+(?:của\s+)?(?:các\s+)?tháng\s+3\s*,\s*6\s*,\s*9", re.IGNORECASE
)
_ONGOING = re.compile(r"(?<!chi\s)(?<!phí\s)thường\s+xuyên(?!\s+phát\s+sinh)", re.IGNORECASE)
# Work tied to a fiscal year's budget or investment plan ends with that year.
_FISCAL_YEAR = re.compile(
    r"(?:ngân\s+sách(?:\s+(?:nhà\s+nước|tỉnh|cấp\s+tỉnh|địa\s+phương|trung\s+ương))?|dự\s+toán(?:\s+đầu)?|kế\s+hoạch\s+vốn(?:\s+đầu\s+tư\s+công)?|vốn\s+đầu\s+tư\s+công)"
    r"\s+năm\s+(\d{4})((?:\s*(?:,|và)\s*(?:năm\s+)?\d{4})*)",
    re.IGNORECASE,
)
_PERIODIC = re.compile(r"(?:theo\s+)?định\s+kỳ(?!\s+(?:hằng|hàng|06|6|sáu|quý|tháng|năm))", re.IGNORECASE)
# "kế hoạch hằng năm", "ngân sách hằng năm", "chỉ số … hằng năm" describe a thing, not how often the duty recurs.
_RESOLUTION_BEFORE_EVERY = re.compile(r"nghị\s+quyết\s*$", re.IGNORECASE)
_NOUNS_BEFORE_EVERY = re.compile(
    r"(kế\s+hoạch|ngân\s+sách|dự\s+toán|chỉ\s+số|chỉ\s+tiêu|vốn)(?:,?\s+[^\s,;.]+){0,6}\s*$", re.IGNORECASE
)

# "hoàn thành năm 2025", "thực hiện trong năm 2025", "xong trước cuối năm 2025": that year's end
_DONE_IN_YEAR = re.compile(
    r"(?:hoàn\s+thành|xong|thực\s+hiện)\s+(?:trong\s+|trước\s+|vào\s+)?(?:cuối\s+)?năm\s+(\d{4})(?![\d\s]*[-–—]\s*\d{4})",
    re.IGNORECASE,
)
# "6 tháng đầu năm (2025)": 30/6; "6 tháng cuối năm": 31/12 (of the year named, else of the plan)
_HALF_OF_YEAR = re.compile(r"(?:06|6|sáu)\s+tháng\s+(đầu|cuối)\s+năm(?:\s+(\d{4}))?", re.IGNORECASE)
# "trong giai đoạn 2025–2026", "trong các năm 2025 - 2026", "từ năm 2025 đến năm 2026": the range's end
_RANGE = re.compile(
    r"(?:trong|thực\s+hiện|hoàn\s+thành)\s+(?:giai\s+đoạn|các\s+năm|năm)\s+(\d{4})\s*[-–—]\s*(\d{4})"
    r"|(?:trong\s+)?(?:giai\s+đoạn\s+)?từ\s+năm\s+(\d{4})\s+đến\s+năm\s+(\d{4})",
    re.IGNORECASE,
)
_CELL_RANGE = re.compile(r"(?:(?:trong\s+)?(?:giai\s+đoạn|các\s+năm|năm)\s+)?(\d{4})\s*[-–—]\s*(\d{4})", re.IGNORECASE)
# A deadline set elsewhere or by an event: no date, the wording kept for the reviewer.
_ELSEWHERE = re.compile(
    r"theo\s+(?:lộ\s+trình|kế\s+hoạch|hướng\s+dẫn|yêu\s+cầu|tiến\s+độ)\s+(?:của\s+)?(?:các\s+)?(?:Bộ|Trung\s+ương|Chính\s+phủ|cấp\s+có\s+thẩm\s+quyền)[^,;.()]*"
    r"|ngay\s+sau\s+khi\s+[^,;.()]+",
    re.IGNORECASE,
)

# "Năm 2025 và các năm tiếp theo", "Quý IV năm 2025 và các năm tiếp theo", "Giai đoạn 2026-2030 và những năm
# tiếp theo": work that starts then and goes on, no end date
_ONWARD = re.compile(
    r"(?:năm|giai\s+đoạn|quý)\s+[^,;.]{0,25}?\d{4}\s*(?:,\s*|và\s+)(?:các|những)\s+năm\s+tiếp\s+theo", re.IGNORECASE
)
_ONWARD_BEFORE = re.compile(r"(?:^|:|thực\s+hiện|triển\s+khai|từ|trong)\s*$", re.IGNORECASE)
# "hằng ngày": ongoing (the exchange format has no daily period)
_DAILY = re.compile(r"(?:hằng|hàng)\s+ngày", re.IGNORECASE)
# a day and month without a year, then "hằng năm" ("trước ngày 25/12 hàng năm"): the due day of a yearly duty
_YEARLY_AFTER = re.compile(r"\s*(?:hằng|hàng)\s+năm", re.IGNORECASE)

_EVENT_BEFORE_YEAR = re.compile(r"(phát\s+sinh|xảy\s+ra|ảnh\s+hưởng)", re.IGNORECASE)


def _plan_named(text: str, start: int) -> bool:
    """ "Theo Kế hoạch bồi dưỡng … hàng năm": a plan named after "theo", not the department "Sở Kế hoạch"."""
    return bool(re.search(r"theo\s*$", text[max(0, start - 8) : max(0, start)], re.IGNORECASE))


_RECURRENCE = {"tháng": "monthly", "quý": "quarterly", "năm": "annual"}
_RECURRENCE_BEFORE = re.compile(r"(?:định\s+kỳ|(?:hằng|hàng)\s+(?:tháng|quý|năm))[^.;]*$", re.IGNORECASE)
# Several recurrences in one duty ("định kỳ 6 tháng, hằng năm báo cáo"): the most frequent one.
_FREQUENCY = ("monthly", "quarterly", "half_yearly", "annual")


@dataclass(frozen=True)
class Deadline:
    kind: str = "none"  # DeadlineKind values
    due: datetime.date | None = None
    due_text: str = ""
    recurrence: str = ""


def _safe_date(year, month, day):
    try:
        return datetime.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def _dates(text: str, year_hint: int | None):
    found = []
    for pattern in (_DATE_NUMERIC, _DATE_WORDS):
        for m in pattern.finditer(text):
            groups = m.groups()
            year = groups[2] or (groups[3] if len(groups) > 3 else None)
            if year is None:
                after = re.match(r"\s*(?:của\s+)?(?:các\s+)?năm\s+(\d{4})", text[m.end() :])
                year = after.group(1) if after else None
            explicit = year is not None
            if not explicit and _RECURRENCE_BEFORE.search(text[max(0, m.start() - 50) : m.start()]):
                continue
            if not explicit and _YEARLY_AFTER.match(text, m.end()):
                continue  # "trước ngày 25/12 hàng năm": the yearly due day, read as a recurrence below  # "định kỳ 6 tháng (trước ngày 15/6 và 15/12)": the due days of a recurrence
            if year is None:
                year = year_hint
            due = _safe_date(year, groups[1], groups[0]) if year else None
            if due:
                found.append((m.start(), m.end(), due, explicit))
    if any(d[3] for d in found):
        found = [d for d in found if d[3]]  # "báo cáo năm trước ngày 10/12" beside a dated deadline
    return sorted(d[:3] for d in found)


def _span_text(text: str, spans) -> str:
    """The wording as printed: one phrase, or from the first to the last when they sit together."""
    first, last = spans[0], spans[-1]
    if len(spans) > 1 and last[0] - first[1] < 60:
        return " ".join(text[first[0] : last[1]].split())
    return " ".join(text[last[0] : last[1]].split())


def find_deadline(text: str, *, year_hint: int | None = None) -> Deadline:
    for m in _ONWARD.finditer(text):
        # as the time of the work ("Thời gian thực hiện: Năm 2025 và …", "thực hiện từ năm 2025 và …"), not
        # a thing's years ("nâng cao chỉ số thành phần năm 2021 và những năm tiếp theo")
        if _ONWARD_BEFORE.search(text[max(0, m.start() - 24) : m.start()]):
            return Deadline("ongoing", None, " ".join(m.group().split()))
    dates = _dates(text, year_hint)
    if dates:
        latest = max(dates, key=lambda d: d[2])
        return Deadline("date", latest[2], _span_text(text, dates))
    quarters = []
    for m in _QUARTER.finditer(text):
        label = m.group(1).upper()
        q = int(label) if label.isdigit() else ROMAN_QUARTERS[label]
        quarters.append((m.start(), m.end(), quarter_end(int(m.group(2)), q)))
    if quarters:
        latest = max(quarters, key=lambda d: d[2])
        return Deadline("quarter", latest[2], " ".join(text[latest[0] : latest[1]].split()))
    months = []
    for m in _MONTH_RANGE.finditer(text):
        first, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= first <= month <= 12:
            last = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
            months.append((m.start(), m.end(), last))
    for m in _MONTH.finditer(text):
        month, year = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            last = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
            months.append((m.start(), m.end(), last))
    if months:
        latest = max(months, key=lambda d: d[2])
        return Deadline("date", latest[2], " ".join(text[latest[0] : latest[1]].split()))
    for m in _HALF_OF_YEAR.finditer(text):
        year = int(m.group(2)) if m.group(2) else year_hint
        if year and not _RECURRENCE_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            due = datetime.date(year, 6, 30) if m.group(1).lower() == "đầu" else datetime.date(year, 12, 31)
            return Deadline("date", due, " ".join(m.group().split()))
    ranges = []
    for m in _RANGE.finditer(text):
        first, last = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(3)), int(m.group(4)))
        if first <= last:
            ranges.append((m.start(), m.end(), datetime.date(last, 12, 31)))
    years = list(ranges)
    for m in _DONE_IN_YEAR.finditer(text):
        start = m.start() + m.group().lower().index("năm")
        years.append((start, m.end(), datetime.date(int(m.group(1)), 12, 31)))
    for m in _LABELLED_YEAR.finditer(text):
        years.append((m.start(), m.end(), datetime.date(int(m.group(1)), 12, 31)))
    for m in _YEAR_END.finditer(text):
        years.append((m.start(), m.end(), datetime.date(int(m.group(1)), 12, 31)))
    for m in _IN_YEARS.finditer(text):
        if _EVENT_BEFORE_YEAR.search(text[max(0, m.start() - 40) : m.start()]):
            continue  # "phát sinh trong năm 2021": when something happened, not a deadline
        listed = [int(m.group(1)), *(int(y) for y in re.findall(r"\d{4}", m.group(2) or ""))]
        years.append((m.start(), m.end(), datetime.date(max(listed), 12, 31)))
    if years:
        years.sort()
        latest = max(years, key=lambda d: d[2])
        return Deadline("date", latest[2], " ".join(text[latest[0] : latest[1]].split()))
    fiscal = []
    for m in _FISCAL_YEAR.finditer(text):
        listed = [int(m.group(1)), *(int(y) for y in re.findall(r"\d{4}", m.group(2) or ""))]
        if year_hint is None or max(listed) >= year_hint:
            start = m.start() + m.group().lower().index("năm")
            fiscal.append((start, m.end(), datetime.date(max(listed), 12, 31)))
    if fiscal:
        latest = max(fiscal, key=lambda d: d[2])
        return Deadline("date", latest[2], " ".join(text[latest[0] : latest[1]].split()))
    if m := _UNTIL_EVENT.search(text):
        return Deadline("ongoing", None, " ".join(m.group().split()))
    if m := _MONTHS_OF_QUARTERS.search(text):
        return Deadline("recurring", None, " ".join(m.group().split()), "quarterly")
    recurrences = []
    for m in _EVERY.finditer(text):
        noun = _NOUNS_BEFORE_EVERY.search(text[max(0, m.start() - 60) : m.start()])
        if (
            not m.group(1)
            and noun
            and (noun.group(1)[:1].islower() or _plan_named(text, m.start() - len(noun.group())))
        ):
            continue  # a capitalised "Kế hoạch" is in a name: "Sở Kế hoạch và Đầu tư hằng tháng"
        if not m.group(1) and _RESOLUTION_BEFORE_EVERY.search(text[max(0, m.start() - 30) : m.start()]):
            continue  # "theo Nghị quyết hằng năm của Hội đồng nhân dân": the resolution is yearly, not the duty
        recurrences.append(Deadline("recurring", None, " ".join(m.group().split()), _RECURRENCE[m.group(2).lower()]))
    if m := _HALF_YEAR.search(text):
        if "định kỳ" in m.group().lower() or "một lần" in m.group().lower():
            recurrences.append(Deadline("recurring", None, " ".join(m.group().split()), "half_yearly"))
    if recurrences:
        return min(recurrences, key=lambda d: _FREQUENCY.index(d.recurrence))
    if m := _ONGOING.search(text):
        return Deadline("ongoing", None, m.group())
    if m := _DAILY.search(text):
        return Deadline("ongoing", None, m.group())
    if m := _PERIODIC.search(text):
        return Deadline("ongoing", None, " ".join(m.group().split()))
    if m := _ELSEWHERE.search(text):
        return Deadline("none", None, " ".join(m.group().split()).rstrip(" …"))
    return Deadline()


_CELL_YEAR = re.compile(r"(?:hoàn\s+thành\s+)?(?:trong\s+|cả\s+|cuối\s+)?năm\s+(\d{4})", re.IGNORECASE)


def cell_deadline(value: str, *, year_hint: int | None = None) -> Deadline:
    """The deadline written alone in a table's "Thời gian" column or after a "Thời gian:"
    label: there a bare "Năm 2026" is the end of that year."""
    value = " ".join(value.split()).strip(" .;")
    if re.fullmatch(r"(?:19|20)\d\d", value):
        return Deadline("date", datetime.date(int(value), 12, 31), value)  # a bare year in a "Thời gian" cell
    if m := _CELL_RANGE.fullmatch(value):
        if int(m.group(1)) <= int(m.group(2)):
            return Deadline("date", datetime.date(int(m.group(2)), 12, 31), value)
    deadline = find_deadline(value, year_hint=year_hint)
    if deadline.kind == "none" and (m := _CELL_YEAR.fullmatch(value)):
        return Deadline("date", datetime.date(int(m.group(1)), 12, 31), value)
    if deadline.kind != "none" and len(value) <= 80:
        # the cell is the deadline: keep all of it ("Hoàn thành trong năm 2025", "Quý II/2025")
        return Deadline(deadline.kind, deadline.due, value, deadline.recurrence)
    return deadline
