"""How the portal starts Celery work: every task goes through `enqueue`.

Tasks take ids only (STYLE.md) and are sent after the transaction that asked for them
commits — a rollback sends nothing, and a worker never reads rows not yet visible to it —
on the queue the workers listen to (NOTIFICATIONS_QUEUE, default "celery").
"""

import os

from django.conf import settings
from django.db import transaction


def queue_name() -> str:
    """The Celery queue the portal's tasks go to (a test worker listens on its own)."""
    return getattr(settings, "NOTIFICATIONS_QUEUE", None) or os.environ.get("NOTIFICATIONS_QUEUE", "celery")


def enqueue(task, *args, **kwargs) -> None:
    """`task.apply_async` once the current transaction commits (at once outside one)."""
    options = {"kwargs": kwargs, "queue": queue_name()}
    if args:
        options["args"] = args
    transaction.on_commit(lambda: task.apply_async(**options))
