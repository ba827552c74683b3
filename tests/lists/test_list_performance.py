"""The shapes that keep the assignment list fast at a million rows give the same answers."""

import pytest
from django.urls import reverse

from directives import filtersets
from tests.factories import AgencyFactory

from .conftest import make_assignments

URL = reverse("directives:assignment_list")


def rows_of(response):
    return [row.record for row in response.context["table"].page.object_list]


@pytest.mark.parametrize("ids_max", [0, 1, 500])
def test_search_finds_the_same_rows_whether_it_reads_task_ids_or_walks_the_deadline_index(
    client, world, monkeypatch, ids_max
):
    # given: 6 matching assignments of 3 tasks and others that do not match; ids_max 0 and 1 force the walk
    make_assignments(3, agency=world["own"])
    monkeypatch.setattr(filtersets, "SEARCH_TASK_IDS_MAX", ids_max)
    client.force_login(world["staff"])
    # when
    found = rows_of(client.get(URL, {"q": "tiep can dat dai"}))
    missed = rows_of(client.get(URL, {"q": "ngan sach tiep can"}))
    # then: the world's own task and the three new ones (one with a coordinating partner), sorted by deadline
    assert len(found) == 5
    assert [(a.effective_due_on, a.pk) for a in found] == sorted((a.effective_due_on, a.pk) for a in found)
    assert all("Tiếp cận đất đai" in a.task.content for a in found)
    assert missed == []


@pytest.mark.parametrize("ids_max", [0, 500])
def test_search_stays_inside_what_an_officer_may_see(client, world, monkeypatch, ids_max):
    # given
    monkeypatch.setattr(filtersets, "SEARCH_TASK_IDS_MAX", ids_max)
    client.force_login(world["officer"])
    # when: words of the other agency's task
    response = client.get(URL, {"q": "ngan sach bi mat"})
    # then
    assert rows_of(response) == []
    assert "Rà soát ngân sách bí mật" not in response.content.decode()


def test_agency_datalist_shows_an_agency_created_after_it_was_built(client, world):
    # given: the datalist was built and kept
    client.force_login(world["staff"])
    client.get(URL)
    # when
    AgencyFactory(code="so-moi", name="Sở Mới Lập")
    html = client.get(URL).content.decode()
    # then
    assert '<option value="so-moi">Sở Mới Lập</option>' in html


def test_directive_datalist_of_an_officer_lists_only_directives_of_their_agency(client, world):
    # given: a directive whose only task belongs to the other agency, after staff saw every directive
    from tests.factories import AssignmentFactory, DirectiveFactory, TaskFactory

    secret = DirectiveFactory(slug="kh-mat", number="99/KH-UBND")
    AssignmentFactory(task=TaskFactory(directive=secret), agency=world["other"])
    client.force_login(world["staff"])
    assert 'value="kh-mat"' in client.get(URL).content.decode()
    # when
    client.force_login(world["officer"])
    html = client.get(URL).content.decode()
    # then
    assert 'value="kh-mat"' not in html and 'value="kh-thu"' in html


def test_kept_filter_form_still_shows_what_was_typed_and_its_errors(client, world):
    # given
    client.force_login(world["staff"])
    # when: the same invalid filter twice (the second served from the kept form), then a valid one
    first = client.get(URL, {"due_from": "31/02/2024", "q": "đất đai"}).content.decode()
    second = client.get(URL, {"due_from": "31/02/2024", "q": "đất đai"}).content.decode()
    valid = client.get(URL, {"q": "ngân sách"}).content.decode()
    # then
    for html in (first, second):
        assert 'value="31/02/2024"' in html and 'value="đất đai"' in html and 'role="alert"' in html
    assert 'value="ngân sách"' in valid and 'role="alert"' not in valid


def test_a_common_search_remembers_its_plan_and_keeps_finding_new_rows(client, world, monkeypatch):
    # given: a search that matches more tasks than the id read takes (limit 1 here)
    from django.core.cache import cache

    cache.clear()  # no verdict kept from another test
    monkeypatch.setattr(filtersets, "SEARCH_TASK_IDS_MAX", 1)
    make_assignments(2, agency=world["own"])
    client.force_login(world["staff"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        before = rows_of(client.get(URL, {"q": "tiep can dat dai"}))
    # when: a new matching task arrives and the same search runs again
    make_assignments(1, agency=world["own"])
    with CaptureQueriesContext(connection) as second:
        after = rows_of(client.get(URL, {"q": "Tiếp cận đất đai"}))
    # then: no id read the second time, and the new row is there (the walk checks each row's text)
    reads = [q for q in first.captured_queries if 'FROM "directives_task"' in q["sql"].split("WHERE")[0]]
    assert len(reads) == 1
    assert not [q for q in second.captured_queries if 'FROM "directives_task"' in q["sql"].split("WHERE")[0]]
    assert len(after) == len(before) + 1


def test_the_list_still_shows_its_datalists_when_the_cache_is_down(client, world, monkeypatch):
    # given: every cache call fails
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    for method in ("get", "set", "get_or_set"):
        monkeypatch.setattr(cache, method, down)
    client.force_login(world["staff"])
    # when: a page, and a save that would bump the version
    AgencyFactory(code="so-khac", name="Sở Khác")
    response = client.get(URL)
    # then
    assert response.status_code == 200
    assert '<option value="so-khac">Sở Khác</option>' in response.content.decode()
