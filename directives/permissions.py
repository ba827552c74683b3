"""Who may see and change what. Every view, export, download and count goes through here.

Office staff and provincial leaders see everything; office staff change everything. An
officer sees the assignments of tasks their agency holds work on (so a lead sees its
coordinators' contributions) and changes only the assignments their agency holds.
"""

from django.db.models import QuerySet

from accounts.models import Role

from .models import Assignment, Directive, Task


def _held_task_ids(user):
    return Assignment.objects.filter(holder_id=user.agency_id, withdrawn_on__isnull=True).values("task_id")


def assignments_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Assignment.objects.all() if queryset is None else queryset
    if user.sees_everything:
        return queryset
    if not user.agency_id:
        return queryset.none()
    return queryset.filter(task_id__in=_held_task_ids(user))


def own_assignments(user, queryset: QuerySet | None = None) -> QuerySet:
    """The assignments the user's agency holds (what "Việc của đơn vị" lists)."""
    queryset = Assignment.objects.all() if queryset is None else queryset
    if not user.agency_id:
        return queryset.none()
    return queryset.filter(holder_id=user.agency_id)


def tasks_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Task.objects.all() if queryset is None else queryset
    if user.sees_everything:
        return queryset
    if not user.agency_id:
        return queryset.none()
    return queryset.filter(id__in=_held_task_ids(user))


def directives_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Directive.objects.all() if queryset is None else queryset
    if user.sees_everything:
        return queryset
    if not user.agency_id:
        return queryset.none()
    return queryset.filter(
        id__in=Assignment.objects.filter(holder_id=user.agency_id, withdrawn_on__isnull=True).values(
            "task__directive_id"
        )
    )


def can_work_on(user, assignment: Assignment) -> bool:
    """Report progress, post a contribution, ask for an extension."""
    if assignment.withdrawn_on:
        return False
    if user.is_office_staff:
        return True
    return (
        bool(user.agency_id)
        and assignment.holder_id == user.agency_id
        and (user.has_role(Role.OFFICER) or user.has_role(Role.AGENCY_HEAD))
    )


def can_manage(user) -> bool:
    """Edit directives and tasks, assign agencies, confirm completions, decide extensions."""
    return user.is_office_staff
