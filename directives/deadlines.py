"""Deadlines of four kinds and the quarter arithmetic they need."""

import datetime

from django.db import models
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
    import re

    cleaned = re.sub(r"^\s*(qu[ýy]|q)\s*", "", (text or "").strip(), flags=re.IGNORECASE)
    match = re.fullmatch(r"(IV|I{1,3}|[1-4])\s*[/\-.]\s*(\d{4})", cleaned, flags=re.IGNORECASE)
    if not match:
        raise ValueError(text)
    label, year = match.group(1).upper(), int(match.group(2))
    quarter = ROMAN_QUARTERS.get(label) or int(label)
    return year, quarter


def roman_quarter(quarter: int) -> str:
    return {v: k for k, v in ROMAN_QUARTERS.items()}[quarter]
