"""Domain events → notification tasks, enqueued after the sender's transaction commits."""

from django.dispatch import receiver

from directives import signals
from langson_portal.queue import enqueue

from . import tasks


@receiver(signals.assignment_created, dispatch_uid="notifications.assignment_created")
def on_assignment_created(sender, assignment_ids, actor_id=None, **kwargs):
    enqueue(tasks.notify_assignments_created_task, assignment_ids=list(assignment_ids))


@receiver(signals.completion_confirmed, dispatch_uid="notifications.completion_confirmed")
def on_completion_confirmed(sender, assignment_id, actor_id=None, **kwargs):
    enqueue(tasks.notify_completion_decided_task, assignment_id=assignment_id, confirmed=True)


@receiver(signals.completion_returned, dispatch_uid="notifications.completion_returned")
def on_completion_returned(sender, assignment_id, actor_id=None, reason="", **kwargs):
    enqueue(tasks.notify_completion_decided_task, assignment_id=assignment_id, confirmed=False, reason=reason)


@receiver(signals.extension_decided, dispatch_uid="notifications.extension_decided")
def on_extension_decided(sender, extension_request_id, actor_id=None, **kwargs):
    enqueue(tasks.notify_extension_decided_task, extension_request_id=extension_request_id)


@receiver(signals.assignment_transferred, dispatch_uid="notifications.assignment_transferred")
def on_assignment_transferred(sender, transfer_ids, actor_id=None, **kwargs):
    enqueue(tasks.notify_assignments_transferred_task, transfer_ids=list(transfer_ids))
