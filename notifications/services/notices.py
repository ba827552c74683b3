"""Event notices: what happened to an assignment (new, transferred, confirmed, returned,
extension decided) recorded for each recipient, emailed at once or in the daily email, and
put in the inbox of every recipient with an account."""

import hashlib

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from directives.models import Assignment, ExtensionRequest

from .. import emails, selectors
from ..models import Category, EmailState, InboxItem, Kind, Notification, NotificationPreference, OutgoingEmail
from ..selectors import Recipient
from . import sending


def _event_key(*parts) -> str:
    return hashlib.sha1(":".join(str(p) for p in parts).encode()).hexdigest()[:16]


def inbox_deliver(*, occasion: str, kind: str | None = None) -> int:
    """Put every notification of one occasion that names a user account into that user's
    inbox (one INSERT … SELECT; a notice already there is kept as it is)."""
    i_table, n_table = InboxItem._meta.db_table, Notification._meta.db_table
    sql = f"""
        INSERT INTO {i_table} (user_id, notification_id, read_at, created_at)
        SELECT n.user_id, n.id, NULL, %s FROM {n_table} n
        WHERE n.user_id IS NOT NULL AND n.occasion = %s {"AND n.kind = %s" if kind else ""}
        ON CONFLICT DO NOTHING
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), occasion, *([kind] if kind else [])])
        return cursor.rowcount


def _record_event(
    *, kind: str, occasion: str, entries: list[tuple[Assignment, dict]], extra: list[Recipient] = ()
) -> list[int]:
    """Notifications for each assignment's holder (and `extra` addresses); immediate
    recipients get one email for this event, daily ones find it in tomorrow's email."""
    routes = selectors.agency_routes()
    rows = []
    for assignment, detail in entries:
        recipients = [*routes.get(assignment.holder_id, []), *extra]
        seen = set()
        for r in recipients:
            if r.email in seen or not r.wants(kind):
                continue
            seen.add(r.email)
            rows.append(
                Notification(
                    kind=kind,
                    object_key=str(assignment.pk),
                    recipient=r.email,
                    occasion=occasion,
                    user_id=r.user_id,
                    agency_id=r.agency_id or assignment.holder_id,
                    is_placeholder=r.is_placeholder,
                    assignment=assignment,
                    directive_id=assignment.task.directive_id,
                    due_on=assignment.effective_due_on,
                    detail=detail,
                )
            )
    return notices_store(kind=kind, occasion=occasion, rows=rows)


def notices_store(*, kind: str, occasion: str, rows: list[Notification]) -> list[int]:
    """Record one event's notifications (one `kind`, one `occasion`): each into its user's
    inbox at once, and by email — one per immediate recipient now, in the daily email for
    the others. Returns the ids of the emails enqueued after commit."""
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    inbox_deliver(occasion=occasion, kind=kind)
    daily_users = set(
        NotificationPreference.objects.filter(
            user_id__in={n.user_id for n in rows if n.user_id}, delivery="hang_ngay"
        ).values_list("user_id", flat=True)
    )
    immediate = {(n.recipient, n.user_id, n.agency_id, n.is_placeholder) for n in rows if n.user_id not in daily_users}
    email_occasion = f"{kind}:{occasion}"
    OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(
                recipient=recipient,
                user_id=user_id,
                agency_id=agency_id,
                category=Category.EVENT,
                occasion=email_occasion,
                day=timezone.localdate(),
                is_placeholder=placeholder,
            )
            for recipient, user_id, agency_id, placeholder in sorted(immediate, key=lambda x: x[0])
        ],
        ignore_conflicts=True,
    )
    emails_by_recipient = dict(
        OutgoingEmail.objects.filter(
            category=Category.EVENT,
            occasion=email_occasion,
            recipient__in={i[0] for i in immediate},
            state=EmailState.PENDING,
        ).values_list("recipient", "id")
    )
    Notification.objects.filter(
        kind=kind, occasion=occasion, email__isnull=True, recipient__in=emails_by_recipient
    ).update(
        email=Subquery(
            OutgoingEmail.objects.filter(
                category=Category.EVENT, occasion=email_occasion, recipient=OuterRef("recipient")
            ).values("id")[:1]
        )
    )
    ids = sorted(emails_by_recipient.values())
    sending.enqueue_sends(ids)
    return ids


