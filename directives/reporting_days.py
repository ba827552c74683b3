"""Report due days from a directive's reporting rules (pure functions, boundary-tested)."""

import calendar
import datetime


def _clamped(year: int, month: int, day: int) -> datetime.date:
    """Day D of a month, or its last day when the month is shorter (31 → 30/6)."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def due_dates_between(
    *,
    period: str,
    due_on: datetime.date | None,
    day: int | None,
    month_of_quarter: int | None,
    months: list[int] | None,
    month: int | None,
    start: datetime.date,
    end: datetime.date,
) -> list[datetime.date]:
    """Every due day of one rule from `start` to `end`, both included, in order."""
    if start > end:
        return []
    if period == "once":
        return [due_on] if due_on and start <= due_on <= end else []
    if period == "quarterly":
        wanted = sorted(months) if months else [q * 3 - 3 + month_of_quarter for q in (1, 2, 3, 4)]
    elif period == "half_yearly":
        wanted = sorted({month, (month + 5) % 12 + 1})
    elif period == "annual":
        wanted = [month]
    else:
        raise ValueError(f"unknown reporting period {period!r}")
    return [
        due
        for year in range(start.year, end.year + 1)
        for m in wanted
        if start <= (due := _clamped(year, m, day)) <= end
    ]
