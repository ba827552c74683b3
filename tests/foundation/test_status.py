"""The status categories of government tracking, at every boundary."""

import datetime

import pytest

from directives.status import Lifecycle, StatusCategory, days_late, status_category

D = datetime.date
DEADLINE = D(2022, 6, 30)


def category(*, lifecycle=Lifecycle.IN_PROGRESS, deadline=DEADLINE, extended=None, completed=None, today):
    return status_category(
        lifecycle=lifecycle, deadline=deadline, extended_deadline=extended, completed_on=completed, today=today
    )


def test_due_today_is_still_within_deadline():
    assert category(today=DEADLINE) == StatusCategory.IN_PROGRESS


def test_day_after_deadline_not_done_is_overdue():
    assert category(today=DEADLINE + datetime.timedelta(days=1)) == StatusCategory.OVERDUE


def test_done_on_the_deadline_is_on_time():
    result = category(lifecycle=Lifecycle.DONE, completed=DEADLINE, today=D(2022, 9, 1))
    assert result == StatusCategory.DONE_ON_TIME


def test_done_a_day_late_is_done_late():
    result = category(lifecycle=Lifecycle.DONE, completed=DEADLINE + datetime.timedelta(days=1), today=D(2022, 9, 1))
    assert result == StatusCategory.DONE_LATE


def test_extension_approved_after_deadline_passed_moves_back_within_deadline():
    # given: the deadline passed on 30/06 and the work was overdue on 05/07
    assert category(today=D(2022, 7, 5)) == StatusCategory.OVERDUE
    # when: an extension to 31/07 is approved on 05/07
    # then: the work is within its (new) deadline again, and finishing on 20/07 is on time
    assert category(extended=D(2022, 7, 31), today=D(2022, 7, 5)) == StatusCategory.IN_PROGRESS
    done = category(lifecycle=Lifecycle.DONE, extended=D(2022, 7, 31), completed=D(2022, 7, 20), today=D(2022, 8, 1))
    assert done == StatusCategory.DONE_ON_TIME


def test_extension_does_not_excuse_finishing_after_the_new_deadline():
    done = category(lifecycle=Lifecycle.DONE, extended=D(2022, 7, 31), completed=D(2022, 8, 1), today=D(2022, 8, 2))
    assert done == StatusCategory.DONE_LATE


def test_ongoing_duty_has_no_deadline_category():
    assert category(deadline=None, today=D(2030, 1, 1)) == StatusCategory.ONGOING


@pytest.mark.parametrize(
    "lifecycle",
    [
        Lifecycle.NOT_STARTED,
        Lifecycle.IN_PROGRESS,
        Lifecycle.AWAITING_CONFIRMATION,
        Lifecycle.RETURNED,
        Lifecycle.PAUSED,
    ],
)
def test_only_confirmed_completion_counts_as_done(lifecycle):
    late_day = DEADLINE + datetime.timedelta(days=3)
    assert category(lifecycle=lifecycle, completed=DEADLINE, today=late_day) == StatusCategory.OVERDUE


def test_days_late_counts_to_completion_or_today():
    working, done = Lifecycle.IN_PROGRESS, Lifecycle.DONE
    late = dict(deadline=DEADLINE, extended_deadline=None)
    assert days_late(lifecycle=working, **late, completed_on=None, today=D(2022, 7, 10)) == 10
    assert days_late(lifecycle=done, **late, completed_on=D(2022, 7, 2), today=D(2023, 1, 1)) == 2
    assert days_late(lifecycle=done, **late, completed_on=D(2022, 6, 30), today=D(2023, 1, 1)) == 0
    # a completion reported but not confirmed does not stop the count
    assert (
        days_late(lifecycle=Lifecycle.AWAITING_CONFIRMATION, **late, completed_on=D(2022, 7, 2), today=D(2022, 7, 10))
        == 10
    )
    # nor does a completion dated after the day asked about
    assert days_late(lifecycle=done, **late, completed_on=D(2022, 7, 20), today=D(2022, 7, 10)) == 10
    assert (
        days_late(
            lifecycle=working,
            deadline=DEADLINE,
            extended_deadline=D(2022, 7, 31),
            completed_on=None,
            today=D(2022, 7, 10),
        )
        == 0
    )
    assert (
        days_late(lifecycle=working, deadline=None, extended_deadline=None, completed_on=None, today=D(2022, 7, 10))
        == 0
    )


def test_as_of_a_day_before_completion_the_work_was_not_done_yet():
    kwargs = dict(lifecycle=Lifecycle.DONE, deadline=DEADLINE, extended_deadline=None, completed_on=D(2022, 7, 10))
    assert status_category(**kwargs, today=D(2022, 7, 9)) == StatusCategory.OVERDUE
    assert status_category(**kwargs, today=D(2022, 7, 10)) == StatusCategory.DONE_LATE
    assert status_category(**kwargs, today=D(2022, 6, 1)) == StatusCategory.IN_PROGRESS
