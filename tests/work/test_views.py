"""The assignment and task pages and their actions: who may see, who may act, CSRF, GET safety."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from directives.models import ExtensionRequest, ExtensionState, ProgressUpdate
from directives.services.work import assignment_mark_done, assignment_update_progress, extension_request_create
from directives.status import Lifecycle
from tests.work.conftest import pdf

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_officer_sees_their_assignment_with_status_deadline_and_forms(client, world):
    html = login(client, world.lead_officer).get(world.lead.get_absolute_url()).content.decode()
    assert "Đang thực hiện quá hạn" in html
    assert "30/06/2022" in html
    assert 'id="progress-form"' in html and 'id="extension-form"' in html
    assert 'id="confirm-form"' not in html


def test_an_officer_of_another_agency_gets_404_for_every_work_url(client, world):
    # given: the Sở Y tế officer shares no task with the lead
    login(client, world.other_officer)
    gets = [
        reverse("directives:assignment_detail", args=[world.lead.pk]),
        reverse("directives:task_detail", args=[world.task.pk]),
    ]
    posts = {
        "assignment_progress": {"lifecycle": "dang_thuc_hien", "percent": 50, "note": "x"},
        "assignment_done": {"completed_on": "2022-06-01", "note": "x"},
        "extension_request_create": {"requested_due_on": "2027-01-01", "reason": "x"},
        "assignment_confirm": {},
        "assignment_return": {"reason": "x"},
    }
    # when / then: URL tampering with the lead's id finds nothing
    for url in gets:
        assert client.get(url).status_code == 404
    for name, data in posts.items():
        assert client.post(reverse(f"directives:{name}", args=[world.lead.pk]), data).status_code == 404
    world.lead.refresh_from_db()
    assert world.lead.lifecycle == Lifecycle.NOT_STARTED and not world.lead.updates.exists()


def test_a_coordinating_agency_sees_the_leads_work_but_cannot_change_it(client, world):
    login(client, world.coordinating_officer)
    page = client.get(world.lead.get_absolute_url())
    assert page.status_code == 200 and 'id="progress-form"' not in page.content.decode()
    response = client.post(
        reverse("directives:assignment_progress", args=[world.lead.pk]),
        {"lifecycle": "tam_dung", "percent": 0, "note": "dừng"},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("directives:extension_request_create", args=[world.lead.pk]),
        {"requested_due_on": "2030-01-01", "reason": "x"},
    )
    assert response.status_code == 403
    world.lead.refresh_from_db()
    assert world.lead.lifecycle == Lifecycle.NOT_STARTED and not ExtensionRequest.objects.exists()


def test_posted_agency_or_assignment_ids_are_ignored(client, world):
    # given: the lead officer posts to their own assignment with fields naming another agency's row
    login(client, world.lead_officer)
    response = client.post(
        reverse("directives:assignment_progress", args=[world.lead.pk]),
        {
            "lifecycle": "dang_thuc_hien",
            "percent": 30,
            "note": "Tiến độ",
            "assignment": world.other.pk,
            "agency_id": world.other_agency.pk,
            "holder": world.other_agency.pk,
        },
    )
    # then: only their own assignment changed, still held by their agency
    assert response.status_code == 302
    world.lead.refresh_from_db()
    world.other.refresh_from_db()
    assert world.lead.progress_percent == 30 and world.lead.holder == world.lead_agency
    assert world.other.progress_percent == 0 and not world.other.updates.exists()


def test_officer_cannot_confirm_or_decide(client, world):
    assignment_mark_done(
        assignment=world.lead, actor=world.lead_officer, completed_on=datetime.date(2022, 6, 1), note="x"
    )
    request = ExtensionRequest.objects.create(
        assignment=world.coordinating,
        requested_by=world.coordinating_officer,
        requested_due_on=datetime.date(2030, 1, 1),
        reason="x",
    )
    login(client, world.lead_officer)
    assert client.post(reverse("directives:assignment_confirm", args=[world.lead.pk]), {}).status_code == 403
    assert (
        client.post(
            reverse("directives:extension_request_decide", args=[request.pk]), {"decision": "approve"}
        ).status_code
        == 403
    )
    login(client, world.other_officer)
    assert (
        client.post(
            reverse("directives:extension_request_decide", args=[request.pk]), {"decision": "approve"}
        ).status_code
        == 404
    )
    world.lead.refresh_from_db()
    request.refresh_from_db()
    assert world.lead.lifecycle == Lifecycle.AWAITING_CONFIRMATION and request.state == ExtensionState.PENDING


def test_a_leader_reads_everything_and_changes_nothing(client, world):
    login(client, world.leader)
    assert client.get(world.other.get_absolute_url()).status_code == 200
    html = client.get(world.lead.get_absolute_url()).content.decode()
    assert 'id="progress-form"' not in html
    assert (
        client.post(
            reverse("directives:assignment_progress", args=[world.lead.pk]),
            {"lifecycle": "dang_thuc_hien", "percent": 1, "note": "x"},
        ).status_code
        == 403
    )


def test_progress_with_evidence_then_download_as_attachment(client, world):
    login(client, world.lead_officer)
    response = client.post(
        reverse("directives:assignment_progress", args=[world.lead.pk]),
        {"lifecycle": "dang_thuc_hien", "percent": 60, "note": "Đã trình", "files": [pdf()]},
    )
    assert response.status_code == 302
    evidence = ProgressUpdate.objects.get().files.get()
    download = client.get(reverse("directives:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # the coordinating agency shares the task and may read it; another agency may not
    login(client, world.coordinating_officer)
    assert client.get(reverse("directives:evidence_download", args=[evidence.pk])).status_code == 200
    login(client, world.other_officer)
    assert client.get(reverse("directives:evidence_download", args=[evidence.pk])).status_code == 404


def test_media_files_are_not_served_by_url(client, world, settings):
    login(client, world.lead_officer)
    assert client.get(settings.MEDIA_URL + "evidence/aa/whatever").status_code == 404


def test_a_failed_form_keeps_what_was_typed_and_says_why_in_vietnamese(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, world.lead_officer)
    response = client.post(
        reverse("directives:assignment_progress", args=[world.lead.pk]),
        {
            "lifecycle": "dang_thuc_hien",
            "percent": 150,
            "note": "Nội dung đã gõ dở",
            "files": [SimpleUploadedFile("gia.pdf", b"<html>")],
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nội dung đã gõ dở" in html
    assert "nhỏ hơn hoặc bằng với 100" in html
    assert "không phải PDF" in html
    assert not world.lead.updates.exists()


def test_extension_request_before_current_deadline_is_refused_with_the_date(client, world):
    login(client, world.lead_officer)
    response = client.post(
        reverse("directives:extension_request_create", args=[world.lead.pk]),
        {"requested_due_on": "2022-01-01", "reason": "Lý do đã gõ"},
    )
    html = response.content.decode()
    assert response.status_code == 400 and "30/06/2022" in html and "Lý do đã gõ" in html


def test_decision_is_shown_to_the_officer_as_a_notice(client, world):
    request = extension_request_create(
        assignment=world.lead, actor=world.lead_officer, requested_due_on=datetime.date(2027, 3, 31), reason="Chờ"
    )
    login(client, world.staff)
    response = client.post(
        reverse("directives:extension_request_decide", args=[request.pk]),
        {"decision": "refuse", "comment": "Không đủ căn cứ"},
        follow=True,
    )
    assert "Đã không đồng ý gia hạn" in response.content.decode()
    html = login(client, world.lead_officer).get(world.lead.get_absolute_url()).content.decode()
    assert 'id="extension-notice"' in html and "Không đồng ý" in html and "Không đủ căn cứ" in html


def test_task_page_shows_the_coordinators_contribution_to_the_lead(client, world):
    assignment_update_progress(
        assignment=world.coordinating,
        actor=world.coordinating_officer,
        lifecycle=Lifecycle.IN_PROGRESS,
        percent=50,
        note="Đã gửi số liệu thu ngân sách",
    )
    html = (
        login(client, world.lead_officer).get(reverse("directives:task_detail", args=[world.task.pk])).content.decode()
    )
    assert "Đã gửi số liệu thu ngân sách" in html
    assert "Ý kiến, kết quả phối hợp" in html
    assert "Sở Tài chính" in html


def test_history_lists_field_changes_in_vietnamese(client, world):
    assignment_update_progress(
        assignment=world.lead, actor=world.lead_officer, lifecycle=Lifecycle.IN_PROGRESS, percent=40, note="x"
    )
    html = login(client, world.staff).get(world.lead.get_absolute_url()).content.decode()
    section = html[html.index('id="history"') :]
    assert "Lịch sử thay đổi" in html
    assert "Tiến độ (%)" in section and "Tình trạng" in section
    assert "Chưa thực hiện" in section and "Đang thực hiện" in section
    assert world.lead_officer.full_name in section


WORK_POSTS = [
    "assignment_progress",
    "assignment_done",
    "extension_request_create",
    "assignment_confirm",
    "assignment_return",
]


@pytest.mark.parametrize("name", WORK_POSTS)
def test_every_work_post_needs_csrf(world, name):
    client = Client(enforce_csrf_checks=True)
    user = world.staff if name in ("assignment_confirm", "assignment_return") else world.lead_officer
    client.force_login(user)
    response = client.post(reverse(f"directives:{name}", args=[world.lead.pk]), {"note": "x", "reason": "x"})
    assert response.status_code == 403
    assert not world.lead.updates.exists()


def test_extension_decision_needs_csrf(world):
    request = extension_request_create(
        assignment=world.lead, actor=world.lead_officer, requested_due_on=datetime.date(2027, 3, 31), reason="Chờ"
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.staff)
    assert (
        client.post(
            reverse("directives:extension_request_decide", args=[request.pk]), {"decision": "approve"}
        ).status_code
        == 403
    )
    request.refresh_from_db()
    assert request.state == ExtensionState.PENDING


@pytest.mark.parametrize("name", WORK_POSTS)
def test_get_on_an_action_url_changes_nothing(client, world, name):
    """A reload after a failed form asks the action URL again as a GET: it goes to the
    assignment page the form lives on, and nothing is saved."""
    login(client, world.staff)
    response = client.get(reverse(f"directives:{name}", args=[world.lead.pk]), {"lifecycle": "tam_dung", "percent": 9})
    assert response.status_code == 302 and response["Location"] == world.lead.get_absolute_url()
    world.lead.refresh_from_db()
    assert world.lead.lifecycle == Lifecycle.NOT_STARTED and world.lead.progress_percent == 0
    assert not world.lead.updates.exists() and not world.lead.extension_requests.exists()


@pytest.mark.parametrize("name", WORK_POSTS)
def test_get_on_an_action_url_of_work_the_officer_may_not_see_is_a_404(client, world, name):
    login(client, world.other_officer)
    assert client.get(reverse(f"directives:{name}", args=[world.lead.pk])).status_code == 404


def test_a_reload_after_a_failed_progress_form_shows_the_assignment_page(client, world):
    # given: a progress report refused (no note), shown at the action URL
    login(client, world.lead_officer)
    url = reverse("directives:assignment_progress", args=[world.lead.pk])
    assert client.post(url, {"lifecycle": Lifecycle.IN_PROGRESS, "percent": 30}).status_code == 400
    # when: the browser reloads the address it is on
    response = client.get(url, follow=True)
    # then: the assignment page, nothing saved
    assert response.status_code == 200
    assert response.redirect_chain == [(world.lead.get_absolute_url(), 302)]
    assert 'id="progress-form"' in response.content.decode()
    world.lead.refresh_from_db()
    assert world.lead.progress_percent == 0


def test_get_on_the_extension_decision_url_goes_to_the_assignment_and_decides_nothing(client, world):
    request = extension_request_create(
        assignment=world.lead, actor=world.lead_officer, requested_due_on=datetime.date(2022, 9, 30), reason="Chờ vốn"
    )
    login(client, world.staff)
    response = client.get(reverse("directives:extension_request_decide", args=[request.pk]), {"decision": "approve"})
    assert response.status_code == 302 and response["Location"] == world.lead.get_absolute_url()
    request.refresh_from_db()
    assert request.state == ExtensionState.PENDING
    login(client, world.other_officer)
    assert client.get(reverse("directives:extension_request_decide", args=[request.pk])).status_code == 404


def test_a_foreign_host_header_is_refused(client, world):
    login(client, world.lead_officer)
    response = client.get(world.lead.get_absolute_url(), HTTP_HOST="evil.example.com")
    assert response.status_code == 400


def test_assignment_page_query_count_does_not_grow_with_updates(client, world, django_assert_max_num_queries):
    login(client, world.lead_officer)
    for n in range(3):
        assignment_update_progress(
            assignment=world.lead,
            actor=world.lead_officer,
            lifecycle=Lifecycle.IN_PROGRESS,
            percent=n,
            note="x",
            files=[pdf()],
        )
    client.get(world.lead.get_absolute_url())  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(world.lead.get_absolute_url())
    for n in range(3):
        assignment_update_progress(
            assignment=world.lead,
            actor=world.lead_officer,
            lifecycle=Lifecycle.IN_PROGRESS,
            percent=10 + n,
            note="x",
            files=[pdf()],
        )
    with CaptureQueriesContext(connection) as large:
        client.get(world.lead.get_absolute_url())
    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)


def _task_page_queries(client, task):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("directives:task_detail", args=[task.pk]))
    assert response.status_code == 200
    return len(queries)


def test_task_page_query_count_is_the_same_at_n_and_2n_assignments(client, world):
    from tests.factories import AssignmentFactory

    client.force_login(world.staff)
    client.get(reverse("directives:task_detail", args=[world.task.pk]))
    for _ in range(2):
        assignment = AssignmentFactory(task=world.task, role="phoi_hop")
        assignment_update_progress(
            assignment=assignment,
            actor=world.staff,
            lifecycle=Lifecycle.IN_PROGRESS,
            percent=5,
            note="x",
            files=[pdf()],
        )
    at_n = _task_page_queries(client, world.task)
    for _ in range(4):
        assignment = AssignmentFactory(task=world.task, role="phoi_hop")
        assignment_update_progress(
            assignment=assignment,
            actor=world.staff,
            lifecycle=Lifecycle.IN_PROGRESS,
            percent=5,
            note="x",
            files=[pdf()],
        )
    at_2n = _task_page_queries(client, world.task)
    assert at_2n == at_n
