"""Reads of the agency pages; each owns its joins."""

import datetime

from django.db.models import QuerySet

from directives.models import Assignment
from directives.selectors import Progress, assignment_list, status_counts

from .models import Agency


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
        "predecessors": list(agency.predecessors.order_by("name")),
        "progress": Progress(counts.get(agency.pk)),
    }
