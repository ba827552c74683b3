"""Deadlines of four kinds, the quarter arithmetic they need, and the one rule that makes a
deadline whole from what a person or a file gave (`deadline_resolve`)."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DeadlineKind(models.TextChoices):
    DATE = "date", _("Ngày cụ thể")
    QUARTER = "quarter", _("Trong quý")
    RECURRING = "recurring", _("Định kỳ")
    ONGOING = "ongoing", _("Thường xuyên")
    NONE = "none", _("Không ghi thời hạn")


class Recurrence(models.TextChoices):
    NONE = "", _("—")
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEARLY = "half_yearly", _("6 tháng")
    ANNUAL = "annual", _("Hằng năm")


ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}


def quarter_end(year: int, quarter: int) -> datetime.date:
    """Last day of a quarter: quý II/2022 -> 30/06/2022."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1-4, got {quarter}")
    month = quarter * 3
    next_month_first = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return next_month_first - datetime.timedelta(days=1)


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def deadline_has_date(kind: str) -> bool:
    return kind in (DeadlineKind.DATE, DeadlineKind.QUARTER)


def parse_quarter(text: str) -> tuple[int, int]:
    """ "Quý II/2022", "quý 2/2022", "II/2022" or "Q2/2022" -> (2022, 2); ValueError otherwise."""
    cleaned = re.sub(r"^\s*(qu[ýy]|q)\s*", "", (text or "").strip(), flags=re.IGNORECASE)
    match = re.fullmatch(r"(IV|I{1,3}|[1-4])\s*[/\-.]\s*(\d{4})", cleaned, flags=re.IGNORECASE)
    if not match:
        raise ValueError(text)
    label, year = match.group(1).upper(), int(match.group(2))
    quarter = ROMAN_QUARTERS.get(label) or int(label)
    return year, quarter


def roman_quarter(quarter: int) -> str:
    return {v: k for k, v in ROMAN_QUARTERS.items()}[quarter]


@dataclass(frozen=True)
class Deadline:
    """A task's deadline as stored: its kind, the date status is computed from, the wording."""

    kind: str
    due_on: datetime.date | None
    due_text: str
    recurrence: str


def deadline_resolve(
    *,
    kind: str = DeadlineKind.NONE,
    due_on: datetime.date | None = None,
    quarter: str = "",
    recurrence: str = "",
    due_text: str = "",
    not_before: datetime.date | None = None,
) -> Deadline:
    """The one rule of a task's deadline, used by the task form, the editing services, the
    exchange import and the importer's review (the model's CheckConstraint is its database twin).

    Nothing typed is dropped: a date, a quarter or a cycle given while the kind stayed at
    "Không ghi thời hạn" decides the kind; a date given with a kind that carries none
    ("thường xuyên", "định kỳ") is refused, as is a deadline before `not_before` (the
    directive's issue date). Raises ValidationError with a message per field.
    """
    kind = kind or DeadlineKind.NONE
    quarter, due_text, recurrence = (quarter or "").strip(), (due_text or "").strip(), recurrence or ""
    if kind not in DeadlineKind.values:
        raise ValidationError({"deadline_kind": gettext("Loại thời hạn “%(kind)s” không hợp lệ.") % {"kind": kind}})
    if recurrence and recurrence not in Recurrence.values:
        raise ValidationError({"recurrence": gettext("Chu kỳ “%(value)s” không hợp lệ.") % {"value": recurrence}})
    if kind == DeadlineKind.NONE:
        kind = (
            DeadlineKind.QUARTER
            if quarter
            else DeadlineKind.DATE
            if due_on
            else DeadlineKind.RECURRING
            if recurrence
            else DeadlineKind.NONE
        )
    label = DeadlineKind(kind).label
    if quarter and kind != DeadlineKind.QUARTER:
        raise ValidationError(
            {
                "quarter": gettext("Đã ghi quý nhưng loại thời hạn là “%(kind)s”; xóa quý hoặc chọn “Trong quý”.")
                % {"kind": label}
            }
        )
    if kind == DeadlineKind.QUARTER and quarter:
        try:
            year, number = parse_quarter(quarter)
        except ValueError:
            raise ValidationError({"quarter": gettext("Ghi quý theo dạng “Quý II/2022”.")}) from None
        due_on = quarter_end(year, number)
        due_text = due_text or f"trong quý {roman_quarter(number)}/{year}"
    if deadline_has_date(kind):
        if due_on is None:
            field = "quarter" if kind == DeadlineKind.QUARTER else "due_on"
            message = (
                gettext("Ghi quý theo dạng “Quý II/2022”.")
                if kind == DeadlineKind.QUARTER
                else gettext("Chọn ngày của thời hạn.")
            )
            raise ValidationError({field: message})
        if not_before and due_on < not_before:
            raise ValidationError(
                {
                    "due_on": gettext("Thời hạn %(due)s trước ngày ban hành văn bản (%(issued)s).")
                    % {"due": f"{due_on:%d/%m/%Y}", "issued": f"{not_before:%d/%m/%Y}"}
                }
            )
        if kind == DeadlineKind.DATE and not due_text:
            due_text = f"trước ngày {due_on:%d/%m/%Y}"
    elif due_on is not None:
        raise ValidationError(
            {
                "due_on": gettext(
                    "Loại thời hạn “%(kind)s” không mang ngày cụ thể; xóa ngày %(due)s hoặc chọn “Ngày cụ thể”."
                )
                % {"kind": label, "due": f"{due_on:%d/%m/%Y}"}
            }
        )
    if kind == DeadlineKind.RECURRING and not recurrence:
        raise ValidationError({"recurrence": gettext("Nhiệm vụ định kỳ cần chọn chu kỳ.")})
    if kind != DeadlineKind.RECURRING and recurrence:
        raise ValidationError(
            {
                "recurrence": gettext("Chu kỳ chỉ dùng cho nhiệm vụ định kỳ; loại thời hạn đang là “%(kind)s”.")
                % {"kind": label}
            }
        )
    if kind == DeadlineKind.ONGOING and not due_text:
        due_text = "thường xuyên"
    return Deadline(kind=kind, due_on=due_on, due_text=due_text, recurrence=recurrence)
