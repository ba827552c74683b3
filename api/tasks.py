"""Celery tasks of the webhooks: thin, take ids, call one service, own their retries."""

import datetime
import logging

from celery import shared_task
from celery.signals import worker_ready

from langson_portal.queue import queue_name

from . import events, services

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=None, acks_late=True)
def webhook_deliver_task(self, delivery_id: int):
    """Send one recorded delivery; on a failure retry with backoff and jitter, then give up
    (the row is marked failed after API_WEBHOOK_MAX_ATTEMPTS attempts)."""
    try:
        return services.webhook_deliver(delivery_id=delivery_id)
    except services.DeliveryFailed as exc:
        if exc.final:
            logger.warning("webhook delivery %s failed for good after %d attempts: %s", delivery_id, exc.attempts, exc)
            return "failed"
        raise self.retry(countdown=services.retry_delay(exc.attempts), exc=exc, queue=queue_name()) from exc


@shared_task(acks_late=True)
def webhook_record_overdue_task(day: str | None = None):
    """The daily beat job: "status changed" for work that fell overdue today (recorded once)."""
    from django.utils import timezone

    target = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return len(events.became_overdue(day=target))


@worker_ready.connect(dispatch_uid="api.requeue_pending_deliveries")
def requeue_pending_deliveries(**kwargs):
    """A restarted worker picks up at once the deliveries a killed one left pending."""
    services.webhook_deliveries_requeue_pending()
