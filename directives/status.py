"""Status categories of government task tracking, computed — never typed by hand.

`status_category` is the rule; `status_category_expression` and `status_q` are the same rule
as SQL (a CASE to count by, a condition on the columns an index can serve), and tests keep
the three in step. "Due within N days" and "days late" are defined here on top of it.
`dashboards.rollup` holds the rule once more as date intervals, for its triggers; a test
keeps it equal to `status_category_expression` on every day.
"""

import datetime

from django.db import models
from django.db.models import Case, DurationField, F, Q, Value, When
from django.db.models.fields import CharField
from django.utils.translation import gettext_lazy as _


class Lifecycle(models.TextChoices):
    """Where the agency says its work stands (stored)."""

    NOT_STARTED = "chua_thuc_hien", _("Chưa thực hiện")
    IN_PROGRESS = "dang_thuc_hien", _("Đang thực hiện")
    AWAITING_CONFIRMATION = "cho_xac_nhan", _("Chờ xác nhận hoàn thành")
    DONE = "hoan_thanh", _("Hoàn thành")
    RETURNED = "tra_lai", _("Trả lại")
    PAUSED = "tam_dung", _("Tạm dừng")


class StatusCategory(models.TextChoices):
    """Where the work stands against its deadline (computed)."""

    DONE_ON_TIME = "dung_han", _("Đã hoàn thành đúng hạn")
    DONE_LATE = "hoan_thanh_qua_han", _("Đã hoàn thành quá hạn")
    IN_PROGRESS = "trong_han", _("Đang thực hiện trong hạn")
    OVERDUE = "qua_han", _("Đang thực hiện quá hạn")
    ONGOING = "khong_thoi_han", _("Không có thời hạn / thường xuyên")


def effective_deadline(deadline: datetime.date | None, extended_deadline: datetime.date | None) -> datetime.date | None:
    """An approved extension replaces the deadline that status is computed from."""
    return extended_deadline or deadline


def status_category(
    *,
    lifecycle: str,
    deadline: datetime.date | None,
    extended_deadline: datetime.date | None,
    completed_on: datetime.date | None,
    today: datetime.date,
) -> StatusCategory:
    """The status category of one agency's assignment on `today`.

    Work counts as done only once office staff confirm it (lifecycle "hoàn thành") and
    only from its completion date on, so the same function answers "as of" a past day; it
    is on time when its completion date is on or before the effective deadline. Work
    without a deadline (ongoing duties, recurring reports) is tracked by its periodic reports.
    """
    due = effective_deadline(deadline, extended_deadline)
    done = lifecycle == Lifecycle.DONE and (completed_on is None or completed_on <= today)
    if due is None:
        return StatusCategory.DONE_ON_TIME if done else StatusCategory.ONGOING
    if done:
        finished = completed_on or today
        return StatusCategory.DONE_ON_TIME if finished <= due else StatusCategory.DONE_LATE
    return StatusCategory.IN_PROGRESS if today <= due else StatusCategory.OVERDUE


def days_late(
    *,
    lifecycle: str,
    deadline: datetime.date | None,
    extended_deadline: datetime.date | None,
    completed_on: datetime.date | None,
    today: datetime.date,
) -> int:
    """Days past the effective deadline: at completion for work done (as `status_category`
    counts it), as of today for work not done yet; 0 when not late or without a deadline."""
    due = effective_deadline(deadline, extended_deadline)
    if due is None:
        return 0
    done = lifecycle == Lifecycle.DONE and (completed_on is None or completed_on <= today)
    end = (completed_on or today) if done else today
    return max(0, (end - due).days)


# --- the same rule in SQL -----------------------------------------------------------


def status_category_expression(today: datetime.date) -> Case:
    """`directives.status.status_category` as SQL, for counting and filtering in the database."""
    done = Q(lifecycle=Lifecycle.DONE, completed_on__lte=today)
    return Case(
        When(done & Q(effective_due_on__isnull=True), then=Value(StatusCategory.DONE_ON_TIME.value)),
        When(effective_due_on__isnull=True, then=Value(StatusCategory.ONGOING.value)),
        When(done & Q(completed_on__lte=F("effective_due_on")), then=Value(StatusCategory.DONE_ON_TIME.value)),
        When(done, then=Value(StatusCategory.DONE_LATE.value)),
        When(effective_due_on__gte=today, then=Value(StatusCategory.IN_PROGRESS.value)),
        default=Value(StatusCategory.OVERDUE.value),
        output_field=CharField(),
    )


def status_q(category: str, today: datetime.date) -> Q:
    """The rows of one status category, as a condition an index can serve.

    Equivalent to filtering on `status_category_expression(today)` (a test keeps the two in
    step) but written on the columns, so "overdue of one agency" walks the (holder, deadline)
    index instead of computing the CASE for every row.
    """
    done = Q(lifecycle=Lifecycle.DONE, completed_on__lte=today)
    no_due = Q(effective_due_on__isnull=True)
    if category == StatusCategory.DONE_ON_TIME:
        return done & (no_due | Q(completed_on__lte=F("effective_due_on")))
    if category == StatusCategory.DONE_LATE:
        return done & Q(effective_due_on__isnull=False, completed_on__gt=F("effective_due_on"))
    if category == StatusCategory.ONGOING:
        return no_due & ~done
    if category == StatusCategory.IN_PROGRESS:
        return Q(effective_due_on__gte=today) & ~done
    if category == StatusCategory.OVERDUE:
        return Q(effective_due_on__lt=today) & ~done
    raise ValueError(f"unknown status category {category!r}")


def due_within_q(today: datetime.date, days: int) -> Q:
    """Work in progress (not done, not late) whose deadline falls within `days` days of `today`."""
    return status_q(StatusCategory.IN_PROGRESS, today) & Q(effective_due_on__lte=today + datetime.timedelta(days=days))


def days_late_expression(day: datetime.date) -> Case:
    """`days_late` as SQL (a duration): completion − deadline when done late, `day` − deadline
    when overdue, NULL otherwise — so an average counts only work that has a deadline."""
    return Case(
        When(
            Q(lifecycle=Lifecycle.DONE, completed_on__lte=day, completed_on__gt=F("effective_due_on")),
            then=F("completed_on") - F("effective_due_on"),
        ),
        When(
            Q(effective_due_on__lt=day) & ~Q(lifecycle=Lifecycle.DONE, completed_on__lte=day),
            then=Value(day) - F("effective_due_on"),
        ),
        default=None,
        output_field=DurationField(),
    )
