"""Writes of the notification layer: record what must be sent, then send each email once.

The day's job (`reminders_prepare_day`) is set-based: one INSERT … SELECT per reminder
kind, whatever the number of assignments; the unique constraints make a second run of
the same day record nothing new. Emails are sent one per task (`email_send`), each
claimed under a row lock and marked sent before the message is finished (see delivery).
"""

import dataclasses
import datetime
import hashlib
import logging
import random

from django.db import connection, transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from accounts.models import Role
from directives.models import Assignment, ExtensionRequest, ReportingRule
from directives.models.directive import DirectiveState
from reports.models import ReportSubmission

from . import conf, delivery, emails, selectors
from .models import Category, EmailState, InboxItem, Kind, Notification, NotificationPreference, OutgoingEmail
from .selectors import Recipient

logger = logging.getLogger(__name__)


def local_today() -> datetime.date:
    """Today in Asia/Ho_Chi_Minh (settings.TIME_ZONE), whatever the server's own zone."""
    return timezone.localdate()


# ---------------------------------------------------------------- the day's reminders


@dataclasses.dataclass
class DayResult:
    day: datetime.date
    notifications: int = 0
    emails: int = 0
    pending_email_ids: list[int] = dataclasses.field(default_factory=list)


def _route_rows(routes: dict[int, list[Recipient]], kind: str) -> list[tuple]:
    return [
        (holder_id, r.email, r.user_id, r.agency_id, r.is_placeholder)
        for holder_id, recipients in routes.items()
        for r in recipients
        if r.wants(kind)
    ]


def _insert_deadline_notifications(*, kind: str, days: list[datetime.date], day: datetime.date, routes) -> int:
    """One INSERT … SELECT: every live assignment due on one of `days`, for each address
    that hears about its holder; existing (kind, assignment, address, day) rows are kept."""
    rows = _route_rows(routes, kind)
    if not rows or not days:
        return 0
    values = ", ".join(
        ["(CAST(%s AS bigint), CAST(%s AS varchar(254)), CAST(%s AS bigint), CAST(%s AS bigint), CAST(%s AS boolean))"]
        * len(rows)
    )
    params: list = [p for row in rows for p in row]
    empty_json = "'{}'::jsonb" if connection.vendor == "postgresql" else "'{}'"
    n_table, a_table, t_table = Notification._meta.db_table, Assignment._meta.db_table, "directives_task"
    day_marks = ", ".join(["%s"] * len(days))
    # VALUES columns are column1…column5 in both PostgreSQL and SQLite.
    sql = f"""
        INSERT INTO {n_table}
            (kind, object_key, recipient, occasion, user_id, agency_id, is_placeholder, assignment_id,
             directive_id, due_on, detail, email_id, created_at)
        SELECT %s, CAST(a.id AS varchar(64)), route.column2, %s, route.column3, route.column4,
               route.column5, a.id, t.directive_id, a.effective_due_on, {empty_json}, NULL, %s
        FROM {a_table} a
        JOIN {t_table} t ON t.id = a.task_id
        JOIN (VALUES {values}) AS route ON route.column1 = a.holder_id
        WHERE a.withdrawn_on IS NULL
          AND a.lifecycle NOT IN (%s, %s)
          AND a.effective_due_on IN ({day_marks})
        ON CONFLICT DO NOTHING
    """
    params = [kind, day.isoformat(), timezone.now(), *params, *selectors.NOT_CHASED, *days]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _report_notifications(*, day: datetime.date, routes) -> list[Notification]:
    """Reports owed within the configured days by agencies that have not submitted them."""
    offsets = conf.report_days_before()
    if not offsets:
        return []
    start, end = day + datetime.timedelta(days=min(offsets)), day + datetime.timedelta(days=max(offsets))
    occurrences = []  # (rule, due day)
    for rule in ReportingRule.objects.filter(directive__state=DirectiveState.OPEN).select_related("directive"):
        occurrences += [(rule, due) for due in rule.due_dates_between(start, end) if (due - day).days in offsets]
    if not occurrences:
        return []
    directive_ids = {rule.directive_id for rule, _ in occurrences}
    holders: dict[int, set[int]] = {}
    for directive_id, holder_id in (
        Assignment.objects.filter(task__directive_id__in=directive_ids, withdrawn_on__isnull=True)
        .values_list("task__directive_id", "holder_id")
        .distinct()
    ):
        holders.setdefault(directive_id, set()).add(holder_id)
    submitted = set(
        ReportSubmission.objects.filter(
            directive_id__in=directive_ids, due_on__in={due for _, due in occurrences}, submitted_at__isnull=False
        ).values_list("directive_id", "agency_id", "due_on")
    )
    result, now_key = [], day.isoformat()
    for rule, due in occurrences:
        owing = {rule.reporter_id} if rule.reporter_id else holders.get(rule.directive_id, set())
        for agency_id in sorted(owing):
            recipients = routes.get(agency_id, [])
            # A successor answers for its closed predecessor: either one's submission counts.
            answered_by = {agency_id, *(r.agency_id for r in recipients)}
            if any((rule.directive_id, a, due) in submitted for a in answered_by):
                continue
            for r in recipients:
                if not r.wants(Kind.REPORT_DUE):
                    continue
                result.append(
                    Notification(
                        kind=Kind.REPORT_DUE,
                        object_key=f"{rule.directive_id}:{due.isoformat()}",
                        recipient=r.email,
                        occasion=now_key,
                        user_id=r.user_id,
                        agency_id=r.agency_id,
                        is_placeholder=r.is_placeholder,
                        directive_id=rule.directive_id,
                        due_on=due,
                        detail={
                            "directive_number": rule.directive.number or rule.directive.get_kind_display(),
                            "directive_title": rule.directive.title[:200],
                            "period": rule.describe() if rule.period else "",
                            "agency_name": "",
                        },
                    )
                )
    return result


