"""Domain events, enqueueing after commit, retries of a failed send."""

import datetime
import socket

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from directives import signals
from directives.models import ExtensionRequest
from directives.services.editing import task_assign
from directives.status import Lifecycle
from notifications import services, tasks
from notifications.models import (
    Category,
    Delivery,
    EmailState,
    Kind,
    Notification,
    NotificationPreference,
    OutgoingEmail,
)
from tests.factories import DirectiveFactory, TaskFactory, UserFactory

from .conftest import assignment_due

pytestmark = pytest.mark.django_db
D = datetime.date


def test_assigning_a_task_enqueues_one_notice_after_commit_and_sends_one_email_per_recipient(
    agency, officer, django_capture_on_commit_callbacks, monkeypatch
):
    """From the service (not a hand-sent signal), so a service that forgot to announce its
    new assignments would fail here."""
    # given: a task office staff give to the agency
    staff = UserFactory(agency=None, roles=[Role.OFFICE_STAFF])
    task = TaskFactory(due_on=D(2025, 6, 1), directive=DirectiveFactory(issued_on=D(2025, 1, 2)))
    enqueued = []
    monkeypatch.setattr(tasks.notify_assignments_created_task, "apply_async", lambda **kw: enqueued.append(kw))
    # when: the service assigns it inside its transaction
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            created = task_assign(task=task, actor=staff, leads=[agency], coordinators=[])
            assert enqueued == []  # nothing before commit
    # then: the notice task was enqueued once, after commit, with ids only
    assert len(callbacks) >= 1
    assert enqueued == [{"kwargs": {"assignment_ids": [a.pk for a in created]}, "queue": "celery"}]
    # and the task's service records one email per recipient
    a1, a2 = created[0], assignment_due(D(2025, 6, 1), agency=agency)
    with django_capture_on_commit_callbacks(execute=False):
        email_ids = services.notifications_assignments_created(assignment_ids=[a1.pk, a2.pk])
    assert len(email_ids) == 2
    for email_id in email_ids:
        services.email_send(email_id=email_id)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([agency.email, officer.email])
    assert "Được giao nhiệm vụ mới: 2" in mail.outbox[0].body
    # the same notice again records nothing new
    assert services.notifications_assignments_created(assignment_ids=[a2.pk, a1.pk]) == []


def test_rollback_of_the_creating_transaction_sends_nothing(agency, officer, django_capture_on_commit_callbacks):
    a = assignment_due(D(2025, 5, 1), agency=agency)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                signals.assignment_created.send(sender=None, assignment_ids=[a.pk], actor_id=None)
                services.notifications_assignments_created(assignment_ids=[a.pk])
                raise RuntimeError("the creating service failed")
    assert callbacks == []
    assert not Notification.objects.exists() and not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_daily_users_get_event_notices_in_their_daily_email(agency, officer):
    NotificationPreference.objects.create(user=officer, delivery=Delivery.DAILY)
    a = assignment_due(
        D(2025, 5, 1), agency=agency, lifecycle=Lifecycle.DONE, completed_on=D(2025, 4, 1), confirmed_at=timezone.now()
    )
    # when: completion confirmed
    email_ids = services.notifications_completion_decided(assignment_id=a.pk, confirmed=True)
    # then: only the agency address gets an immediate email; the officer's waits for the day's job
    assert list(OutgoingEmail.objects.filter(pk__in=email_ids).values_list("recipient", flat=True)) == [agency.email]
    result = services.reminders_prepare_day(day=D(2025, 4, 2), enqueue=False)
    daily = OutgoingEmail.objects.get(recipient=officer.email, category=Category.DAILY)
    assert daily.pk in result.pending_email_ids
    assert list(daily.notifications.values_list("kind", flat=True)) == [Kind.COMPLETION_CONFIRMED]


def test_returned_and_extension_notices(agency, officer):
    a = assignment_due(D(2025, 5, 1), agency=agency, lifecycle=Lifecycle.RETURNED, return_reason="Thiếu minh chứng")
    services.notifications_completion_decided(assignment_id=a.pk, confirmed=False, reason="Thiếu minh chứng")
    asker = UserFactory(agency=agency, roles=[Role.OFFICER], email="nguoi.de.nghi@example.vn")
    request = ExtensionRequest.objects.create(
        assignment=a,
        requested_by=asker,
        requested_due_on=D(2025, 6, 30),
        reason="Chờ vốn",
        state="approved",
        decided_at=timezone.now(),
    )
    ids = services.notifications_extension_decided(extension_request_id=request.pk)
    for email_id in OutgoingEmail.objects.values_list("id", flat=True):
        services.email_send(email_id=email_id)
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "Lý do trả lại: Thiếu minh chứng" in bodies[officer.email]
    assert "Đồng ý gia hạn đến Thứ Hai, 30/06/2025" in bodies[asker.email]
    assert len(ids) == 3  # agency address, its two officers (the asker among them)


def test_smtp_outage_ends_in_retries_then_a_failure_record_not_a_loop(settings, agency, monkeypatch):
    # given: SMTP configured to a port where nothing listens
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 4
    delays = []
    real_delay = services.retry_delay
    monkeypatch.setattr(services, "retry_delay", lambda n: delays.append(real_delay(n)) or 0)
    assignment_due(D(2025, 4, 5), agency=agency)
    email_id = services.reminders_prepare_day(day=D(2025, 4, 2), enqueue=False).pending_email_ids[0]
    # when: the task runs (eagerly, retries included)
    outcome = tasks.send_email_task.apply(args=[email_id]).get()
    # then: 4 attempts, 3 growing jittered delays between them, then failed for good
    email = OutgoingEmail.objects.get(pk=email_id)
    assert outcome == "failed"
    assert (email.state, email.attempts) == (EmailState.FAILED, 4)
    assert "ConnectionRefusedError" in email.last_error
    assert len(delays) == 3
    assert 30 <= delays[0] <= 60 and 60 <= delays[1] <= 120 and 120 <= delays[2] <= 240


def test_send_skips_an_email_already_sent(agency):
    assignment_due(D(2025, 4, 5), agency=agency)
    email_id = services.reminders_prepare_day(day=D(2025, 4, 2), enqueue=False).pending_email_ids[0]
    assert services.email_send(email_id=email_id) == "sent"
    assert services.email_send(email_id=email_id) == "skipped"
    assert len(mail.outbox) == 1


def test_a_starting_worker_enqueues_the_emails_left_pending_and_none_other(agency, officer, monkeypatch):
    # given: two emails recorded for a day (the agency's address and its officer), one already sent
    assignment_due(D(2025, 4, 5), agency=agency)
    pending = services.reminders_prepare_day(day=D(2025, 4, 2), enqueue=False).pending_email_ids
    assert len(pending) >= 2
    services.email_send(email_id=pending[0])
    enqueued = []
    monkeypatch.setattr(services.sending, "enqueue_sends", lambda ids: enqueued.extend(ids))
    # when: a worker starts
    tasks.requeue_pending_emails(sender=None)
    # then: only the emails still pending are enqueued again
    assert enqueued == pending[1:]
    assert OutgoingEmail.objects.get(pk=pending[0]).state == EmailState.SENT
