"""Reads of the transfer pages: the "chờ chuyển giao" queue and the rows of a bulk transfer."""

import datetime

from django.db.models import Q, QuerySet

from .models import Assignment
from .status import Lifecycle, status_category_expression


def awaiting_transfer(*, today: datetime.date) -> QuerySet:
    """Open work whose holder has closed (a district UBND with no successor, or work left
    with a closed agency): it waits for office staff to transfer it. Oldest deadline first."""
    return (
        Assignment.objects.filter(withdrawn_on__isnull=True, holder__closed_on__lte=today)
        .exclude(lifecycle=Lifecycle.DONE)
        .select_related("task__directive", "agency", "holder__successor")
        .annotate(status=status_category_expression(today))
        .order_by("effective_due_on", "id")
    )


def transfer_candidates(*, queryset: QuerySet, today: datetime.date) -> QuerySet:
    """The rows of a filtered list that can still move (not done, not withdrawn)."""
    return (
        queryset.filter(withdrawn_on__isnull=True)
        .exclude(Q(lifecycle=Lifecycle.DONE))
        .select_related("task__directive", "agency", "holder")
        .order_by("effective_due_on", "id")
    )
