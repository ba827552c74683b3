"""Reads of the API that narrow the pages' selectors to what an answer carries."""

from django.db.models import QuerySet

# The columns AssignmentSerializer writes; the rest (long titles, JSON lists of the directive,
# the successor chain the pages print) is not read for an API page.
ASSIGNMENT_ROW_FIELDS = [
    "task_id",
    "agency_id",
    "holder_id",
    "role",
    "lifecycle",
    "progress_percent",
    "due_on",
    "extended_due_on",
    "effective_due_on",
    "assigned_on",
    "completed_on",
    "return_reason",
    "withdrawn_on",
    "task__ref",
    "task__content",
    "task__directive_id",
    "task__directive__slug",
    "task__directive__number",
    "agency__code",
    "agency__name",
    "agency__short_name",
    "holder__code",
    "holder__name",
    "holder__short_name",
]


def assignment_rows(queryset: QuerySet) -> QuerySet:
    """`directives.selectors.assignment_list` (visibility, status, order) with only the joins
    and columns of an API row."""
    return (
        queryset.select_related(None).select_related("task__directive", "agency", "holder").only(*ASSIGNMENT_ROW_FIELDS)
    )
