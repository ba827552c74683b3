"""Sending: each recorded email once, claimed under a row lock and marked sent before the
message is finished (see `notifications.delivery`); failures retried with backoff."""

import logging
import random

from django.db import transaction
from django.utils import timezone

from langson_portal.queue import enqueue

from .. import conf, delivery, emails
from ..models import EmailState, OutgoingEmail

logger = logging.getLogger(__name__)


class SendFailed(Exception):
    def __init__(self, message: str, *, final: bool, attempts: int):
        super().__init__(message)
        self.final = final
        self.attempts = attempts


def retry_delay(attempts: int) -> float:
    """Exponential backoff with full jitter: up to base·2^(n−1) seconds, capped at 1 hour."""
    ceiling = min(3600.0, conf.retry_base_seconds() * 2 ** max(0, attempts - 1))
    return random.uniform(ceiling / 2, ceiling)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def email_send(*, email_id: int) -> str:
    """Send one pending email once. Returns "sent" or "skipped"; raises SendFailed."""
    pending = None
    failure: BaseException | None = None
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(of=("self",)).select_related("agency").filter(pk=email_id).first()
        )
        if email is None or email.state != EmailState.PENDING:
            return "skipped"
        email.attempts += 1
        try:
            message = emails.compose(email)
            email.subject = message.subject[:255]
            pending = delivery.begin(message)
        except Exception as exc:  # the server refused or is down: nothing was delivered
            failure = exc
            email.last_error = _describe(exc)
            email.state = EmailState.FAILED if email.attempts >= conf.max_send_attempts() else EmailState.PENDING
            email.save(update_fields=["attempts", "subject", "last_error", "state", "updated_at"])
        else:
            email.state, email.sent_at, email.last_error = EmailState.SENT, timezone.now(), ""
            email.save(update_fields=["attempts", "subject", "state", "sent_at", "last_error", "updated_at"])
    if failure is not None:
        raise SendFailed(email.last_error, final=email.state == EmailState.FAILED, attempts=email.attempts) from failure
    try:
        pending.finish()
    except Exception as exc:  # refused at the very end: record it and try again
        state = EmailState.FAILED if email.attempts >= conf.max_send_attempts() else EmailState.PENDING
        OutgoingEmail.objects.filter(pk=email.pk).update(
            state=state, sent_at=None, last_error=_describe(exc), updated_at=timezone.now()
        )
        raise SendFailed(_describe(exc), final=state == EmailState.FAILED, attempts=email.attempts) from exc
    if email.is_placeholder:
        logger.info("email %s sent to placeholder address %s (reserved domain)", email.pk, email.recipient)
    return "sent"


def email_retry(*, email: OutgoingEmail, actor) -> bool:
    """Office staff send a failed email again: back to pending, enqueued after commit."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
        if email.state != EmailState.FAILED:
            return False
        email.state, email.attempts, email.retried_by = EmailState.PENDING, 0, actor
        email.save(update_fields=["state", "attempts", "retried_by", "updated_at"])
        enqueue_sends([email.pk])
    return True


def emails_requeue_pending() -> list[int]:
    """Enqueue every email still pending (run when a worker starts).

    A worker killed mid-send leaves its task unacknowledged; Redis gives it back only after
    the visibility timeout and kombu's restore cycle (up to an hour in production). Sending
    the pending rows again at once is safe: `email_send` locks the row and skips anything no
    longer pending, so a duplicate task sends nothing twice.
    """
    ids = list(OutgoingEmail.objects.filter(state=EmailState.PENDING).order_by("id").values_list("id", flat=True))
    enqueue_sends(ids)
    if ids:
        logger.info("worker start: %d pending emails enqueued again", len(ids))
    return ids


def enqueue_sends(email_ids: list[int]) -> None:
    """One send task per email, after the current transaction commits (at once outside one)."""
    from ..tasks import send_email_task  # the tasks call these services

    for email_id in email_ids:
        enqueue(send_email_task, email_id)
