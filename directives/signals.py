"""Domain events sent by the services after their transaction commits.

The notification layer (reminders and digests) listens to these; senders pass ids only,
so a receiver loads fresh rows and never works from a stale object.

    assignment_created(assignment_ids: list[int], actor_id)
    completion_confirmed(assignment_id: int, actor_id)
    completion_returned(assignment_id: int, actor_id, reason: str)
    extension_decided(extension_request_id: int, actor_id)
    assignment_transferred(transfer_ids: list[int], actor_id)
"""

import django.dispatch

assignment_created = django.dispatch.Signal()
completion_confirmed = django.dispatch.Signal()
completion_returned = django.dispatch.Signal()
extension_decided = django.dispatch.Signal()
assignment_transferred = django.dispatch.Signal()
