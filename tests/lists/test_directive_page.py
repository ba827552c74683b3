"""The directive page against the five real seed directives."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from agencies.models import Agency
from tests.factories import UserFactory


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seeds loaded once for the module, rolled back after it. History rows are not
    written: this page never reads them, and they triple the load time."""
    from unittest import mock

    from simple_history.models import HistoricalRecords

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        with mock.patch.object(HistoricalRecords, "create_historical_record", lambda *args, **kwargs: None):
            call_command("load_seed", verbosity=0, stdout=io.StringIO())
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def staff(seeded, db):
    return UserFactory(agency=None, roles=[Role.OFFICE_STAFF])


def page(client, slug):
    return client.get(reverse("directives:directive_detail", kwargs={"slug": slug}))


def test_header_shows_number_date_signer_implemented_documents_focal_agency_and_reporting(client, staff):
    client.force_login(staff)
    response = page(client, "kh-46-ubnd-2022-nq-11")
    html = response.content.decode()
    assert response.status_code == 200
    assert "46/KH-UBND" in html and "01/03/2022" in html
    assert "11/NQ-CP" in html
    assert "Sở Kế hoạch và Đầu tư" in html  # focal agency as the document named it
    assert "trước ngày 25/08/2022" in html  # a reporting rule in words


def test_missing_number_stays_visibly_missing_and_indicators_show_targets(client, staff):
    client.force_login(staff)
    html = page(client, "kh-2023-ubnd-pci-pgi").content.decode()
    assert "không rõ số" in html
    assert "Tiếp cận đất đai" in html and "7,2 điểm (2023)" in html


def test_closed_agency_shows_its_successor(client, staff):
    client.force_login(staff)
    html = page(client, "kh-46-ubnd-2022-nq-11").content.decode()
    assert 'Ban Dân tộc tỉnh</a> <span class="successor">→ nay:' in html
    assert "Sở Dân tộc và Tôn giáo" in html


def test_progress_counts_by_status_category_per_directive_and_section(client, staff):
    client.force_login(staff)
    response = page(client, "cv-2021-ubnd-nq-105")
    data = response.context["page"]
    assert data.progress.total == 484
    assert sum(n for _, _, n in data.progress.items()) == 484
    top = [s for s in data.sections if s.parent_id is None]
    assert sum(s.progress.total for s in top) + sum(len(t.visible_assignments) for t in data.loose_tasks) == 484
    assert "% </strong>" not in response.content.decode() and "hoàn thành (" in response.content.decode()


def test_query_count_does_not_grow_with_the_number_of_tasks(client, staff):
    client.force_login(staff)
    page(client, "cv-2021-07-ubnd-kgvx-nq-68")
    counts = {}
    for slug in ("kh-2021-ubnd-nq-02", "kh-2023-ubnd-pci-pgi"):  # 49 tasks and 80 tasks
        with CaptureQueriesContext(connection) as queries:
            assert page(client, slug).status_code == 200
        counts[slug] = len(queries)
    assert (
        counts["kh-2021-ubnd-nq-02"] == counts["kh-2023-ubnd-pci-pgi"] <= 17
    )  # +3: unread count, directions on the directive, following


def test_officer_sees_only_their_agencys_tasks_and_not_a_directive_without_them(client, seeded, db):
    # given: an officer of Sở Y tế
    officer = UserFactory(agency=Agency.objects.get(code="SYT"), roles=[Role.OFFICER])
    client.force_login(officer)
    # then: a directive with no work for Sở Y tế is not found…
    assert page(client, "cv-2021-07-ubnd-kgvx-nq-68").status_code == 404
    # …and on a shared plan the counts cover only tasks Sở Y tế works on
    data = page(client, "kh-46-ubnd-2022-nq-11").context["page"]
    tasks = [t for s in data.sections for t in s.task_rows] + data.loose_tasks
    assert tasks and all(any(a.holder.code == "SYT" for a in t.visible_assignments) for t in tasks)
    assert data.progress.total < 405


def test_unknown_directive_is_a_vietnamese_404(client, staff):
    client.force_login(staff)
    response = page(client, "khong-ton-tai")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
