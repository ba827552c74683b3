"""Reads of the work pages (assignment, task, evidence); each owns its joins."""

from django.db.models import Count
from django.shortcuts import get_object_or_404

from .history import history_for
from .models import Assignment, Directive, EvidenceFile, ExtensionRequest, ExtensionState, Indicator, Task


def assignment_for_page(*, user, pk: int) -> Assignment:
    """The assignment if the user may see it (404 otherwise, so ids of others stay unknown)."""
    queryset = Assignment.objects.select_related(
        "task__directive", "task__section", "agency", "holder", "via_group", "confirmed_by"
    )
    return get_object_or_404(queryset.visible_to(user), pk=pk)


def assignment_page_data(*, user, assignment: Assignment) -> dict:
    requests = list(assignment.extension_requests.select_related("requested_by", "decided_by"))
    others = assignment.task.assignments.exclude(pk=assignment.pk).select_related("agency", "holder").visible_to(user)
    return {
        "extension_requests": requests,
        "pending_request": next((r for r in requests if r.state == ExtensionState.PENDING), None),
        "latest_decision": next(
            (r for r in requests if r.state in (ExtensionState.APPROVED, ExtensionState.REFUSED)), None
        ),
        "other_assignments": list(others),
        "history": history_for(
            [
                Assignment.history.filter(id=assignment.pk),
                ExtensionRequest.history.filter(assignment_id=assignment.pk),
                Task.history.filter(id=assignment.task_id),
            ]
        ),
    }


def task_for_page(*, user, pk: int) -> Task:
    queryset = Task.objects.select_related("directive", "section")
    return get_object_or_404(queryset.visible_to(user), pk=pk)


def task_page_data(*, user, task: Task) -> dict:
    assignments = task.assignments.visible_to(user).select_related("agency", "holder", "via_group")
    assignment_ids = [a.pk for a in assignments]
    return {
        "assignments": list(assignments),
        "history": history_for(
            [
                Task.history.filter(id=task.pk),
                Assignment.history.filter(id__in=assignment_ids),
                ExtensionRequest.history.filter(assignment_id__in=assignment_ids),
            ]
        ),
    }


def evidence_for_download(*, user, pk: int) -> EvidenceFile:
    return get_object_or_404(EvidenceFile.objects.visible_to(user), pk=pk)


def extension_request_for_decision(*, user, pk: int) -> ExtensionRequest:
    return get_object_or_404(ExtensionRequest.objects.visible_to(user).select_related("assignment"), pk=pk)


def directive_for_page(*, user, slug: str) -> Directive:
    """The directive if the user may see it (404 otherwise)."""
    return get_object_or_404(Directive.objects.visible_to(user).select_related("focal_agency"), slug=slug)


def assignment_of_task_for_page(*, user, pk: int, task: Task) -> Assignment | None:
    """An assignment of `task` the user may see, or None (a form's "back to" page)."""
    queryset = Assignment.objects.select_related(
        "task__directive", "task__section", "agency", "holder", "via_group", "confirmed_by"
    )
    return queryset.visible_to(user).filter(pk=pk, task=task).first()


def task_holder_ids(*, task_id: int) -> set[int]:
    """The agencies holding live work on a task."""
    return set(Assignment.objects.live().filter(task_id=task_id).values_list("holder_id", flat=True))


def directive_with_counts(*, slug: str) -> tuple[Directive, dict]:
    """A directive and how many tasks and assignments it holds (the importer's saved page)."""
    directive = get_object_or_404(Directive.objects.only("slug", "title", "kind", "number"), slug=slug)
    counts = Task.objects.filter(directive=directive).aggregate(
        tasks=Count("pk", distinct=True), assignments=Count("assignments", distinct=True)
    )
    return directive, counts


def directives_with_reporting_rules():
    """Directives that set a reporting regime, by slug (the compiled reports' build form)."""
    return Directive.objects.filter(reporting_rules__isnull=False).distinct().order_by("slug")


def indicator_for_entry(*, pk: int) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("directive", "focal_agency"), pk=pk)