def _bundle_daily(*, day: datetime.date) -> None:
    """Every notification not yet in an email goes into its recipient's daily email for `day`."""
    occasion = day.isoformat()
    waiting = (
        Notification.objects.filter(email__isnull=True)
        .values("recipient")
        .annotate(user_id=Max("user_id"), agency_id=Max("agency_id"))
        .order_by("recipient")
    )
    placeholders = set(
        Notification.objects.filter(email__isnull=True, is_placeholder=True)
        .values_list("recipient", flat=True)
        .distinct()
    )
    OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(
                recipient=row["recipient"],
                user_id=row["user_id"],
                agency_id=row["agency_id"],
                category=Category.DAILY,
                occasion=occasion,
                day=day,
                is_placeholder=row["recipient"] in placeholders,
            )
            for row in waiting
        ],
        ignore_conflicts=True,
    )
    Notification.objects.filter(email__isnull=True).update(
        email=Subquery(
            OutgoingEmail.objects.filter(
                recipient=OuterRef("recipient"), category=Category.DAILY, occasion=occasion, state=EmailState.PENDING
            ).values("id")[:1]
        )
    )


def _digests(*, day: datetime.date, routes) -> list[OutgoingEmail]:
    occasion = day.isoformat()
    result = []
    if selectors.became_overdue(day=day).exists():
        result += [
            OutgoingEmail(
                recipient=r.email,
                user_id=r.user_id,
                agency_id=None,
                category=Category.OFFICE_DIGEST,
                occasion=occasion,
                day=day,
                is_placeholder=r.is_placeholder,
            )
            for r in selectors.role_recipients(Role.OFFICE_STAFF)
            if r.wants(Category.OFFICE_DIGEST)
        ]
    if day.weekday() == conf.weekly_digest_weekday():
        result += [
            OutgoingEmail(
                recipient=r.email,
                user_id=r.user_id,
                category=Category.LEADER_DIGEST,
                occasion=occasion,
                day=day,
                is_placeholder=r.is_placeholder,
            )
            for r in selectors.role_recipients(Role.LEADER)
            if r.wants(Category.LEADER_DIGEST)
        ]
        for holder_id in sorted(selectors.overdue_counts_by_holder(day=day)):
            result += [
                OutgoingEmail(
                    recipient=r.email,
                    user_id=r.user_id,
                    agency_id=r.agency_id,
                    category=Category.AGENCY_WEEKLY,
                    occasion=occasion,
                    day=day,
                    is_placeholder=r.is_placeholder,
                )
                for r in routes.get(holder_id, [])
            ]
    # Two closed agencies with one successor route to the same addresses: one email each.
    unique = {(e.recipient, e.category): e for e in result}
    return list(unique.values())


