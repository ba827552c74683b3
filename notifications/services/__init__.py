"""Writes of the notification layer, one module per job:

- `reminders`: the day's reminders and digests (`reminders_prepare_day`), set-based;
- `notices`: event notices (new, transferred, confirmed, returned, extension decided) and the inbox;
- `sending`: each recorded email sent once, with retries (`email_send`, `enqueue_sends`);
- `preferences`: immediate or daily, muted kinds.
"""

from .notices import (
    inbox_deliver,
    notices_store,
    notifications_assignments_created,
    notifications_assignments_transferred,
    notifications_completion_decided,
    notifications_extension_decided,
)
from .preferences import preference_for, preference_update
from .reminders import DayResult, local_today, reminders_prepare_day
from .sending import SendFailed, email_retry, email_send, emails_requeue_pending, enqueue_sends, retry_delay

__all__ = [
    "DayResult",
    "SendFailed",
    "email_retry",
    "email_send",
    "emails_requeue_pending",
    "enqueue_sends",
    "inbox_deliver",
    "local_today",
    "notices_store",
    "notifications_assignments_created",
    "notifications_assignments_transferred",
    "notifications_completion_decided",
    "notifications_extension_decided",
    "preference_for",
    "preference_update",
    "reminders_prepare_day",
    "retry_delay",
]
