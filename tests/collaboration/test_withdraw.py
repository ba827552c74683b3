"""Undo before a decision: the agency withdraws a completion report or an extension request."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from collaboration.timeline import assignment_timeline
from directives.models import ExtensionState
from directives.services.work import (
    assignment_confirm_completion,
    assignment_mark_done,
    assignment_update_progress,
    assignment_withdraw_completion,
    extension_request_create,
    extension_request_decide,
    extension_request_withdraw,
)
from directives.status import Lifecycle

pytestmark = pytest.mark.django_db


def test_withdrawing_a_completion_report_restores_the_work_as_it_stood(world):
    # given: 60% in progress, then reported done
    assignment_update_progress(
        assignment=world.lead, actor=world.lead_officer, lifecycle=Lifecycle.IN_PROGRESS, percent=60, note="60%"
    )
    assignment_mark_done(
        assignment=world.lead, actor=world.lead_officer, completed_on=datetime.date(2022, 6, 1), note="Xong"
    )
    # when
    update = assignment_withdraw_completion(assignment=world.lead, actor=world.lead_officer, reason="Còn thiếu số liệu")
    # then
    world.lead.refresh_from_db()
    assert (world.lead.lifecycle, world.lead.progress_percent, world.lead.completed_on) == (
        Lifecycle.IN_PROGRESS,
        60,
        None,
    )
    assert update.note == "Còn thiếu số liệu" and update.author == world.lead_officer
    kinds = [e.kind for e in assignment_timeline(user=world.lead_officer, assignment=world.lead)]
    assert kinds == ["progress", "completion", "withdrawal"]
    assert world.lead.history.first().history_user == world.lead_officer


def test_a_decided_completion_cannot_be_withdrawn_and_others_cannot_withdraw(world):
    assignment_mark_done(
        assignment=world.lead, actor=world.lead_officer, completed_on=datetime.date(2022, 6, 1), note="Xong"
    )
    with pytest.raises(PermissionDenied):
        assignment_withdraw_completion(assignment=world.lead, actor=world.coordinating_officer)
    assignment_confirm_completion(assignment=world.lead, actor=world.staff)
    with pytest.raises(ValidationError):
        assignment_withdraw_completion(assignment=world.lead, actor=world.lead_officer)
    world.lead.refresh_from_db()
    assert world.lead.lifecycle == Lifecycle.DONE


def test_withdrawing_an_extension_request_leaves_nothing_to_decide(client, world):
    request = extension_request_create(
        assignment=world.lead, actor=world.lead_officer, requested_due_on=datetime.date(2030, 1, 1), reason="Chờ vốn"
    )
    client.force_login(world.coordinating_officer)
    url = reverse("directives:extension_request_withdraw", args=[request.pk])
    assert client.post(url).status_code == 403
    client.force_login(world.lead_officer)
    assert client.post(url).status_code == 302
    request.refresh_from_db()
    assert request.state == ExtensionState.WITHDRAWN and request.withdrawn_at and request.decided_by is None
    with pytest.raises(ValidationError):
        extension_request_decide(extension_request=request, actor=world.staff, approve=True)
    with pytest.raises(ValidationError):
        extension_request_withdraw(extension_request=request, actor=world.lead_officer)
    kinds = [e.kind for e in assignment_timeline(user=world.lead_officer, assignment=world.lead)]
    assert kinds == ["extension", "extension-withdrawn"]
    assert request.history.first().history_user == world.lead_officer
    # and a new request may be made
    extension_request_create(
        assignment=world.lead, actor=world.lead_officer, requested_due_on=datetime.date(2030, 2, 1), reason="Lần 2"
    )


def test_withdraw_buttons_show_only_to_the_agency_while_undecided(client, world):
    assignment_mark_done(
        assignment=world.lead, actor=world.lead_officer, completed_on=datetime.date(2022, 6, 1), note="Xong"
    )
    client.force_login(world.lead_officer)
    assert 'id="withdraw-form"' in client.get(world.lead.get_absolute_url()).content.decode()
    client.force_login(world.staff)
    html = client.get(world.lead.get_absolute_url()).content.decode()
    assert 'id="withdraw-form"' not in html and 'id="confirm-form"' in html
    # office staff decide; taking the report back is not theirs to do
    response = client.post(reverse("directives:assignment_withdraw", args=[world.lead.pk]), {"reason": ""})
    world.lead.refresh_from_db()
    assert response.status_code == 403 and world.lead.lifecycle == Lifecycle.AWAITING_CONFIRMATION
