"""Who gets what on which day: deadlines, report due days, digests; re-runs and local dates."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from directives.models import Assignment
from directives.status import Lifecycle
from notifications import services
from notifications.models import Category, EmailState, Kind, Notification, NotificationPreference, OutgoingEmail
from reports.models import ReportSubmission, SubmissionState
from tests.factories import AgencyFactory, DirectiveFactory, UserFactory

from .conftest import assignment_due, rule

pytestmark = pytest.mark.django_db
D = datetime.date


def kinds_for(recipient: str, day: datetime.date) -> set[tuple[str, str]]:
    return set(
        Notification.objects.filter(recipient=recipient, occasion=day.isoformat()).values_list("kind", "object_key")
    )


def run(day):
    return services.reminders_prepare_day(day=day, enqueue=False)


@pytest.mark.parametrize(
    ("due", "today", "kind"),
    [
        (D(2025, 3, 31), D(2025, 3, 24), Kind.DEADLINE_SOON),  # 7 days before a quarter end
        (D(2025, 3, 31), D(2025, 3, 28), Kind.DEADLINE_SOON),  # 3 days before
        (D(2025, 3, 31), D(2025, 3, 30), Kind.DEADLINE_SOON),  # 1 day before (a Sunday: not skipped)
        (D(2025, 3, 31), D(2025, 3, 31), Kind.DUE_TODAY),
        (D(2025, 3, 31), D(2025, 4, 1), Kind.OVERDUE),  # first day overdue, across the quarter end
        (D(2024, 12, 31), D(2025, 1, 1), Kind.OVERDUE),  # across the year end
    ],
)
def test_deadline_reminders_fall_on_the_configured_days(agency, officer, due, today, kind):
    # given: an assignment of the agency due on `due`
    a = assignment_due(due, agency=agency)
    # when: the day's job runs
    run(today)
    # then: the agency's address and its officer each get exactly that notice
    assert kinds_for(agency.email, today) == {(kind, str(a.pk))}
    assert kinds_for(officer.email, today) == {(kind, str(a.pk))}


@pytest.mark.parametrize("today", [D(2025, 3, 25), D(2025, 3, 29), D(2025, 4, 2), D(2025, 4, 8)])
def test_no_reminder_on_other_days(agency, today):
    assignment_due(D(2025, 3, 31), agency=agency)
    run(today)
    assert not Notification.objects.exists()


def test_done_awaiting_and_withdrawn_work_is_not_chased(agency):
    due = D(2025, 3, 31)
    assignment_due(due, agency=agency, lifecycle=Lifecycle.DONE, completed_on=D(2025, 3, 20))
    assignment_due(due, agency=agency, lifecycle=Lifecycle.AWAITING_CONFIRMATION)
    assignment_due(due, agency=agency, withdrawn_on=D(2025, 3, 1))
    run(D(2025, 3, 28))
    assert not Notification.objects.exists()


def test_extended_deadline_is_the_one_reminded(agency):
    # given: due 31/03 but extended to 10/04
    a = assignment_due(D(2025, 3, 31), agency=agency, extended_due_on=D(2025, 4, 10))
    # when / then: no reminder for the original day, one 3 days before the extension
    run(D(2025, 3, 28))
    assert not Notification.objects.exists()
    run(D(2025, 4, 7))
    assert kinds_for(agency.email, D(2025, 4, 7)) == {(Kind.DEADLINE_SOON, str(a.pk))}


def test_closed_agencys_mail_goes_to_its_successor():
    # given: an assignment still held by an agency that closed, with a successor that has an officer
    successor = AgencyFactory(email="moi@langson.example")
    new_officer = UserFactory(agency=successor, roles=[Role.OFFICER], email="canbo.moi@example.vn")
    closed = AgencyFactory(email="cu@langson.example", closed_on=D(2025, 3, 1), successor=successor)
    a = assignment_due(D(2025, 3, 31), agency=closed)
    # when
    run(D(2025, 3, 30))
    # then: the successor's address and officer hear about it, the closed agency does not
    assert {n.recipient for n in Notification.objects.all()} == {"moi@langson.example", new_officer.email}
    assert set(Notification.objects.values_list("agency_id", flat=True)) == {successor.pk}
    assert Notification.objects.filter(object_key=str(a.pk)).count() == 2


def test_placeholder_addresses_are_sent_and_marked(agency, officer):
    assignment_due(D(2025, 3, 31), agency=agency)
    run(D(2025, 3, 30))
    assert OutgoingEmail.objects.get(recipient=agency.email).is_placeholder is True
    assert OutgoingEmail.objects.get(recipient=officer.email).is_placeholder is False


def test_opt_out_never_silences_overdue_notices(agency, officer):
    # given: the officer turned every kind off
    NotificationPreference.objects.create(user=officer, muted_kinds=[k.value for k in Kind])
    soon = assignment_due(D(2025, 4, 4), agency=agency)
    late = assignment_due(D(2025, 3, 31), agency=agency)
    # when
    run(D(2025, 4, 1))
    # then: the officer still hears of the overdue one only; the agency address of both
    assert kinds_for(officer.email, D(2025, 4, 1)) == {(Kind.OVERDUE, str(late.pk))}
    assert kinds_for(agency.email, D(2025, 4, 1)) == {(Kind.OVERDUE, str(late.pk)), (Kind.DEADLINE_SOON, str(soon.pk))}


def test_configured_days_are_used(settings, agency):
    settings.NOTIFICATIONS_DEADLINE_DAYS = "14"
    assignment_due(D(2025, 3, 31), agency=agency)
    run(D(2025, 3, 24))  # 7 days before: not configured any more
    assert not Notification.objects.exists()
    run(D(2025, 3, 17))
    assert Notification.objects.filter(kind=Kind.DEADLINE_SOON).count() == 1


# ---- periodic reports


@pytest.mark.parametrize(
    ("fields", "today", "due"),
    [
        ({"period": "quarterly", "day": 10, "month_of_quarter": 3}, D(2025, 3, 5), D(2025, 3, 10)),  # 10th, 5 days
        ({"period": "quarterly", "day": 10, "month_of_quarter": 3}, D(2025, 9, 9), D(2025, 9, 10)),  # 1 day
        (
            {"period": "quarterly", "day": 20, "month_of_quarter": 3, "months": [3, 6, 9]},
            D(2025, 6, 15),
            D(2025, 6, 20),
        ),
        ({"period": "annual", "day": 10, "month": 12}, D(2025, 12, 5), D(2025, 12, 10)),  # 10/12
        ({"period": "once", "due_on": D(2025, 8, 25)}, D(2025, 8, 24), D(2025, 8, 25)),  # one-off
    ],
)
def test_report_due_reminders(agency, officer, fields, today, due):
    # given: a directive with the reporting rule and a task held by the agency
    directive = DirectiveFactory()
    rule(directive, **fields)
    assignment_due(D(2030, 1, 1), agency=agency, directive=directive)
    # when
    run(today)
    # then
    key = f"{directive.pk}:{due.isoformat()}"
    assert kinds_for(agency.email, today) == {(Kind.REPORT_DUE, key)}
    assert kinds_for(officer.email, today) == {(Kind.REPORT_DUE, key)}


def test_no_report_reminder_for_december_20th_rule_months_or_other_days(agency):
    directive = DirectiveFactory()
    rule(directive, period="quarterly", day=20, month_of_quarter=3, months=[3, 6, 9])
    assignment_due(D(2030, 1, 1), agency=agency, directive=directive)
    for today in (D(2025, 12, 15), D(2025, 12, 19), D(2025, 6, 16), D(2025, 6, 20)):
        run(today)
    assert not Notification.objects.exists()


def test_agency_that_submitted_is_not_reminded(agency, officer):
    # given: two agencies owe the 10/03 report; one has submitted it
    directive = DirectiveFactory()
    rule(directive, period="quarterly", day=10, month_of_quarter=3)
    other = AgencyFactory(email="so-b@langson.example")
    assignment_due(D(2030, 1, 1), agency=agency, directive=directive)
    assignment_due(D(2030, 1, 1), agency=other, directive=directive)
    ReportSubmission.objects.create(
        directive=directive,
        agency=agency,
        period="2025-Q1",
        due_on=D(2025, 3, 10),
        state=SubmissionState.SUBMITTED,
        submitted_at=datetime.datetime(2025, 3, 4, 9, tzinfo=datetime.UTC),
    )
    # a draft does not count as submitted
    ReportSubmission.objects.create(directive=directive, agency=other, period="2025-Q1", due_on=D(2025, 3, 10))
    # when
    run(D(2025, 3, 9))
    # then
    assert set(Notification.objects.values_list("recipient", flat=True)) == {"so-b@langson.example"}


def test_named_reporter_only_is_reminded(agency):
    directive = DirectiveFactory()
    focal = AgencyFactory(email="khdt@langson.example")
    rule(directive, period="once", due_on=D(2022, 1, 15), reporter=focal)
    assignment_due(D(2030, 1, 1), agency=agency, directive=directive)
    run(D(2022, 1, 10))
    assert set(Notification.objects.values_list("recipient", flat=True)) == {"khdt@langson.example"}


# ---- digests


def test_office_daily_digest_only_when_something_became_overdue(agency):
    staff = UserFactory(agency=None, roles=[Role.OFFICE_STAFF], email="vanphong@example.vn")
    assignment_due(D(2025, 3, 31), agency=agency)
    run(D(2025, 3, 31))
    assert not OutgoingEmail.objects.filter(category=Category.OFFICE_DIGEST).exists()
    run(D(2025, 4, 1))
    assert OutgoingEmail.objects.filter(category=Category.OFFICE_DIGEST, recipient=staff.email).count() == 1


def test_weekly_digests_on_monday(agency, officer):
    leader = UserFactory(agency=None, roles=[Role.LEADER], email="lanhdao@example.vn")
    assignment_due(D(2025, 3, 3), agency=agency)  # long overdue
    run(D(2025, 4, 6))  # Sunday
    assert not OutgoingEmail.objects.filter(category__in=[Category.LEADER_DIGEST, Category.AGENCY_WEEKLY]).exists()
    run(D(2025, 4, 7))  # Monday
    assert set(OutgoingEmail.objects.filter(category=Category.LEADER_DIGEST).values_list("recipient", flat=True)) == {
        leader.email
    }
    assert set(OutgoingEmail.objects.filter(category=Category.AGENCY_WEEKLY).values_list("recipient", flat=True)) == {
        agency.email,
        officer.email,
    }


# ---- exactly once, local dates


def test_running_the_same_day_twice_sends_nothing_twice(agency, officer):
    # given: three assignments at different stages
    for due in (D(2025, 4, 1), D(2025, 4, 4), D(2025, 3, 31)):
        assignment_due(due, agency=agency)
    day = D(2025, 4, 1)  # a Tuesday: no weekly digest
    # when: the day's job and its sends run twice
    for _ in range(2):
        result = run(day)
        for email_id in result.pending_email_ids:
            services.email_send(email_id=email_id)
    # then: one email per recipient, with all three notices, sent once
    assert sorted(m.to[0] for m in mail.outbox) == sorted([agency.email, officer.email])
    assert Notification.objects.count() == 6
    assert OutgoingEmail.objects.filter(state=EmailState.SENT).count() == 2


def test_due_in_n_days_uses_vietnam_dates_whatever_the_server_zone(agency, monkeypatch):
    # given: 18:00 UTC on 23/03 is already 01:00 on 24/03 in Hà Nội; the process zone is New York
    monkeypatch.setenv("TZ", "America/New_York")
    assignment_due(D(2025, 3, 31), agency=agency)
    with time_machine.travel(datetime.datetime(2025, 3, 23, 18, 0, tzinfo=datetime.UTC), tick=False):
        today = services.local_today()
        run(today)
    # then: the day is 24/03, seven days before 31/03
    assert today == D(2025, 3, 24)
    assert Notification.objects.filter(kind=Kind.DEADLINE_SOON, occasion="2025-03-24").count() == 1


def test_email_states_the_real_deadline_and_days_left(agency):
    # given: due on Saturday 05/04/2025
    assignment_due(D(2025, 4, 5), agency=agency)
    result = run(D(2025, 4, 2))
    services.email_send(email_id=result.pending_email_ids[0])
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    # then: the weekday and dd/mm/yyyy, the days left, the page link, in both parts
    for body in (message.body, html):
        assert "Thứ Bảy, 05/04/2025" in body
        assert "còn 3 ngày" in body
        assert f"/nhiem-vu/phan-cong/{Assignment.objects.get().pk}/" in body
    assert message.subject.startswith("[Nhắc việc]")


def test_email_lists_at_most_a_few_dozen_items_then_links_to_the_list(agency):
    for _ in range(45):
        assignment_due(D(2025, 4, 5), agency=agency)
    result = run(D(2025, 4, 2))
    services.email_send(email_id=result.pending_email_ids[0])
    body = mail.outbox[0].body
    assert "Sắp đến hạn: 45" in body
    assert "30. " in body and "31. " not in body
    assert "… và 15 nội dung khác" in body
    assert f"agency={agency.code}&due_within=7" in body


def test_scan_query_count_does_not_grow_with_assignments(agency, officer):
    """The day's job runs the same queries for N and for 2N assignments (set-based SQL)."""
    other = AgencyFactory()

    def scan_with(n: int) -> list[str]:
        Notification.objects.all().delete()
        OutgoingEmail.objects.all().delete()
        for i in range(n):
            assignment_due(D(2025, 4, 1) + datetime.timedelta(days=i % 8), agency=agency if i % 2 else other)
        with CaptureQueriesContext(connection) as queries:
            result = run(D(2025, 3, 31))  # a Monday: the weekly digests are in the count too
        assert result.notifications > 0
        return [q["sql"] for q in queries.captured_queries]

    at_n = scan_with(10)
    at_2n = scan_with(10)  # 20 assignments in all
    assert Assignment.objects.count() == 20
    assert len(at_n) == len(at_2n), "\n\n".join(at_2n)
    assert len(at_n) <= 20
