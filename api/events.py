"""What each webhook event says: a small, stable JSON snapshot built from committed rows."""

import datetime

from django.urls import reverse
from django.utils import timezone

from directives.models import Assignment, ExtensionRequest
from directives.status import Lifecycle, StatusCategory, status_category

from . import services
from .models import EventKind


def _assignment_data(assignment: Assignment, today: datetime.date) -> dict:
    return {
        "assignment": {
            "id": assignment.pk,
            "task_id": assignment.task_id,
            "task_ref": assignment.task.ref,
            "directive": assignment.task.directive.slug,
            "agency": assignment.agency.code,
            "holder": assignment.holder.code,
            "role": assignment.role,
            "lifecycle": assignment.lifecycle,
            "status": assignment.status_on(today).value,
            "due_on": assignment.due_on,
            "extended_due_on": assignment.extended_due_on,
            "completed_on": assignment.completed_on,
            "url": reverse("api:assignment-detail", kwargs={"pk": assignment.pk}),
        }
    }


def _assignments(ids) -> list[Assignment]:
    return list(
        Assignment.objects.filter(pk__in=ids, withdrawn_on__isnull=True)
        .select_related("task__directive", "agency", "holder")
        .order_by("pk")
    )


def _entry(assignment: Assignment, occasion: str, data: dict) -> dict:
    return {
        "object_key": str(assignment.pk),
        "occasion": occasion,
        "assignment_id": assignment.pk,
        "directive_id": assignment.task.directive_id,
        "data": data,
    }


def _status_entry(assignment: Assignment, before: str, after: str, occasion: str, today) -> dict:
    data = {**_assignment_data(assignment, today), "status_before": before, "status_after": after}
    return _entry(assignment, occasion, data)


def assignments_created(*, assignment_ids: list[int]) -> list[int]:
    today = timezone.localdate()
    entries = [_entry(a, "created", _assignment_data(a, today)) for a in _assignments(assignment_ids)]
    return services.webhook_events_record(kind=EventKind.ASSIGNMENT_CREATED, entries=entries)


def completion_decided(*, assignment_id: int, confirmed: bool) -> list[int]:
    assignments = _assignments([assignment_id])
    if not assignments:
        return []
    assignment, today = assignments[0], timezone.localdate()
    stamp = f"{assignment.updated_at.timestamp():.6f}"
    data = _assignment_data(assignment, today)
    if not confirmed:
        data["reason"] = assignment.return_reason
    kind = EventKind.COMPLETION_CONFIRMED if confirmed else EventKind.COMPLETION_RETURNED
    ids = services.webhook_events_record(kind=kind, entries=[_entry(assignment, stamp, data)])
    if confirmed:  # work counts as done from now: its status category changed
        before = status_category(
            lifecycle=Lifecycle.IN_PROGRESS,
            deadline=assignment.due_on,
            extended_deadline=assignment.extended_due_on,
            completed_on=None,
            today=today,
        ).value
        after = assignment.status_on(today).value
        if before != after:
            ids += services.webhook_events_record(
                kind=EventKind.STATUS_CHANGED, entries=[_status_entry(assignment, before, after, stamp, today)]
            )
    return ids


def extension_decided(*, extension_request_id: int) -> list[int]:
    request = ExtensionRequest.objects.filter(pk=extension_request_id).first()
    if request is None or request.state == "pending":
        return []
    assignments = _assignments([request.assignment_id])
    if not assignments:
        return []
    assignment, today = assignments[0], timezone.localdate()
    occasion = f"x{request.pk}"
    data = {
        **_assignment_data(assignment, today),
        "extension_request": {
            "id": request.pk,
            "approved": request.state == "approved",
            "requested_due_on": request.requested_due_on,
            "deadline_at_request": request.deadline_at_request,
            "comment": request.decision_comment,
        },
    }
    ids = services.webhook_events_record(kind=EventKind.EXTENSION_DECIDED, entries=[_entry(assignment, occasion, data)])
    if request.state == "approved":
        before = status_category(
            lifecycle=assignment.lifecycle,
            deadline=assignment.due_on,
            extended_deadline=request.deadline_at_request,
            completed_on=assignment.completed_on,
            today=today,
        ).value
        after = assignment.status_on(today).value
        if before != after:
            ids += services.webhook_events_record(
                kind=EventKind.STATUS_CHANGED, entries=[_status_entry(assignment, before, after, occasion, today)]
            )
    return ids


def became_overdue(*, day: datetime.date) -> list[int]:
    """The daily event: work whose deadline was yesterday and is not done is overdue from `day`."""
    yesterday = day - datetime.timedelta(days=1)
    rows = list(
        Assignment.objects.live()
        .filter(effective_due_on=yesterday)
        .exclude(lifecycle=Lifecycle.DONE, completed_on__lte=day)
        .select_related("task__directive", "agency", "holder")
        .order_by("pk")
    )
    entries = [
        _status_entry(a, StatusCategory.IN_PROGRESS.value, StatusCategory.OVERDUE.value, day.isoformat(), day)
        for a in rows
    ]
    return services.webhook_events_record(kind=EventKind.STATUS_CHANGED, entries=entries)


def report_published(*, compiled_report_id: int) -> list[int]:
    from reports.models import CompiledReport

    report = CompiledReport.objects.select_related("directive").filter(pk=compiled_report_id).first()
    if report is None:
        return []
    data = {
        "report": {
            "id": report.pk,
            "directive": report.directive.slug,
            "period": report.period,
            "as_of": report.as_of,
            "due_on": report.due_on,
            "pdf_sha256": report.pdf_sha256,
            "url": reverse("api:report-detail", kwargs={"pk": report.pk}),
        }
    }
    entry = {
        "object_key": str(report.pk),
        "occasion": "published",
        "directive_id": report.directive_id,
        "compiled_report_id": report.pk,
        "data": data,
    }
    return services.webhook_events_record(kind=EventKind.REPORT_PUBLISHED, entries=[entry])


def direction_posted(*, direction_id: int) -> list[int]:
    """A leader's direction (ý kiến chỉ đạo) on a directive, a task or one assignment."""
    from collaboration.models import Direction

    direction = (
        Direction.objects.select_related("directive", "task", "agency", "author").filter(pk=direction_id).first()
    )
    if direction is None:
        return []
    data = {
        "direction": {
            "id": direction.pk,
            "directive": direction.directive.slug,
            "task_id": direction.task_id,
            "assignment_id": direction.assignment_id,
            "agency": direction.agency.code if direction.agency_id else None,
            "author": str(direction.author),
            "body": direction.body,
            "proposed_due_on": direction.proposed_due_on,
            "created_at": direction.created_at,
        }
    }
    entry = {
        "object_key": str(direction.pk),
        "occasion": "posted",
        "directive_id": direction.directive_id,
        "direction_id": direction.pk,
        "data": data,
    }
    return services.webhook_events_record(kind=EventKind.DIRECTION_POSTED, entries=[entry])
