"""A small province with varied work, and the plain-Python counts the dashboards must match."""

import datetime
import random
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.cache import cache
from django.http import QueryDict
from django.utils import timezone

from accounts.models import Role
from agencies.models import AgencyKind
from directives.filtersets import AssignmentFilterSet
from directives.models import Assignment, AssignmentRole
from directives.status import Lifecycle, status_category
from tests.factories import AgencyFactory, AssignmentFactory, DirectiveFactory, SectionFactory, TaskFactory, UserFactory


def live_on(assignment: Assignment, day: datetime.date) -> bool:
    return assignment.assigned_on <= day and not (assignment.withdrawn_on and assignment.withdrawn_on <= day)


def status_of(assignment: Assignment, day: datetime.date) -> str:
    return status_category(
        lifecycle=assignment.lifecycle,
        deadline=assignment.due_on,
        extended_deadline=assignment.extended_due_on,
        completed_on=assignment.completed_on,
        today=day,
    ).value


def python_counts(day: datetime.date, rows=None, *, agency=None, directive=None, kind=None) -> Counter:
    """Counts per status category on `day`, computed in Python over every row."""
    rows = Assignment.objects.select_related("holder", "task__directive") if rows is None else rows
    counts: Counter = Counter()
    for a in rows:
        if not live_on(a, day):
            continue
        if agency is not None and agency.pk not in (a.agency_id, a.holder_id):
            continue
        if directive is not None and a.task.directive_id != directive.pk:
            continue
        if kind is not None and a.holder.kind != kind:
            continue
        counts[status_of(a, day)] += 1
    return counts


def list_count(url: str) -> int:
    """How many rows the assignment list shows for a figure's link (AssignmentFilterSet)."""
    query = QueryDict(mutable=True)
    for key, value in parse_qsl(urlsplit(url).query):
        query.appendlist(key, value)
    filterset = AssignmentFilterSet(data=query, queryset=Assignment.objects.all())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.count()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def build_province(seed: int = 7, tasks_per_directive: int = 6) -> dict:
    """Agencies of two kinds (one closed with a successor), two directives with sections,
    and assignments with every kind of deadline, completion, extension and withdrawal."""
    rng = random.Random(seed)
    today = timezone.localdate()
    successor = AgencyFactory(code="so-a", short_name="Sở A")
    agencies = [
        successor,
        AgencyFactory(code="so-b", short_name="Sở B"),
        AgencyFactory(code="huyen-c", short_name="Huyện C", kind=AgencyKind.DISTRICT),
        AgencyFactory(code="huyen-d", short_name="Huyện D", kind=AgencyKind.DISTRICT),
    ]
    closed = AgencyFactory(
        code="so-cu", short_name="Sở cũ", closed_on=today - datetime.timedelta(days=200), successor=successor
    )
    directives = [DirectiveFactory(slug="kh-mot"), DirectiveFactory(slug="kh-hai")]
    rows = []
    for directive in directives:
        sections = [SectionFactory(directive=directive, ref=f"{directive.slug}-{i}", position=i) for i in range(2)]
        for t in range(tasks_per_directive):
            due = today + datetime.timedelta(days=rng.randint(-400, 60)) if rng.random() > 0.15 else None
            task = TaskFactory(
                directive=directive,
                section=sections[t % 2] if t % 3 else None,
                due_on=due,
                deadline_kind="date" if due else "ongoing",
                due_text="",
            )
            for agency in rng.sample(agencies + [closed], 3):
                holder = successor if agency is closed else agency
                assigned = (due or today) - datetime.timedelta(days=rng.randint(20, 200))
                assigned = min(assigned, today)
                lifecycle = rng.choice([Lifecycle.DONE, Lifecycle.DONE, Lifecycle.IN_PROGRESS, Lifecycle.NOT_STARTED])
                completed = None
                if lifecycle == Lifecycle.DONE:
                    completed = min(today, assigned + datetime.timedelta(days=rng.randint(1, 300)))
                extended = None
                if due and rng.random() < 0.2:
                    extended = due + datetime.timedelta(days=rng.randint(5, 60))
                withdrawn = None
                if rng.random() < 0.1:
                    withdrawn = min(today, assigned + datetime.timedelta(days=rng.randint(1, 100)))
                rows.append(
                    AssignmentFactory(
                        task=task,
                        agency=agency,
                        holder=holder,
                        lifecycle=lifecycle,
                        completed_on=completed,
                        due_on=due,
                        extended_due_on=extended,
                        assigned_on=assigned,
                        withdrawn_on=withdrawn,
                        role=AssignmentRole.LEAD if len(rows) % 3 == 0 else AssignmentRole.COORDINATING,
                    )
                )
    return {"today": today, "agencies": agencies, "closed": closed, "directives": directives, "rows": rows}


@pytest.fixture
def province(db):
    return build_province()


@pytest.fixture
def leader(db):
    return UserFactory(roles=[Role.LEADER], agency=None)


@pytest.fixture
def office(db):
    return UserFactory(roles=[Role.OFFICE_STAFF], agency=None)
