"""Services of the work on assignments: progress, completion, confirmation, extensions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from directives import signals
from directives.models import ExtensionState
from directives.models.assignment import ProgressKind
from directives.services.work import (
    assignment_confirm_completion,
    assignment_mark_done,
    assignment_return,
    assignment_update_progress,
    extension_request_create,
    extension_request_decide,
)
from directives.status import Lifecycle, StatusCategory
from tests.work.conftest import pdf

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def received():
    """Collects the domain signals sent during a test."""
    events = []

    def listen(signal):
        def receiver(sender, **kwargs):
            events.append((signal, kwargs))

        signal.connect(receiver, weak=False, dispatch_uid=f"test-{id(signal)}")
        return receiver

    for signal in (
        signals.completion_confirmed,
        signals.completion_returned,
        signals.extension_decided,
        signals.assignment_created,
    ):
        listen(signal)
    yield events
    for signal in (
        signals.completion_confirmed,
        signals.completion_returned,
        signals.extension_decided,
        signals.assignment_created,
    ):
        signal.disconnect(dispatch_uid=f"test-{id(signal)}")


def test_progress_update_records_lifecycle_percent_note_and_evidence(world):
    # when
    update = assignment_update_progress(
        assignment=world.lead,
        actor=world.lead_officer,
        lifecycle=Lifecycle.IN_PROGRESS,
        percent=40,
        note="Đã trình dự thảo",
        files=[pdf()],
    )
    # then
    world.lead.refresh_from_db()
    assert (world.lead.lifecycle, world.lead.progress_percent) == (Lifecycle.IN_PROGRESS, 40)
    assert update.kind == ProgressKind.PROGRESS and update.author == world.lead_officer
    evidence = update.files.get()
    assert evidence.original_name == "bao-cao.pdf" and evidence.content_type == "application/pdf"
    assert "bao-cao" not in evidence.file.name and evidence.file.name.startswith("evidence/")
    assert world.lead.history.first().history_user == world.lead_officer


def test_a_coordinating_agency_posts_a_contribution_on_its_own_assignment(world):
    update = assignment_update_progress(
        assignment=world.coordinating,
        actor=world.coordinating_officer,
        lifecycle=Lifecycle.IN_PROGRESS,
        percent=50,
        note="Đã cung cấp số liệu",
        files=[],
    )
    assert update.kind == ProgressKind.CONTRIBUTION


def test_a_coordinating_agency_cannot_change_the_leads_status(world):
    with pytest.raises(PermissionDenied):
        assignment_update_progress(
            assignment=world.lead, actor=world.coordinating_officer, lifecycle=Lifecycle.PAUSED, percent=0, note="x"
        )
    world.lead.refresh_from_db()
    assert world.lead.lifecycle == Lifecycle.NOT_STARTED


def test_an_officer_cannot_set_done_through_a_progress_update(world):
    with pytest.raises(ValidationError):
        assignment_update_progress(
            assignment=world.lead, actor=world.lead_officer, lifecycle=Lifecycle.DONE, percent=100, note="xong"
        )


def test_a_refused_file_stores_nothing(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        assignment_update_progress(
            assignment=world.lead,
            actor=world.lead_officer,
            lifecycle=Lifecycle.IN_PROGRESS,
            percent=10,
            note="x",
            files=[SimpleUploadedFile("a.pdf", b"not a pdf")],
        )
    assert not world.lead.updates.exists()


def test_marking_done_waits_for_confirmation_then_counts_as_done(world, received, django_capture_on_commit_callbacks):
    # given: overdue (deadline 30/06/2022), done on 15/06/2022
    assignment_mark_done(
        assignment=world.lead,
        actor=world.lead_officer,
        completed_on=datetime.date(2022, 6, 15),
        note="Đã ban hành",
        files=[pdf()],
    )
    world.lead.refresh_from_db()
    assert world.lead.lifecycle == Lifecycle.AWAITING_CONFIRMATION
    assert world.lead.status_on(TODAY) == StatusCategory.OVERDUE
    # when: office staff confirm
    with django_capture_on_commit_callbacks(execute=True):
        assignment_confirm_completion(assignment=world.lead, actor=world.staff)
    # then
    world.lead.refresh_from_db()
    assert world.lead.lifecycle == Lifecycle.DONE and world.lead.confirmed_by == world.staff
    assert world.lead.confirmed_at is not None
    assert world.lead.status_on(TODAY) == StatusCategory.DONE_ON_TIME
    assert received == [
        (
            signals.completion_confirmed,
            {"assignment_id": world.lead.pk, "actor_id": world.staff.pk, "signal": signals.completion_confirmed},
        )
    ]


def test_office_staff_send_back_with_a_reason(world, received, django_capture_on_commit_callbacks):
    assignment_mark_done(
        assignment=world.lead, actor=world.lead_officer, completed_on=TODAY - datetime.timedelta(days=1), note="Xong"
    )
    with pytest.raises(ValidationError):
        assignment_return(assignment=world.lead, actor=world.staff, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        assignment_return(assignment=world.lead, actor=world.staff, reason="Thiếu văn bản ban hành")
    world.lead.refresh_from_db()
    assert world.lead.lifecycle == Lifecycle.RETURNED and world.lead.completed_on is None
    assert world.lead.return_reason == "Thiếu văn bản ban hành"
    assert received[0][1]["reason"] == "Thiếu văn bản ban hành"


def test_an_officer_cannot_confirm_their_own_completion(world):
    assignment_mark_done(assignment=world.lead, actor=world.lead_officer, completed_on=TODAY, note="Xong")
    with pytest.raises(PermissionDenied):
        assignment_confirm_completion(assignment=world.lead, actor=world.lead_officer)


def test_completion_date_cannot_be_in_the_future(world):
    with pytest.raises(ValidationError):
        assignment_mark_done(
            assignment=world.lead,
            actor=world.lead_officer,
            completed_on=datetime.date.today() + datetime.timedelta(days=5),
            note="x",
        )


def test_approved_extension_moves_the_deadline_and_keeps_the_original(
    world, received, django_capture_on_commit_callbacks
):
    request = extension_request_create(
        assignment=world.lead,
        actor=world.lead_officer,
        requested_due_on=datetime.date(2027, 3, 31),
        reason="Chờ ý kiến Bộ",
    )
    assert request.deadline_at_request == datetime.date(2022, 6, 30)
    with pytest.raises(ValidationError):  # one pending request at a time
        extension_request_create(
            assignment=world.lead,
            actor=world.lead_officer,
            requested_due_on=datetime.date(2027, 6, 30),
            reason="Lần nữa",
        )
    with django_capture_on_commit_callbacks(execute=True):
        extension_request_decide(extension_request=request, actor=world.staff, approve=True)
    world.lead.refresh_from_db()
    assert world.lead.due_on == datetime.date(2022, 6, 30)
    assert world.lead.extended_due_on == datetime.date(2027, 3, 31)
    assert world.lead.status_on(TODAY) == StatusCategory.IN_PROGRESS
    assert [(s, k["extension_request_id"]) for s, k in received] == [(signals.extension_decided, request.pk)]


def test_refusal_needs_a_comment_and_leaves_the_deadline(world):
    request = extension_request_create(
        assignment=world.lead, actor=world.lead_officer, requested_due_on=datetime.date(2027, 3, 31), reason="Chờ"
    )
    with pytest.raises(ValidationError):
        extension_request_decide(extension_request=request, actor=world.staff, approve=False, comment="")
    extension_request_decide(extension_request=request, actor=world.staff, approve=False, comment="Không có căn cứ")
    request.refresh_from_db()
    world.lead.refresh_from_db()
    assert request.state == ExtensionState.REFUSED and request.decided_by == world.staff
    assert world.lead.extended_due_on is None


def test_an_extension_must_be_later_than_the_current_deadline(world):
    with pytest.raises(ValidationError) as error:
        extension_request_create(
            assignment=world.lead, actor=world.lead_officer, requested_due_on=datetime.date(2022, 1, 1), reason="x"
        )
    assert "30/06/2022" in str(error.value)


def test_an_officer_cannot_ask_for_another_agencys_extension(world):
    with pytest.raises(PermissionDenied):
        extension_request_create(
            assignment=world.lead, actor=world.other_officer, requested_due_on=datetime.date(2027, 1, 1), reason="x"
        )


def test_a_rolled_back_decision_sends_no_signal(world, received, django_capture_on_commit_callbacks):
    request = extension_request_create(
        assignment=world.lead, actor=world.lead_officer, requested_due_on=datetime.date(2027, 3, 31), reason="Chờ"
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                extension_request_decide(extension_request=request, actor=world.staff, approve=True)
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert callbacks == [] and received == []
    world.lead.refresh_from_db()
    assert world.lead.extended_due_on is None
