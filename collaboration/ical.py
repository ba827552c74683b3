"""A person's calendar as iCalendar (RFC 5545), written with the `icalendar` library.

One all-day event per deadline of open work and per report day; UIDs are stable so a
calendar program updates an event when a deadline moves instead of adding a second one.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from . import selectors

DOMAIN = "langson.example"


def _event(*, uid: str, day: datetime.date, summary: str, description: str, url: str, stamp) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def feed_for(*, user, today: datetime.date, base_url: str) -> bytes:
    base = base_url.rstrip("/")
    deadlines, report_days = selectors.feed_items(user=user, today=today)
    calendar = Calendar()
    calendar.add("prodid", "-//UBND tinh Lang Son//Cong theo doi nhiem vu//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Thời hạn nhiệm vụ — UBND tỉnh Lạng Sơn")
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    stamp = timezone.now()
    for a in deadlines:
        directive = a.task.directive
        calendar.add_component(
            _event(
                uid=f"han-{a.pk}@{DOMAIN}",
                day=a.effective_due_on,
                summary=f"Hạn: {a.task.ref} — {a.holder.display_short} ({directive.display_number})",
                description=a.task.content[:500],
                url=base + a.get_absolute_url(),
                stamp=stamp,
            )
        )
    for item in report_days:
        directive, rule = item["directive"], item["rule"]
        who = item["reporter"].display_short if item["reporter"] else "các cơ quan được giao"
        calendar.add_component(
            _event(
                uid=f"bao-cao-{rule.pk}-{item['day']:%Y%m%d}@{DOMAIN}",
                day=item["day"],
                summary=f"Hạn báo cáo: {directive.display_number} ({who})",
                description=f"{rule.describe()} — {directive.title[:300]}",
                url=base + reverse("directives:directive_detail", kwargs={"slug": directive.slug}),
                stamp=stamp,
            )
        )
    return calendar.to_ical()