def _event_assignments(ids) -> list[Assignment]:
    return list(Assignment.objects.filter(pk__in=ids, withdrawn_on__isnull=True).select_related("task").order_by("pk"))


@transaction.atomic
def notifications_assignments_created(*, assignment_ids: list[int]) -> list[int]:
    """Tell each holder of new assignments (one email per recipient for one creation)."""
    assignments = _event_assignments(assignment_ids)
    if not assignments:
        return []
    occasion = "new-" + _event_key(*sorted(a.pk for a in assignments))
    return _record_event(kind=Kind.ASSIGNED, occasion=occasion, entries=[(a, {}) for a in assignments])


@transaction.atomic
def notifications_assignments_transferred(*, transfer_ids: list[int]) -> list[int]:
    """Tell the new holder of transferred work (a notice of assignment, with the reason);
    one email per recipient for one transfer batch."""
    from directives.models import AssignmentTransfer

    transfers = list(
        AssignmentTransfer.objects.filter(pk__in=transfer_ids).select_related("from_holder").order_by("pk")
    )
    assignments = {a.pk: a for a in _event_assignments([t.assignment_id for t in transfers])}
    entries = [
        (assignments[t.assignment_id], {"transfer_reason": t.reason, "from_holder": t.from_holder.name})
        for t in transfers
        if t.assignment_id in assignments and assignments[t.assignment_id].holder_id == t.to_holder_id
    ]
    if not entries:
        return []
    occasion = "transfer-" + _event_key(*sorted(t.pk for t in transfers))
    return _record_event(kind=Kind.ASSIGNED, occasion=occasion, entries=entries)


@transaction.atomic
def notifications_completion_decided(*, assignment_id: int, confirmed: bool, reason: str = "") -> list[int]:
    """Tell the holder that office staff confirmed its completion, or sent it back."""
    assignments = _event_assignments([assignment_id])
    if not assignments:
        return []
    assignment = assignments[0]
    if confirmed:
        stamp = assignment.confirmed_at or assignment.updated_at
        return _record_event(
            kind=Kind.COMPLETION_CONFIRMED, occasion=f"{stamp.timestamp():.6f}", entries=[(assignment, {})]
        )
    detail = {"reason": reason or assignment.return_reason}
    return _record_event(
        kind=Kind.COMPLETION_RETURNED,
        occasion=f"{assignment.updated_at.timestamp():.6f}",
        entries=[(assignment, detail)],
    )


@transaction.atomic
def notifications_extension_decided(*, extension_request_id: int) -> list[int]:
    """Tell the holder and the officer who asked what office staff decided."""
    request = (
        ExtensionRequest.objects.select_related("assignment__task", "requested_by")
        .filter(pk=extension_request_id)
        .first()
    )
    if request is None or request.state == "pending" or request.assignment.withdrawn_on:
        return []
    approved = request.state == "approved"
    decision = (
        f"Đồng ý gia hạn đến {emails.long_date(request.requested_due_on)}."
        if approved
        else "Không đồng ý gia hạn; thời hạn giữ nguyên."
    )
    if request.decision_comment:
        decision += f" Ý kiến: {request.decision_comment}"
    extra = []
    if request.requested_by.email:
        extra.append(selectors._user_recipient(request.requested_by, request.assignment.holder_id))
    stamp = (request.decided_at or timezone.now()).timestamp()
    return _record_event(
        kind=Kind.EXTENSION_DECIDED,
        occasion=f"x{request.pk}-{stamp:.0f}",
        entries=[(request.assignment, {"decision": decision, "approved": approved})],
        extra=extra,
    )
