"""Reads the notification jobs need: who hears about an agency's work, and digest figures.

Every function here runs a fixed number of queries whatever the number of assignments.
"""

import dataclasses
import datetime

from django.db.models import Count, QuerySet

from accounts.models import Role, User
from agencies.models import Agency
from directives.models import Assignment
from directives.status import Lifecycle, StatusCategory, due_within_q, status_q

from .models import ESSENTIAL_KINDS, Delivery, NotificationPreference

PLACEHOLDER_DOMAIN = "langson.example"
# Work the agency says is finished and waits for confirmation is not chased any more.
NOT_CHASED = (Lifecycle.DONE, Lifecycle.AWAITING_CONFIRMATION)


def is_placeholder_address(address: str) -> bool:
    return address.lower().rsplit("@", 1)[-1].endswith(PLACEHOLDER_DOMAIN)


@dataclasses.dataclass(frozen=True)
class Recipient:
    """One address that hears about one agency's work."""

    email: str
    agency_id: int
    user_id: int | None = None
    is_placeholder: bool = False
    daily: bool = False  # the user prefers one daily email to immediate notices
    muted: frozenset = frozenset()

    def wants(self, kind: str) -> bool:
        return kind in ESSENTIAL_KINDS or kind not in self.muted


def _user_recipient(user: User, agency_id: int | None) -> Recipient:
    preference: NotificationPreference | None = getattr(user, "notification_preference", None)
    return Recipient(
        email=user.email.strip().lower(),
        agency_id=agency_id,
        user_id=user.pk,
        is_placeholder=is_placeholder_address(user.email),
        daily=bool(preference and preference.delivery == Delivery.DAILY),
        muted=frozenset(preference.muted_kinds if preference else ()),
    )


def _users_with_roles(roles: list[Role]) -> QuerySet:
    return (
        User.objects.filter(is_active=True, groups__name__in=[r.value for r in roles])
        .exclude(email="")
        .select_related("notification_preference")
        .distinct()
        .order_by("pk")
    )


def agency_routes() -> dict[int, list[Recipient]]:
    """For every agency id, the addresses that hear about work it holds: the notification
    address and the officers of the agency that holds its work today (its successor when
    it has closed). Two queries."""
    agencies = {
        a.pk: a for a in Agency.objects.only("pk", "email", "email_is_placeholder", "closed_on", "successor_id")
    }

    def current(agency_id: int) -> int:
        seen = set()
        agency = agencies[agency_id]
        while agency.successor_id and agency.closed_on and agency.pk not in seen and agency.successor_id in agencies:
            seen.add(agency.pk)
            agency = agencies[agency.successor_id]
        return agency.pk

    by_holder: dict[int, list[Recipient]] = {}
    for agency in agencies.values():
        if agency.email:
            by_holder.setdefault(agency.pk, []).append(
                Recipient(
                    email=agency.email.strip().lower(),
                    agency_id=agency.pk,
                    is_placeholder=agency.email_is_placeholder or is_placeholder_address(agency.email),
                )
            )
    for user in _users_with_roles([Role.OFFICER, Role.AGENCY_HEAD]).filter(agency__isnull=False):
        if user.agency_id in agencies:
            by_holder.setdefault(user.agency_id, []).append(_user_recipient(user, user.agency_id))
    routes: dict[int, list[Recipient]] = {}
    for agency_id in agencies:
        seen_emails: set[str] = set()
        routes[agency_id] = [
            r for r in by_holder.get(current(agency_id), []) if not (r.email in seen_emails or seen_emails.add(r.email))
        ]
    return routes


def role_recipients(role: Role) -> list[Recipient]:
    """Office staff (daily digest) or provincial leaders (weekly digest)."""
    return [_user_recipient(user, user.agency_id) for user in _users_with_roles([role])]


def live_assignments() -> QuerySet:
    return Assignment.objects.filter(withdrawn_on__isnull=True)


def overdue_assignments(*, day: datetime.date) -> QuerySet:
    """Not done and past the deadline on `day` (the `overdue=true` filter of the list)."""
    return live_assignments().filter(status_q(StatusCategory.OVERDUE, day))


def became_overdue(*, day: datetime.date) -> QuerySet:
    """Work whose deadline was yesterday and is not done: overdue from `day` on."""
    return overdue_assignments(day=day).filter(effective_due_on=day - datetime.timedelta(days=1))


def due_between(*, start: datetime.date, end: datetime.date) -> QuerySet:
    """In progress on `start` and due by `end`, not reported done (nobody is chased for that)."""
    return live_assignments().filter(due_within_q(start, (end - start).days)).exclude(lifecycle__in=NOT_CHASED)


def with_display(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("task__directive", "holder", "agency")


def counts_by_holder(queryset: QuerySet, *, limit: int) -> tuple[list[dict], int]:
    """The agencies with most rows first (at most `limit`) and how many agencies in all."""
    rows = list(
        queryset.values("holder_id", "holder__name", "holder__code")
        .annotate(n=Count("id"))
        .order_by("-n", "holder__name")
    )
    return rows[:limit], len(rows)


def overdue_counts_by_holder(*, day: datetime.date) -> dict[int, int]:
    return dict(overdue_assignments(day=day).values_list("holder_id").annotate(n=Count("id")).order_by())