def reminders_prepare_day(*, day: datetime.date, enqueue: bool = True) -> DayResult:
    """Record everything due to be sent on `day` and (after commit) enqueue its emails.

    Safe to run any number of times for the same day: nothing is recorded twice, and only
    emails still pending are enqueued again.
    """
    result = DayResult(day=day)
    with transaction.atomic():
        routes = selectors.agency_routes()
        soon = [day + datetime.timedelta(days=n) for n in conf.deadline_days_before() if n > 0]
        for kind, days in (
            (Kind.DEADLINE_SOON, soon),
            (Kind.DUE_TODAY, [day]),
            (Kind.OVERDUE, [day - datetime.timedelta(days=1)]),
        ):
            _insert_deadline_notifications(kind=kind, days=days, day=day, routes=routes)
        Notification.objects.bulk_create(_report_notifications(day=day, routes=routes), ignore_conflicts=True)
        inbox_deliver(occasion=day.isoformat())
        _bundle_daily(day=day)
        OutgoingEmail.objects.bulk_create(_digests(day=day, routes=routes), ignore_conflicts=True)
        # Totals for the day (a re-run reports the same figures and records nothing new).
        result.notifications = Notification.objects.filter(occasion=day.isoformat()).count()
        result.emails = OutgoingEmail.objects.filter(day=day).exclude(category=Category.EVENT).count()
        result.pending_email_ids = list(
            OutgoingEmail.objects.filter(state=EmailState.PENDING, day__lte=day)
            .order_by("id")
            .values_list("id", flat=True)
        )
        if enqueue:
            ids = list(result.pending_email_ids)
            transaction.on_commit(lambda: enqueue_sends(ids))
    logger.info(
        "reminders for %s: %d notifications, %d emails for the day, %d pending",
        day,
        result.notifications,
        result.emails,
        len(result.pending_email_ids),
    )
    return result


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
    from .tasks import send_email_task

    for email_id in email_ids:
        send_email_task.apply_async((email_id,), queue=conf.queue())


# ---------------------------------------------------------------- events


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
                day=local_today(),
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
    transaction.on_commit(lambda: enqueue_sends(ids))
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


# ---------------------------------------------------------------- sending


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
        transaction.on_commit(lambda: enqueue_sends([email.pk]))
    return True


# ---------------------------------------------------------------- preferences


def preference_for(user) -> NotificationPreference:
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)


def preference_update(*, user, delivery: str, muted_kinds: list[str], actor) -> NotificationPreference:
    """Set how `user` hears; essential kinds (own agency's overdue work) cannot be muted."""
    from .models import ESSENTIAL_KINDS

    if actor.pk != user.pk and not actor.is_superuser:
        raise PermissionError("only the user sets their own notification preferences")
    muted = sorted(set(muted_kinds) - set(ESSENTIAL_KINDS))
    with transaction.atomic():
        preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
        preference.delivery, preference.muted_kinds = delivery, muted
        preference.save(update_fields=["delivery", "muted_kinds", "updated_at"])
    return preference
