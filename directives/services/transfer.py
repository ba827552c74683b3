"""Chuyển giao: office staff move open work to another holder.

The agency the document named (`Assignment.agency`) never changes; the holder does, with a
reason, and both the assignment's history and an `AssignmentTransfer` row keep who held it
before. The new holder is told through the usual notices (`signals.assignment_transferred`).
The person who asks never decides: only office staff transfer.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency

from .. import signals
from ..models import Assignment, AssignmentTransfer
from ..permissions import can_manage
from ..status import Lifecycle


def _check(*, actor, to_holder: Agency, reason: str) -> str:
    if not can_manage(actor):
        raise PermissionDenied(_("Chỉ chuyên viên theo dõi mới được chuyển giao phân công."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do chuyển giao.")})
    if not to_holder.is_active_on(timezone.localdate()):
        raise ValidationError(
            {
                "to_holder": _("“%(agency)s” đã giải thể hoặc sáp nhập; chỉ chuyển giao cho cơ quan đang hoạt động.")
                % {"agency": to_holder.name}
            }
        )
    return reason


def _move(assignment: Assignment, *, actor, to_holder: Agency, reason: str) -> AssignmentTransfer:
    """Lock, check and move one assignment (inside the caller's transaction)."""
    fresh = Assignment.objects.select_for_update().select_related("holder", "task").get(pk=assignment.pk)
    where = f"{fresh.task.ref} — {assignment.agency}"
    if fresh.withdrawn_on:
        raise ValidationError(_("Phân công %(what)s đã thu hồi, không chuyển giao được.") % {"what": where})
    if fresh.lifecycle == Lifecycle.DONE:
        raise ValidationError(_("Phân công %(what)s đã hoàn thành, không chuyển giao.") % {"what": where})
    if fresh.holder_id == to_holder.pk:
        raise ValidationError(
            _("Phân công %(what)s đã do “%(agency)s” thực hiện.") % {"what": where, "agency": to_holder.name}
        )
    transfer = AssignmentTransfer.objects.create(
        assignment=fresh, from_holder_id=fresh.holder_id, to_holder=to_holder, reason=reason, actor=actor
    )
    fresh.holder = to_holder
    fresh._history_user = actor
    fresh._change_reason = _("Chuyển giao: %(reason)s") % {"reason": reason}
    fresh.save(update_fields=["holder", "updated_at"])
    assignment.holder = to_holder
    return transfer


def assignment_transfer(*, assignment: Assignment, actor, to_holder: Agency, reason: str) -> AssignmentTransfer:
    """Move one assignment to `to_holder`; refused for a closed target, a finished or
    withdrawn assignment, or one already held there."""
    reason = _check(actor=actor, to_holder=to_holder, reason=reason)
    with transaction.atomic():
        transfer = _move(assignment, actor=actor, to_holder=to_holder, reason=reason)
        ids = [transfer.pk]
        transaction.on_commit(
            lambda: signals.assignment_transferred.send(sender=Assignment, transfer_ids=ids, actor_id=actor.pk)
        )
    return transfer


def assignments_transfer_bulk(*, assignments, actor, to_holder: Agency, reason: str) -> list[AssignmentTransfer]:
    """Move many assignments at once (from a filtered list), all or none: one that cannot
    move refuses the whole batch, naming it. One notice to the new holder for the batch."""
    reason = _check(actor=actor, to_holder=to_holder, reason=reason)
    assignments = sorted(assignments, key=lambda a: a.pk)  # one lock order for concurrent batches
    if not assignments:
        raise ValidationError(_("Chưa chọn phân công nào để chuyển giao."))
    with transaction.atomic():
        transfers = [_move(a, actor=actor, to_holder=to_holder, reason=reason) for a in assignments]
        ids = [t.pk for t in transfers]
        transaction.on_commit(
            lambda: signals.assignment_transferred.send(sender=Assignment, transfer_ids=ids, actor_id=actor.pk)
        )
    return transfers
