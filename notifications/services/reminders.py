"""The day's reminders (nhắc hạn) and digests, recorded set-based, sent once.

`reminders_prepare_day` is one INSERT … SELECT per reminder kind, whatever the number of
assignments; the unique constraints make a second run of the same day record nothing new.
"""

import dataclasses
import datetime
import logging

from django.db import connection, transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from accounts.models import Role
from directives.models import Assignment, ReportingRule, Task
from directives.models.directive import DirectiveState
from reports.models import ReportSubmission

from .. import conf, selectors
from ..models import Category, EmailState, Kind, Notification, OutgoingEmail
from ..selectors import Recipient
from . import sending
from .notices import inbox_deliver

logger = logging.getLogger(__name__)


def local_today() -> datetime.date:
    """Today in Asia/Ho_Chi_Minh (settings.TIME_ZONE), whatever the server's own zone."""
    return timezone.localdate()


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
    n_table, a_table, t_table = Notification._meta.db_table, Assignment._meta.db_table, Task._meta.db_table
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
            sending.enqueue_sends(ids)
    logger.info(
        "reminders for %s: %d notifications, %d emails for the day, %d pending",
        day,
        result.notifications,
        result.emails,
        len(result.pending_email_ids),
    )
    return result
