"""Reads of directives, tasks and assignments; each owns its joins so query counts are fixed."""

import datetime

from django.db.models import Case, F, Q, QuerySet, Value, When
from django.db.models.fields import CharField

from .models import Assignment
from .status import Lifecycle, StatusCategory


def status_category_expression(today: datetime.date) -> Case:
    """`directives.status.status_category` as SQL, for counting and filtering in the database."""
    done = Q(lifecycle=Lifecycle.DONE, completed_on__lte=today)
    return Case(
        When(done & Q(effective_due_on__isnull=True), then=Value(StatusCategory.DONE_ON_TIME.value)),
        When(effective_due_on__isnull=True, then=Value(StatusCategory.ONGOING.value)),
        When(done & Q(completed_on__lte=F("effective_due_on")), then=Value(StatusCategory.DONE_ON_TIME.value)),
        When(done, then=Value(StatusCategory.DONE_LATE.value)),
        When(effective_due_on__gte=today, then=Value(StatusCategory.IN_PROGRESS.value)),
        default=Value(StatusCategory.OVERDUE.value),
        output_field=CharField(),
    )


def assignments_with_status(*, today: datetime.date, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Assignment.objects.all() if queryset is None else queryset
    return queryset.annotate(status=status_category_expression(today))
