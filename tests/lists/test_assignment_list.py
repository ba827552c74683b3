"""The assignment list: permissions, filters inside them, fixed query count, accent-free search."""

import datetime

import pytest
from django.urls import reverse

from directives.models import AssignmentRole
from directives.status import Lifecycle

from .conftest import TODAY, make_assignments

URL = reverse("directives:assignment_list")


def rows_of(response):
    return [row.record for row in response.context["table"].page.object_list]


def test_officer_sees_no_assignment_of_a_task_their_agency_has_no_part_in(client, world):
    # given: an officer of Sở Y tế; Sở Tài chính holds a task of its own
    client.force_login(world["officer"])
    # when
    response = client.get(URL)
    # then
    assert [a.pk for a in rows_of(response)] == [world["own_assignment"].pk]
    assert "Rà soát ngân sách bí mật" not in response.content.decode()


def test_agency_parameter_of_another_agency_does_not_widen_what_an_officer_sees(client, world):
    # given
    client.force_login(world["officer"])
    # when: the officer tampers with ?agency=<other>
    response = client.get(URL, {"agency": world["other"].code})
    # then: the filter applies inside what they may see, so nothing foreign appears
    assert response.status_code == 200
    assert rows_of(response) == []
    assert "Rà soát ngân sách bí mật" not in response.content.decode()


def test_office_staff_and_leaders_see_every_agency(client, world):
    for user in (world["staff"], world["leader"]):
        client.force_login(user)
        assert {a.pk for a in rows_of(client.get(URL))} == {world["own_assignment"].pk, world["other_assignment"].pk}


def test_list_requires_login(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_search_ignores_vietnamese_accents(client, world):
    # given: the task text is "Cải thiện chỉ số Tiếp cận đất đai"
    client.force_login(world["staff"])
    # when: searching without accents, in any case
    found = rows_of(client.get(URL, {"q": "tiep can DAT dai"}))
    missed = rows_of(client.get(URL, {"q": "tiep can ngan sach"}))
    # then
    assert [a.pk for a in found] == [world["own_assignment"].pk]
    assert missed == []


def test_search_with_accents_finds_the_same_rows(client, world):
    client.force_login(world["staff"])
    assert [a.pk for a in rows_of(client.get(URL, {"q": "Tiếp cận đất đai"}))] == [world["own_assignment"].pk]


def test_filters_by_role_overdue_lifecycle_and_deadline_window(client, world):
    # given: a coordinating assignment of Sở Y tế due in five days, awaiting confirmation
    from tests.factories import AssignmentFactory

    soon = AssignmentFactory(
        task=world["other_assignment"].task,
        agency=world["own"],
        role=AssignmentRole.COORDINATING,
        due_on=TODAY + datetime.timedelta(days=5),
        lifecycle=Lifecycle.AWAITING_CONFIRMATION,
    )
    client.force_login(world["staff"])
    pk = lambda params: {a.pk for a in rows_of(client.get(URL, params))}  # noqa: E731
    # then
    assert pk({"role": "phoi_hop"}) == {soon.pk}
    assert pk({"overdue": "true"}) == {world["own_assignment"].pk, world["other_assignment"].pk}
    assert pk({"status": ["trong_han"]}) == {soon.pk}
    assert pk({"due_within": "7"}) == {soon.pk}
    assert pk({"due_within": "3"}) == set()
    assert pk({"lifecycle": "cho_xac_nhan"}) == {soon.pk}
    assert pk({"due_from": "16/06/2024", "due_to": "30/06/2024"}) == {soon.pk}
    assert pk({"agency": "so-y-te", "overdue": "true"}) == {world["own_assignment"].pk}
    assert pk({"directive": "kh-thu", "role": "chu_tri"}) == {world["own_assignment"].pk, world["other_assignment"].pk}


def test_a_bad_filter_value_shows_a_vietnamese_message_and_no_rows(client, world):
    # given
    client.force_login(world["staff"])
    # when: a date that is not a date and a number that is not a number
    response = client.get(URL, {"due_from": "ngay-mai", "due_within": "abc"})
    html = response.content.decode()
    # then: the page explains in Vietnamese instead of failing, and lists nothing
    assert response.status_code == 200
    assert "Điều kiện lọc chưa hợp lệ" in html
    assert "Nhập một ngày hợp lệ" in html or "ngày hợp lệ" in html
    assert rows_of(response) == []
    assert 'value="ngay-mai"' in html  # what was typed is kept


def test_unknown_sort_and_page_values_fall_back_instead_of_failing(client, world):
    client.force_login(world["staff"])
    response = client.get(URL, {"sort": "password", "page": "abc", "per_page": "-5"})
    assert response.status_code == 200
    assert len(rows_of(response)) == 2


def test_sorting_by_deadline_descending(client, world):
    from tests.factories import AssignmentFactory

    later = AssignmentFactory(agency=world["own"], due_on=TODAY + datetime.timedelta(days=30))
    client.force_login(world["staff"])
    assert rows_of(client.get(URL, {"sort": "-effective_due_on"}))[0].pk == later.pk
    assert rows_of(client.get(URL, {"sort": "effective_due_on"}))[-1].pk == later.pk


def test_pagination_pages_without_counting(client, world, django_assert_max_num_queries):
    # given: 44 rows (28 leads, 14 coordinators, the world's 2), 25 a page
    make_assignments(28, agency=world["own"])
    client.force_login(world["staff"])
    # when
    first, second = client.get(URL), client.get(URL, {"page": 2})
    # then: the second page holds the rest and no COUNT(*) ran
    assert len(rows_of(first)) == 25 and len(rows_of(second)) == 19
    assert "Trang sau" in first.content.decode() and "Trang sau" not in second.content.decode()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(URL, {"page": 2})
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)


@pytest.mark.parametrize("user_key", ["staff", "officer"])
def test_query_count_is_the_same_at_n_and_2n_rows(client, world, django_assert_num_queries, user_key):
    # given
    client.force_login(world[user_key])
    make_assignments(10, agency=world["own"])
    client.get(URL)  # warm the session row
    with django_assert_num_queries(ASSIGNMENT_LIST_QUERIES[user_key]):
        n = len(rows_of(client.get(URL, {"per_page": 100})))
    # when: twice the rows (new agencies and a directive: the datalists are rebuilt once)
    make_assignments(10, agency=world["own"])
    client.get(URL)
    # then: the same number of queries
    with django_assert_num_queries(ASSIGNMENT_LIST_QUERIES[user_key]):
        assert len(rows_of(client.get(URL, {"per_page": 100}))) >= 2 * n - 2


# session, user, roles, page ids, page rows, session save (3 with its savepoint); the datalists are kept
# between requests (cached_options) except an officer's directives, and their header shows their agency.
ASSIGNMENT_LIST_QUERIES = {"staff": 9, "officer": 11}  # incl. the header's unread count
