"""The preferences page, the schedule page and the admin log with its retry action."""

import re

import pytest
from django.urls import reverse

from accounts.models import Role
from notifications.models import Category, Delivery, EmailState, NotificationPreference, OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/thong-bao/tuy-chon/"


def test_preferences_need_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "dang-nhap" in response["Location"]


def test_user_sets_own_preferences_and_cannot_mute_overdue(client, officer):
    # given
    client.force_login(officer)
    # when: daily delivery, muting new-assignment notices and (tampered) overdue notices
    response = client.post(URL, {"delivery": Delivery.DAILY, "muted_kinds": ["giao_moi", "qua_han"]})
    # then: a clear error, nothing saved, what was typed kept
    assert response.status_code == 200
    assert "Không thể tắt loại thông báo" in response.content.decode()
    assert re.search(r'value="hang_ngay"[^>]*checked', response.content.decode())
    assert not NotificationPreference.objects.exists()
    # when: a valid choice
    response = client.post(URL, {"delivery": Delivery.DAILY, "muted_kinds": ["giao_moi"]})
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=officer)
    assert (preference.delivery, preference.muted_kinds) == (Delivery.DAILY, ["giao_moi"])


def test_posted_user_or_agency_ids_change_nothing_but_ones_own(client, officer):
    # given: another agency's officer
    other = UserFactory(roles=[Role.OFFICER])
    client.force_login(officer)
    # when: the form is posted with someone else's ids
    client.post(URL, {"delivery": Delivery.DAILY, "user": other.pk, "user_id": other.pk, "agency_id": other.agency_id})
    client.post(URL + f"?user={other.pk}", {"delivery": Delivery.DAILY})
    # then: only the signed-in user's preference exists
    assert list(NotificationPreference.objects.values_list("user_id", flat=True)) == [officer.pk]


def test_preferences_get_changes_nothing_and_post_needs_csrf(officer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert client.get(URL).status_code == 200
    assert client.post(URL, {"delivery": Delivery.DAILY}).status_code == 403
    assert not NotificationPreference.objects.exists()


def test_schedule_page_is_for_office_staff_only(client, officer):
    client.force_login(officer)
    assert client.get("/thong-bao/lich-gui/").status_code == 403
    staff = UserFactory(roles=[Role.OFFICE_STAFF], is_staff=True)
    client.force_login(staff)
    response = client.get("/thong-bao/lich-gui/")
    assert response.status_code == 200
    assert "notifications.tasks.send_daily_reminders_task" in response.content.decode()


def _failed_email():
    return OutgoingEmail.objects.create(
        recipient="so-a@langson.example",
        category=Category.DAILY,
        occasion="2025-04-02",
        day="2025-04-02",
        state=EmailState.FAILED,
        attempts=6,
        last_error="SMTPServerDisconnected: mất kết nối",
    )


def test_admin_log_shows_failures_and_retries_them(client, django_capture_on_commit_callbacks, monkeypatch):
    # given: office staff and a failed email
    from notifications import services

    staff = UserFactory(roles=[Role.OFFICE_STAFF], is_staff=True)
    email = _failed_email()
    enqueued = []
    monkeypatch.setattr(services.sending, "enqueue_sends", enqueued.extend)
    client.force_login(staff)
    url = reverse("admin:notifications_outgoingemail_changelist")
    # when: the log is read
    page = client.get(url).content.decode()
    # then: the failure and its reason are there
    assert "SMTPServerDisconnected" in page and "so-a@langson.example" in page
    # when: the retry action is posted
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "retry_failed", "_selected_action": [email.pk]})
    assert response.status_code == 302
    email.refresh_from_db()
    assert (email.state, email.attempts, email.retried_by_id) == (EmailState.PENDING, 0, staff.pk)
    assert enqueued == [email.pk]


def test_admin_log_is_closed_to_officers(client, officer):
    _failed_email()
    officer.is_staff = True
    officer.save(update_fields=["is_staff"])
    client.force_login(officer)
    response = client.get(reverse("admin:notifications_outgoingemail_changelist"))
    assert response.status_code == 403
