"""The inbox: every emailed notice lands there, read one or all, only one's own, a count in the header."""

import datetime

import pytest
from django.urls import reverse

from directives.services.work import assignment_confirm_completion, assignment_mark_done
from notifications.models import InboxItem, Kind, Notification
from notifications.services import notifications_completion_decided, reminders_prepare_day

pytestmark = pytest.mark.django_db


def test_an_event_notice_and_the_days_reminders_land_in_the_inbox_as_they_go_by_email(world):
    # given: a completion confirmed, and the lead's work due in 3 days on a reminder day
    assignment_mark_done(
        assignment=world.lead, actor=world.lead_officer, completed_on=datetime.date(2022, 6, 1), note="Xong"
    )
    assignment_confirm_completion(assignment=world.lead, actor=world.staff)
    notifications_completion_decided(assignment_id=world.lead.pk, confirmed=True)
    day = world.other.effective_due_on - datetime.timedelta(days=3)
    reminders_prepare_day(day=day, enqueue=False)
    # then: one inbox row per notice that names a user, none for the agencies' own addresses
    for n in Notification.objects.all():
        assert InboxItem.objects.filter(notification=n).exists() == bool(n.user_id)
    kinds = set(InboxItem.objects.values_list("user__username", "notification__kind"))
    assert ("canbo.khdt", Kind.COMPLETION_CONFIRMED) in kinds and ("canbo.yt", Kind.DEADLINE_SOON) in kinds
    # and a second run of the same day records nothing new
    before = InboxItem.objects.count()
    reminders_prepare_day(day=day, enqueue=False)
    assert InboxItem.objects.count() == before


def test_header_count_mark_one_read_and_go_to_its_object_then_mark_all(client, world):
    assignment_mark_done(
        assignment=world.lead, actor=world.lead_officer, completed_on=datetime.date(2022, 6, 1), note="Xong"
    )
    assignment_confirm_completion(assignment=world.lead, actor=world.staff)
    notifications_completion_decided(assignment_id=world.lead.pk, confirmed=True)
    reminders_prepare_day(day=world.lead.effective_due_on - datetime.timedelta(days=7), enqueue=False)
    items = list(InboxItem.objects.filter(user=world.lead_officer))
    assert len(items) == 1  # the confirmation; the lead's own work is done, so no reminder
    client.force_login(world.lead_officer)
    html = client.get(reverse("home")).content.decode()
    assert 'class="count has-unread" aria-live="polite"><span class="visually-hidden">chưa đọc: </span>1<' in html
    # when: opening the notice
    response = client.post(reverse("notifications:inbox_open", args=[items[0].pk]))
    # then: it is read and the user lands on the assignment
    assert response.status_code == 302 and response["Location"] == world.lead.get_absolute_url()
    items[0].refresh_from_db()
    assert items[0].read_at is not None
    assert ">0<" in client.get(reverse("notifications:inbox")).content.decode()
    # and mark all read
    notifications_completion_decided(assignment_id=world.lead.pk, confirmed=False, reason="thiếu")
    assert InboxItem.objects.filter(user=world.lead_officer).unread().count() == 1
    client.post(reverse("notifications:inbox_read_all"))
    assert not InboxItem.objects.filter(user=world.lead_officer).unread().exists()


def test_another_users_notice_cannot_be_read_or_opened(client, world):
    notifications_completion_decided(assignment_id=world.lead.pk, confirmed=False, reason="thiếu")
    item = InboxItem.objects.get(user=world.lead_officer)
    client.force_login(world.coordinating_officer)
    assert client.post(reverse("notifications:inbox_open", args=[item.pk])).status_code == 404
    client.post(reverse("notifications:inbox_read_all"))
    item.refresh_from_db()
    assert item.read_at is None
    assert "thiếu" not in client.get(reverse("notifications:inbox")).content.decode()
    # a GET (a reload) goes to one's own inbox and marks nothing read
    response = client.get(reverse("notifications:inbox_open", args=[item.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("notifications:inbox")
    item.refresh_from_db()
    assert item.read_at is None


def test_preferences_stay_at_their_address_and_the_inbox_is_the_notifications_home(client, world):
    client.force_login(world.lead_officer)
    assert client.get("/thong-bao/").templates[0].name == "notifications/inbox.html"
    assert client.get("/thong-bao/tuy-chon/").templates[0].name == "notifications/preferences.html"
