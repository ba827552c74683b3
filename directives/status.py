"""Status categories of government task tracking, computed — never typed by hand.

The pure function here is the rule; `directives.selectors.status_category_expression`
is the same rule as SQL, and a test keeps the two in step.
"""

import datetime

from django.db import models
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
    deadline: datetime.date | None,
    extended_deadline: datetime.date | None,
    completed_on: datetime.date | None,
    today: datetime.date,
) -> int:
    """Days past the effective deadline, at completion or as of today; 0 when not late."""
    due = effective_deadline(deadline, extended_deadline)
    if due is None:
        return 0
    return max(0, ((completed_on or today) - due).days)
