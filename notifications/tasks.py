"""Celery tasks: thin, take ids, call one service, own their retries."""

import datetime
import logging

from celery import shared_task
from celery.signals import worker_ready

from langson_portal.locks import single_run

from . import conf, services

logger = logging.getLogger(__name__)


@shared_task(bind=True, queue=conf.queue(), max_retries=None, acks_late=True)
def send_daily_reminders_task(self, day: str | None = None):
    """The beat job: record the day's reminders and digests, then enqueue their emails.

    A second beat (or a second run) waits for the lock and then finds nothing new to record.
    """
    target = datetime.date.fromisoformat(day) if day else services.local_today()
    with single_run(f"notifications:day:{target.isoformat()}", timeout=900) as acquired:
        if not acquired:
            logger.info("reminders for %s already running elsewhere; trying again in 60 s", target)
            raise self.retry(countdown=60)
        result = services.reminders_prepare_day(day=target)
    return {"day": target.isoformat(), "notifications": result.notifications, "pending": len(result.pending_email_ids)}


@shared_task(bind=True, queue=conf.queue(), max_retries=None, acks_late=True)
def send_email_task(self, email_id: int):
    """Send one recorded email; on a failure retry with backoff and jitter, then give up
    (the row is marked failed after NOTIFICATIONS_MAX_ATTEMPTS attempts)."""
    try:
        return services.email_send(email_id=email_id)
    except services.SendFailed as exc:
        if exc.final:
            logger.warning("email %s failed for good after %d attempts: %s", email_id, exc.attempts, exc)
            return "failed"
        raise self.retry(countdown=services.retry_delay(exc.attempts), exc=exc) from exc


@shared_task(queue=conf.queue(), acks_late=True)
def notify_assignments_created_task(assignment_ids: list[int]):
    return services.notifications_assignments_created(assignment_ids=assignment_ids)


@shared_task(queue=conf.queue(), acks_late=True)
def notify_completion_decided_task(assignment_id: int, confirmed: bool, reason: str = ""):
    return services.notifications_completion_decided(assignment_id=assignment_id, confirmed=confirmed, reason=reason)


@shared_task(queue=conf.queue(), acks_late=True)
def notify_extension_decided_task(extension_request_id: int):
    return services.notifications_extension_decided(extension_request_id=extension_request_id)


@shared_task(queue=conf.queue(), acks_late=True)
def notify_assignments_transferred_task(transfer_ids: list[int]):
    return services.notifications_assignments_transferred(transfer_ids=transfer_ids)


@worker_ready.connect(dispatch_uid="notifications.requeue_pending_emails")
def requeue_pending_emails(**kwargs):
    """A restarted worker picks up at once the emails a killed one left pending."""
    services.emails_requeue_pending()
