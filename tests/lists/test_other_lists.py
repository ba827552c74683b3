"""Task, directive and agency lists: what an officer may see, filters inside it, fixed query counts."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import AgencyFactory, AssignmentFactory, DirectiveFactory, UserFactory

from .conftest import make_assignments

TASKS = reverse("directives:task_list")
DIRECTIVES = reverse("directives:directive_list")
AGENCIES = reverse("agencies:list")


def rows_of(response):
    return [row.record for row in response.context["table"].page.object_list]


# --- tasks ---


def test_task_list_shows_an_officer_only_tasks_their_agency_works_on(client, world):
    client.force_login(world["officer"])
    response = client.get(TASKS)
    assert [t.pk for t in rows_of(response)] == [world["own_assignment"].task_id]
    assert "Rà soát ngân sách bí mật" not in response.content.decode()


def test_task_list_agency_tampering_does_not_widen(client, world):
    client.force_login(world["officer"])
    assert rows_of(client.get(TASKS, {"agency": world["other"].code})) == []
    assert rows_of(client.get(TASKS, {"q": "ngan sach"})) == []


def test_task_list_filters_through_assignments_and_searches_without_accents(client, world):
    client.force_login(world["staff"])
    assert [t.ref for t in rows_of(client.get(TASKS, {"agency": "so-tai-chinh", "role": "chu_tri"}))] == ["2"]
    assert [t.ref for t in rows_of(client.get(TASKS, {"q": "tiep can dat dai"}))] == ["1"]
    assert {t.ref for t in rows_of(client.get(TASKS, {"status": ["qua_han"]}))} == {"1", "2"}
    assert rows_of(client.get(TASKS, {"status": ["dung_han"]})) == []


def test_task_list_shows_lead_and_coordinating_agencies_with_a_status_each(client, world):
    from directives.models import AssignmentRole

    AssignmentFactory(task=world["own_assignment"].task, agency=world["other"], role=AssignmentRole.COORDINATING)
    client.force_login(world["staff"])
    html = client.get(TASKS, {"q": "dat dai"}).content.decode()
    assert "Chủ trì" in html and "Phối hợp" in html
    assert html.count("badge status-qua_han") == 2  # the late lead, and so the task overall
    assert html.count("badge status-trong_han") == 1  # the coordinator, due today


@pytest.mark.parametrize("user_key", ["staff", "officer"])
def test_task_list_query_count_is_the_same_at_n_and_2n(client, world, django_assert_num_queries, user_key):
    client.force_login(world[user_key])
    make_assignments(8, agency=world["own"])
    client.get(TASKS)
    # session, user, roles, page ids, page rows, prefetched assignments, session save x3; the datalists are
    # kept between requests (rebuilt once after new agencies or directives), except an officer's directives
    expected = {"staff": 10, "officer": 12}[user_key]  # +1: the header's unread count
    with django_assert_num_queries(expected):
        n = len(rows_of(client.get(TASKS, {"per_page": 100})))
    make_assignments(8, agency=world["own"])
    client.get(TASKS)
    with django_assert_num_queries(expected):
        assert len(rows_of(client.get(TASKS, {"per_page": 100}))) == n + 8


# --- directives ---


def test_directive_list_hides_directives_an_officer_has_no_work_in(client, world):
    # given: a directive only Sở Tài chính works on
    AssignmentFactory(task__directive=DirectiveFactory(title="Kế hoạch riêng của tài chính"), agency=world["other"])
    client.force_login(world["officer"])
    response = client.get(DIRECTIVES)
    assert [d.slug for d in rows_of(response)] == ["kh-thu"]
    assert "Kế hoạch riêng của tài chính" not in response.content.decode()
    # and tampering with ?agency= shows nothing more than the shared plan
    assert [d.slug for d in rows_of(client.get(DIRECTIVES, {"agency": world["other"].code}))] == ["kh-thu"]


def test_directive_list_progress_counts_only_what_the_officer_may_see(client, world):
    client.force_login(world["officer"])
    directive = rows_of(client.get(DIRECTIVES))[0]
    assert directive.progress.total == 1  # Sở Tài chính's assignment on the same plan is not counted
    client.force_login(world["staff"])
    assert rows_of(client.get(DIRECTIVES))[0].progress.total == 2


def test_directive_list_searches_titles_without_accents(client, world):
    DirectiveFactory(slug="pci", number=None or "", title="Nâng cao chỉ số năng lực cạnh tranh")
    client.force_login(world["staff"])
    assert [d.slug for d in rows_of(client.get(DIRECTIVES, {"q": "nang luc canh tranh"}))] == ["pci"]
    html = client.get(DIRECTIVES, {"q": "nang luc"}).content.decode()
    assert "không rõ số" in html


def test_directive_list_query_count_is_the_same_at_n_and_2n(client, world, django_assert_num_queries):
    client.force_login(world["staff"])
    for _ in range(5):
        make_assignments(1, agency=world["own"])
    client.get(DIRECTIVES)
    # session, user, roles, page ids, page rows, progress counts, session save x3 (agency datalist kept)
    with django_assert_num_queries(10):
        n = len(rows_of(client.get(DIRECTIVES)))
    for _ in range(6):
        make_assignments(1, agency=world["own"])
    client.get(DIRECTIVES)
    with django_assert_num_queries(10):
        assert len(rows_of(client.get(DIRECTIVES))) == 2 * n


# --- agencies ---


def test_agency_list_counts_only_work_the_officer_may_see(client, world):
    # given: Sở Tài chính holds overdue work the officer has no part in
    client.force_login(world["officer"])
    rows = {a.code: a for a in rows_of(client.get(AGENCIES))}
    # then: its figures are not shown to the officer…
    assert rows["so-tai-chinh"].progress.total == 0
    assert rows["so-y-te"].progress.overdue == 1
    # …but office staff see them
    client.force_login(world["staff"])
    assert {a.code: a for a in rows_of(client.get(AGENCIES))}["so-tai-chinh"].progress.overdue == 1


def test_agency_list_searches_names_without_accents_and_shows_successors(client, world):
    old = AgencyFactory(code="skhdt", name="Sở Kế hoạch và Đầu tư", closed_on="2025-03-01", successor=world["other"])
    client.force_login(world["staff"])
    response = client.get(AGENCIES, {"q": "ke hoach dau tu"})
    assert [a.code for a in rows_of(response)] == [old.code]
    assert "Sở Tài chính" in response.content.decode()
    assert [a.code for a in rows_of(client.get(AGENCIES, {"state": "closed"}))] == [old.code]


def test_agency_list_query_count_is_the_same_at_n_and_2n(client, world, django_assert_num_queries):
    client.force_login(world["staff"])
    for _ in range(8):
        AgencyFactory()
    client.get(AGENCIES)
    # session, user, roles, page ids, page rows, counts, session save x3 (agency datalist kept)
    with django_assert_num_queries(10):
        n = len(rows_of(client.get(AGENCIES, {"per_page": 100})))
    for _ in range(n):
        AgencyFactory()
    client.get(AGENCIES)
    with django_assert_num_queries(10):
        assert len(rows_of(client.get(AGENCIES, {"per_page": 100}))) == 2 * n


def test_agency_page_lists_only_assignments_the_officer_may_see(client, world):
    client.force_login(world["officer"])
    response = client.get(reverse("agencies:detail", kwargs={"code": "so-tai-chinh"}))
    assert response.status_code == 200
    assert "Rà soát ngân sách bí mật" not in response.content.decode()
    own = client.get(reverse("agencies:detail", kwargs={"code": "so-y-te"}))
    assert "Tiếp cận đất đai" in own.content.decode()
    assert client.get(reverse("agencies:detail", kwargs={"code": "khong-co"})).status_code == 404


def test_agency_page_query_count_is_the_same_at_n_and_2n(client, world, django_assert_num_queries):
    client.force_login(world["staff"])
    url = reverse("agencies:detail", kwargs={"code": "so-y-te"})
    make_assignments(5, agency=world["own"])
    client.get(url)
    # session, user, roles, agency, predecessors, split functions in and out, counts, page ids, page rows,
    # session save x3, the header's unread count
    with django_assert_num_queries(14):
        client.get(url)
    make_assignments(5, agency=world["own"])
    with django_assert_num_queries(14):
        client.get(url)


def test_officer_without_agency_sees_nothing(client, world):
    client.force_login(UserFactory(agency=None, roles=[Role.OFFICER]))
    for url in (TASKS, DIRECTIVES, reverse("directives:assignment_list")):
        assert rows_of(client.get(url)) == []
