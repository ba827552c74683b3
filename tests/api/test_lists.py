"""The API's lists: the list pages' filters with the same meaning, a cursor that walks every
visible row once in deadline order, and a fixed number of queries whatever the size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directives.models import AssignmentRole
from directives.status import Lifecycle
from tests.factories import AgencyFactory, AssignmentFactory, TaskFactory

from .conftest import client_for


def _walk(client, url, **params) -> tuple[list[dict], int]:
    rows, pages, next_url = [], 0, url
    response = client.get(next_url, {"page_size": 3, **params})
    while True:
        assert response.status_code == 200, response.content
        pages += 1
        rows += response.json()["results"]
        next_url = response.json()["next"]
        if not next_url:
            return rows, pages
        response = client.get(next_url)


def _make(world, n, *, agency=None, due=datetime.date(2030, 1, 1)):
    agency = agency or world.lead_agency
    for i in range(n):
        task = TaskFactory(
            directive=world.directive,
            content=f"Nhiệm vụ số {i} về Tiếp cận đất đai",
            due_on=due,
            deadline_kind="date" if due else "ongoing",
            due_text="" if due is None else "trước ngày 01/01/2030",
        )
        AssignmentFactory(task=task, agency=agency, due_on=due and due + datetime.timedelta(days=i % 5))
        if i % 2:
            AssignmentFactory(task=task, agency=AgencyFactory(), role=AssignmentRole.COORDINATING)


@pytest.mark.django_db
def test_the_cursor_walks_every_visible_assignment_once_in_deadline_order_undated_last(world):
    # given: dated work, work without a deadline, and a withdrawn assignment
    _make(world, 7)
    _make(world, 4, due=None)
    AssignmentFactory(
        task=TaskFactory(directive=world.directive), agency=world.lead_agency, withdrawn_on=datetime.date(2024, 1, 1)
    )
    staff = client_for(world.tokens["office_staff"])
    # when
    rows, pages = _walk(staff, "/api/v1/assignments/")
    # then
    expected = (
        __import__("directives.models", fromlist=["Assignment"])
        .Assignment.objects.live()
        .order_by("effective_due_on", "id")
        .values_list("id", flat=True)
    )
    assert [r["id"] for r in rows] == list(expected)  # PostgreSQL sorts NULL deadlines last
    assert len({r["id"] for r in rows}) == len(rows) and pages == -(-len(rows) // 3)
    assert rows[-1]["effective_due_on"] is None and rows[0]["effective_due_on"] is not None


@pytest.mark.django_db
def test_an_officer_walks_only_what_the_visibility_rule_lets_them_see(world):
    _make(world, 5, agency=world.foreign_agency)
    rows, _ = _walk(client_for(world.tokens["lead"]), "/api/v1/assignments/")
    assert {r["id"] for r in rows} == {world.lead.pk, world.coord.pk}
    rows, _ = _walk(client_for(world.tokens["coordinator"]), "/api/v1/assignments/")
    assert {r["id"] for r in rows} == {world.lead.pk, world.coord.pk}  # the lead's, and its own


@pytest.mark.django_db
def test_filters_mean_what_they_mean_on_the_list_page(world):
    from directives.models import Assignment

    # given
    _make(world, 4)
    late = AssignmentFactory(
        task=TaskFactory(directive=world.directive, content="Rà soát quy hoạch sử dụng đất"),
        agency=world.lead_agency,
        due_on=datetime.date(2024, 1, 31),
        lifecycle=Lifecycle.IN_PROGRESS,
    )
    staff = client_for(world.tokens["office_staff"])
    # when / then: one agency's overdue work
    rows, _ = _walk(staff, "/api/v1/assignments/", agency="so-a", overdue="true")
    assert [r["id"] for r in rows] == [late.pk]
    assert rows[0]["status"] == "qua_han"
    # text, accents ignored, inside a directive
    rows, _ = _walk(staff, "/api/v1/assignments/", q="quy hoach su dung", directive="kh-a")
    assert [r["id"] for r in rows] == [late.pk]
    # role and deadline window
    rows, _ = _walk(staff, "/api/v1/assignments/", role="phoi_hop", due_from="2030-01-01", due_to="2030-12-31")
    assert rows and all(r["role"] == "phoi_hop" for r in rows)
    assert {r["id"] for r in rows} == set(
        Assignment.objects.live()
        .filter(role="phoi_hop", effective_due_on__range=("2030-01-01", "2030-12-31"))
        .values_list("id", flat=True)
    )
    # a filter that does not parse is refused, not ignored
    bad = staff.get("/api/v1/assignments/", {"due_from": "2030-13-45"})
    assert bad.status_code == 400 and "due_from" in bad.json()["fields"]
    bad = staff.get("/api/v1/assignments/", {"cursor": "không phải con trỏ"})
    assert bad.status_code == 400 and "cursor" in bad.json()["fields"]


def _queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, params",
    [
        ("/api/v1/assignments/", {"page_size": 5}),
        ("/api/v1/assignments/", {"agency": "so-a", "due_from": "2030-01-01", "page_size": 5}),
        ("/api/v1/assignments/", {"q": "tiep can dat dai", "page_size": 5}),
        ("/api/v1/tasks/", {"page_size": 5}),
        ("/api/v1/directives/kh-a/", {}),
        ("/api/v1/calendar/", {"date_from": "2029-12-01", "date_to": "2030-06-30"}),
    ],
)
@pytest.mark.parametrize("role", ["office_staff", "lead"])
def test_a_page_costs_the_same_number_of_queries_at_n_and_2n_rows(world, url, params, role):
    client = client_for(world.tokens[role])
    _make(world, 10)
    client.get(url, params)  # warm: the token's last use is noted once a minute
    at_n = _queries(client, url, **params)
    _make(world, 10)
    at_2n = _queries(client, url, **params)
    assert at_n == at_2n, (at_n, at_2n)
    assert at_n <= 9
