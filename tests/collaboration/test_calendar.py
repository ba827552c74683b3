"""The month calendar and the iCal feed (parsed back with icalendar)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from icalendar import Calendar

from collaboration.models import CalendarFeed
from collaboration.services import calendar_feed_create, calendar_feed_revoke, follow_set
from directives.models import ReportingRule
from tests.factories import AssignmentFactory, TaskFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def dated(world, time_machine):
    """Two open deadlines of the lead agency this month and next, one done; a quarterly report rule."""
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, 0), tick=False)
    soon = TaskFactory(directive=world.directive, ref="III.1", due_on=datetime.date(2026, 12, 15))
    later = TaskFactory(directive=world.directive, ref="III.2", due_on=datetime.date(2027, 1, 20))
    done = TaskFactory(directive=world.directive, ref="III.3", due_on=datetime.date(2026, 12, 20))
    a1 = AssignmentFactory(task=soon, agency=world.lead_agency)
    a2 = AssignmentFactory(task=later, agency=world.lead_agency)
    AssignmentFactory(
        task=done, agency=world.lead_agency, lifecycle="hoan_thanh", completed_on=datetime.date(2026, 11, 30)
    )
    other = AssignmentFactory(
        task=TaskFactory(directive=world.directive, ref="III.4", due_on=datetime.date(2026, 12, 15)),
        agency=world.other_agency,
    )
    ReportingRule.objects.create(directive=world.directive, period="quarterly", day=20, month_of_quarter=3)
    return {"soon": a1, "later": a2, "other": other}


def test_the_feed_has_one_event_per_open_deadline_and_report_day_and_a_revoked_token_is_404(client, world, dated):
    # given
    feed = calendar_feed_create(user=world.lead_officer, actor=world.lead_officer)
    # when: fetched without a session, as a calendar program does
    response = client.get(reverse("collaboration:ical_feed", args=[feed.token]))
    # then
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    deadlines = sorted(str(e["summary"]) for e in events if str(e["uid"]).startswith("han-"))
    reports = sorted(e.decoded("dtstart") for e in events if str(e["uid"]).startswith("bao-cao-"))
    assert deadlines == sorted(
        f"Hạn: {a.task.ref} — Sở KH&ĐT ({world.directive.number})"
        for a in world.lead.__class__.objects.held_by(world.lead_officer).exclude(lifecycle="hoan_thanh")
        if a.effective_due_on >= TODAY - datetime.timedelta(days=90)
    )
    assert "Hạn: III.4" not in " ".join(deadlines)  # another agency's work
    # the window runs 90 days back and 400 ahead (02/09/2026 – 05/01/2028): the 20th of each quarter's last month
    assert reports == [
        datetime.date(y, m, 20) for y, m in ((2026, 9), (2026, 12), (2027, 3), (2027, 6), (2027, 9), (2027, 12))
    ]
    assert len(events) == len(deadlines) + len(reports)
    assert len({str(e["uid"]) for e in events}) == len(events)
    soon = next(e for e in events if str(e["uid"]) == f"han-{dated['soon'].pk}@langson.example")
    assert soon.decoded("dtstart") == datetime.date(2026, 12, 15) and str(soon["url"]).endswith(
        dated["soon"].get_absolute_url()
    )
    # when: the token is revoked
    calendar_feed_revoke(user=world.lead_officer, actor=world.lead_officer)
    assert client.get(reverse("collaboration:ical_feed", args=[feed.token])).status_code == 404
    # and a new one replaces an old one
    first = calendar_feed_create(user=world.lead_officer, actor=world.lead_officer).token
    second = calendar_feed_create(user=world.lead_officer, actor=world.lead_officer).token
    assert first != second and client.get(reverse("collaboration:ical_feed", args=[first])).status_code == 404
    assert client.get(reverse("collaboration:ical_feed", args=[second])).status_code == 200


def test_office_staff_feed_carries_what_they_follow(client, world, dated):
    follow_set(user=world.staff, actor=world.staff, following=True, task=dated["other"].task)
    feed = calendar_feed_create(user=world.staff, actor=world.staff)
    events = Calendar.from_ical(client.get(feed.get_absolute_url()).content).walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [f"han-{dated['other'].pk}@langson.example"]


def test_the_month_view_respects_visibility(client, world, dated):
    client.force_login(world.lead_officer)
    html = client.get(reverse("collaboration:calendar"), {"thang": "2026-12"}).content.decode()
    assert "Hạn III.1" in html and "Hạn III.4" not in html and "Báo cáo" in html
    assert 'id="ngay-2026-12-15"' in html
    # another agency's calendar is not theirs to read
    assert client.get(reverse("collaboration:calendar"), {"co_quan": world.other_agency.code}).status_code == 404
    client.force_login(world.staff)
    html = client.get(reverse("collaboration:calendar"), {"thang": "2026-12"}).content.decode()
    assert "Hạn III.1" in html and "Hạn III.4" in html
    html = client.get(
        reverse("collaboration:calendar"), {"thang": "2026-12", "co_quan": world.other_agency.code}
    ).content.decode()
    assert "Hạn III.1" not in html and "Hạn III.4" in html


def test_a_feed_token_belongs_to_its_owner_only(world):
    with pytest.raises(PermissionDenied):
        calendar_feed_create(user=world.lead_officer, actor=world.staff)
    assert not CalendarFeed.objects.exists()
