"""The person who asks never decides: a completion report, an extension request and an agency's
periodic report are each decided by someone else — in the services, so every path obeys."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Role
from directives.services.work import (
    assignment_confirm_completion,
    assignment_mark_done,
    assignment_return,
    extension_request_create,
    extension_request_decide,
)
from directives.status import Lifecycle
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_staff(db):
    return UserFactory(username="chuyenvien2", agency=None, roles=[Role.OFFICE_STAFF])


def test_office_staff_who_reported_a_completion_cannot_confirm_or_return_it(world, second_staff):
    # given: an office-staff user reports the lead's work complete
    assignment_mark_done(assignment=world.lead, actor=world.staff, completed_on=datetime.date(2022, 6, 1), note="Xong")
    # when / then: the same person is refused, in Vietnamese, and nothing changes
    with pytest.raises(PermissionDenied, match="không được tự xác nhận"):
        assignment_confirm_completion(assignment=world.lead, actor=world.staff)
    with pytest.raises(PermissionDenied, match="không được tự xác nhận"):
        assignment_return(assignment=world.lead, actor=world.staff, reason="Thiếu minh chứng")
    world.lead.refresh_from_db()
    assert world.lead.lifecycle == Lifecycle.AWAITING_CONFIRMATION and world.lead.confirmed_by is None
    # another office-staff user decides
    assignment_confirm_completion(assignment=world.lead, actor=second_staff)
    world.lead.refresh_from_db()
    assert world.lead.lifecycle == Lifecycle.DONE and world.lead.confirmed_by == second_staff


def test_the_officer_who_reported_does_not_block_office_staff(world):
    assignment_mark_done(
        assignment=world.lead, actor=world.lead_officer, completed_on=datetime.date(2022, 6, 1), note="Xong"
    )
    assignment_confirm_completion(assignment=world.lead, actor=world.staff)
    world.lead.refresh_from_db()
    assert world.lead.lifecycle == Lifecycle.DONE


def test_whoever_requested_an_extension_cannot_decide_it(world, second_staff):
    request = extension_request_create(
        assignment=world.lead, actor=world.staff, requested_due_on=datetime.date(2027, 3, 31), reason="Chờ số liệu"
    )
    with pytest.raises(PermissionDenied, match="không được tự quyết định"):
        extension_request_decide(extension_request=request, actor=world.staff, approve=True)
    request.refresh_from_db()
    world.lead.refresh_from_db()
    assert request.state == "pending" and world.lead.extended_due_on is None
    extension_request_decide(extension_request=request, actor=second_staff, approve=True)
    world.lead.refresh_from_db()
    assert world.lead.extended_due_on == datetime.date(2027, 3, 31)


def test_the_refusal_is_shown_on_the_page_with_what_was_typed(client, world):
    assignment_mark_done(assignment=world.lead, actor=world.staff, completed_on=datetime.date(2022, 6, 1), note="Xong")
    client.force_login(world.staff)
    response = client.post(reverse("directives:assignment_confirm", args=[world.lead.pk]), {"note": "Ý kiến đã gõ"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "không được tự xác nhận" in html and "Ý kiến đã gõ" in html
