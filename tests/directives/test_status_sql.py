"""The status rule and its SQL twins agree row by row: `status_category` (Python) with
`status_category_expression` and `status_q`; `days_late` with `days_late_expression`;
"due within N days" is in-progress work due by then."""

import datetime
import itertools

import pytest

from directives.models import Assignment
from directives.status import (
    Lifecycle,
    StatusCategory,
    days_late,
    days_late_expression,
    due_within_q,
    status_category,
    status_category_expression,
    status_q,
)
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def grid(db):
    """One row per lifecycle × deadline × extension × completion, edges included."""
    deadlines = [None, TODAY - 5 * DAY, TODAY - DAY, TODAY, TODAY + DAY, TODAY + 7 * DAY, TODAY + 8 * DAY]
    extensions = [None, TODAY + 3 * DAY]
    completions = [None, TODAY - 10 * DAY, TODAY - DAY, TODAY, TODAY + DAY]
    lifecycles = [Lifecycle.IN_PROGRESS, Lifecycle.DONE, Lifecycle.AWAITING_CONFIRMATION]
    rows = []
    for due, extended, completed, lifecycle in itertools.product(deadlines, extensions, completions, lifecycles):
        if (lifecycle == Lifecycle.DONE and completed is None) or (extended and not due):
            continue
        rows.append(
            AssignmentFactory(due_on=due, extended_due_on=extended, completed_on=completed, lifecycle=lifecycle)
        )
    return rows


def python_status(a: Assignment) -> StatusCategory:
    return status_category(
        lifecycle=a.lifecycle,
        deadline=a.due_on,
        extended_deadline=a.extended_due_on,
        completed_on=a.completed_on,
        today=TODAY,
    )


def test_the_three_forms_of_the_status_rule_agree_on_every_row(grid):
    annotated = dict(Assignment.objects.annotate(c=status_category_expression(TODAY)).values_list("pk", "c"))
    for row in grid:
        assert annotated[row.pk] == python_status(row).value, row.__dict__
    for category in StatusCategory:
        expected = {r.pk for r in grid if python_status(r) == category}
        assert set(Assignment.objects.filter(status_q(category, TODAY)).values_list("pk", flat=True)) == expected


def test_days_late_in_sql_is_days_late_in_python_and_empty_without_a_deadline(grid):
    late = dict(Assignment.objects.annotate(d=days_late_expression(TODAY)).values_list("pk", "d"))
    for row in grid:
        python = days_late(
            lifecycle=row.lifecycle,
            deadline=row.due_on,
            extended_deadline=row.extended_due_on,
            completed_on=row.completed_on,
            today=TODAY,
        )
        category = python_status(row)
        if category in (StatusCategory.DONE_LATE, StatusCategory.OVERDUE):
            assert late[row.pk] == datetime.timedelta(days=python), row.__dict__
        else:
            assert late[row.pk] is None, row.__dict__


def test_due_within_seven_days_is_in_progress_work_due_by_then(grid):
    found = set(Assignment.objects.filter(due_within_q(TODAY, 7)).values_list("pk", flat=True))
    expected = {
        r.pk
        for r in grid
        if python_status(r) == StatusCategory.IN_PROGRESS and (r.extended_due_on or r.due_on) <= TODAY + 7 * DAY
    }
    assert found == expected and found
