"""Reads of the agency registry that pages, commands and pickers need."""

import datetime

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from directives.models import Assignment
from directives.selectors import Progress, assignment_list, status_counts

from .membership import members_on
from .models import Agency, AgencyGroup


def agencies_active_on(day: datetime.date) -> QuerySet:
    """Agencies working on `day` (opened by then, not closed by then), by name."""
    return Agency.objects.active_on(day).order_by("name")


def agency_choices(*, day: datetime.date, include_closed: bool = False) -> QuerySet:
    """What a picker or filter offers: today's agencies, or every agency when asked
    ("gồm cơ quan đã giải thể/sáp nhập")."""
    return Agency.objects.order_by("name") if include_closed else agencies_active_on(day)


def agency_registry_export(*, as_of: datetime.date) -> dict:
    """The registry on `as_of` in the exchange form of docs/agencies.md: the agencies
    active that day and each group's members that day. Three queries."""
    agencies = list(
        Agency.objects.active_on(as_of)
        .select_related("successor")
        .prefetch_related("function_successions__successor")
        .order_by("code")
    )
    groups = AgencyGroup.objects.prefetch_related(Prefetch("members", queryset=Agency.objects.order_by("code")))
    return {
        "as_of": as_of.isoformat(),
        "agencies": [_agency_row(a) for a in agencies],
        "groups": [
            {"name": g.name, "members": sorted(m.code for m in members_on(g, as_of))} for g in groups.order_by("name")
        ],
    }


def _agency_row(agency: Agency) -> dict:
    successors = [agency.successor.code] if agency.successor_id else []
    successors += [s.successor.code for s in agency.function_successions.all() if s.successor.code not in successors]
    return {
        "code": agency.code,
        "name": agency.name,
        "short_names": [agency.short_name] if agency.short_name else [],
        "kind": agency.kind,
        "opened_on": agency.established_on.isoformat() if agency.established_on else None,
        "closed_on": agency.closed_on.isoformat() if agency.closed_on else None,
        "successors": successors,
    }


def agencies_for_page() -> QuerySet:
    """Agencies with what their page shows: successor, former district, the closed agencies
    whose work each took over and the functions that moved (three prefetches)."""
    return Agency.objects.select_related("successor", "former_district").prefetch_related(
        "predecessors", "function_predecessions__predecessor", "function_successions__successor"
    )


def agency_list() -> QuerySet:
    return Agency.objects.select_related("successor")


def agency_work_visible(*, agency: Agency, user, today: datetime.date) -> QuerySet:
    """The work `agency` holds that `user` may see, as the assignment list shows it."""
    return assignment_list(user=user, today=today).filter(holder=agency)


def agency_page(*, agency: Agency, user, today: datetime.date) -> dict:
    counts = status_counts(
        assignments=Assignment.objects.visible_to(user).filter(holder=agency), today=today, by="holder_id"
    )
    return {
        "predecessors": sorted(agency.predecessors.all(), key=lambda a: a.name),
        "progress": Progress(counts.get(agency.pk)),
    }


def agency_by_code(code: str) -> Agency:
    """One agency by its code (404 when there is none)."""
    return get_object_or_404(Agency, code=code)
