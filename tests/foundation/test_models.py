"""The domain model's database rules and the SQL twin of the status function."""

import datetime
import itertools

import pytest
from django.db import IntegrityError, transaction

from directives.models import Assignment
from directives.selectors import assignments_with_status
from directives.status import Lifecycle, status_category
from tests.factories import AgencyFactory, AssignmentFactory, TaskFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def test_sql_status_matches_the_pure_function_for_every_combination():
    # given: assignments over every lifecycle × deadline × extension × completion combination
    today = D(2022, 7, 1)
    deadlines = [None, D(2022, 6, 30), D(2022, 7, 1), D(2022, 7, 2)]
    extensions = [None, D(2022, 7, 15)]
    completions = [None, D(2022, 6, 30), D(2022, 7, 1), D(2022, 7, 20)]
    task = TaskFactory(deadline_kind="none", due_on=None)
    expected = {}
    for lifecycle, due, ext, done in itertools.product(Lifecycle.values, deadlines, extensions, completions):
        if lifecycle == Lifecycle.DONE and done is None:
            continue  # the database refuses it (see below)
        if due is None and ext is not None:
            continue
        a = AssignmentFactory(task=task, lifecycle=lifecycle, due_on=due, extended_due_on=ext, completed_on=done)
        expected[a.pk] = status_category(
            lifecycle=lifecycle, deadline=due, extended_deadline=ext, completed_on=done, today=today
        ).value
    # when: the database computes the category
    computed = dict(assignments_with_status(today=today).values_list("pk", "status"))
    # then: it agrees with the pure function on every row
    assert computed == expected
    assert len(expected) > 150


def test_effective_deadline_is_the_extension_when_there_is_one():
    a = AssignmentFactory(due_on=D(2022, 6, 30), extended_due_on=D(2022, 8, 31))
    b = AssignmentFactory(due_on=D(2022, 6, 30))
    assert Assignment.objects.get(pk=a.pk).effective_due_on == D(2022, 8, 31)
    assert Assignment.objects.get(pk=b.pk).effective_due_on == D(2022, 6, 30)


def test_one_assignment_per_task_and_agency():
    a = AssignmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(task=a.task, agency=a.agency)


def test_done_requires_a_completion_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(lifecycle=Lifecycle.DONE, completed_on=None)


def test_dated_deadline_kinds_require_a_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskFactory(deadline_kind="quarter", due_on=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskFactory(deadline_kind="ongoing", due_on=D(2022, 1, 1))


def test_task_content_is_searchable_without_accents():
    task = TaskFactory(content="Cải thiện chỉ số Tiếp cận  đất đai")
    assert task.content_folded == "cai thien chi so tiep can dat dai"


def test_closed_agency_hands_its_work_to_the_end_of_the_successor_chain():
    final = AgencyFactory(name="Sở Tài chính")
    middle = AgencyFactory(name="Sở trung gian", closed_on=D(2025, 3, 1), successor=final)
    first = AgencyFactory(name="Sở Kế hoạch và Đầu tư", closed_on=D(2024, 1, 1), successor=middle)
    assert first.current_holder() == final
    assert final.current_holder() == final
    assert not first.is_active_on(D(2024, 1, 1))
    assert first.is_active_on(D(2023, 12, 31))
