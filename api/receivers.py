"""Domain events → webhook events, recorded when the sender's transaction has committed.

The services send their signals from `transaction.on_commit`, so the rows read here are
the committed ones. A failure here is logged and never undoes or breaks the user's action.
"""

import logging

from django.dispatch import receiver

from collaboration import signals as collaboration_signals
from directives import signals as directive_signals
from reports import signals as report_signals

from . import events

logger = logging.getLogger(__name__)


def _safely(record, **kwargs):
    try:
        record(**kwargs)
    except Exception:
        logger.exception("webhook event not recorded: %s %s", record.__name__, kwargs)


@receiver(directive_signals.assignment_created, dispatch_uid="api.assignment_created")
def on_assignment_created(sender, assignment_ids, actor_id=None, **kwargs):
    _safely(events.assignments_created, assignment_ids=list(assignment_ids))


@receiver(directive_signals.completion_confirmed, dispatch_uid="api.completion_confirmed")
def on_completion_confirmed(sender, assignment_id, actor_id=None, **kwargs):
    _safely(events.completion_decided, assignment_id=assignment_id, confirmed=True)


@receiver(directive_signals.completion_returned, dispatch_uid="api.completion_returned")
def on_completion_returned(sender, assignment_id, actor_id=None, reason="", **kwargs):
    _safely(events.completion_decided, assignment_id=assignment_id, confirmed=False)


@receiver(directive_signals.extension_decided, dispatch_uid="api.extension_decided")
def on_extension_decided(sender, extension_request_id, actor_id=None, **kwargs):
    _safely(events.extension_decided, extension_request_id=extension_request_id)


@receiver(report_signals.report_published, dispatch_uid="api.report_published")
def on_report_published(sender, compiled_report_id, actor_id=None, **kwargs):
    _safely(events.report_published, compiled_report_id=compiled_report_id)


@receiver(collaboration_signals.direction_posted, dispatch_uid="api.direction_posted")
def on_direction_posted(sender, direction_id, actor_id=None, **kwargs):
    _safely(events.direction_posted, direction_id=direction_id)
