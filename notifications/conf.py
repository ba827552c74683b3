"""Notification settings, each overridable in Django settings (and so from the environment)."""

import os

from django.conf import settings

from langson_portal.queue import queue_name


def _ints(name: str, default: str) -> tuple[int, ...]:
    raw = getattr(settings, name, None) or os.environ.get(name, default)
    if isinstance(raw, list | tuple):
        return tuple(sorted({int(v) for v in raw}, reverse=True))
    return tuple(sorted({int(v) for v in str(raw).split(",") if v.strip()}, reverse=True))


def deadline_days_before() -> tuple[int, ...]:
    """Days before an assignment's deadline on which its agency is reminded (7, 3, 1)."""
    return _ints("NOTIFICATIONS_DEADLINE_DAYS", "7,3,1")


def report_days_before() -> tuple[int, ...]:
    """Days before a report due day on which agencies that owe it are reminded (5, 1)."""
    return _ints("NOTIFICATIONS_REPORT_DAYS", "5,1")


def weekly_digest_weekday() -> int:
    """0 = Monday: the day leaders and agencies get the weekly digest."""
    return int(getattr(settings, "NOTIFICATIONS_WEEKLY_WEEKDAY", os.environ.get("NOTIFICATIONS_WEEKLY_WEEKDAY", "0")))


def queue() -> str:
    """The Celery queue notification tasks go to (`langson_portal.queue.queue_name`)."""
    return queue_name()


def max_send_attempts() -> int:
    return int(getattr(settings, "NOTIFICATIONS_MAX_ATTEMPTS", os.environ.get("NOTIFICATIONS_MAX_ATTEMPTS", "6")))


def retry_base_seconds() -> float:
    return float(
        getattr(settings, "NOTIFICATIONS_RETRY_BASE_SECONDS", os.environ.get("NOTIFICATIONS_RETRY_BASE_SECONDS", "60"))
    )


TOP_ITEMS = 30  # an email lists at most this many items, most urgent first, then links to the list
