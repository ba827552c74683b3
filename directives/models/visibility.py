"""Who may see what: the one visibility rule, as QuerySet methods (NetBox's `restrict()`).

Every page, download, export, dashboard, job and API reads through these methods:

- Office staff and provincial leaders see everything.
- Anyone else sees only through the agency they belong to (none: nothing):
  * the assignments their agency holds (việc của đơn vị);
  * on a task their agency leads (chủ trì): every assignment of the task, with its progress
    notes and evidence, since the lead compiles the coordinators' contributions;
  * on a task their agency only coordinates (phối hợp): the lead's assignment — status,
    deadline, progress, notes — but not the other coordinating agencies' assignments;
  * a task or a directive when their agency holds live (not withdrawn) work on it.

Progress updates, evidence files and extension requests are visible with their assignment.
"""

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q

from .roles import AssignmentRole


def sees_everything(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.sees_everything


def agency_of(user) -> int | None:
    return getattr(user, "agency_id", None) if getattr(user, "is_authenticated", False) else None


def _live_held(agency_id: int, *, role: str | None = None):
    held = apps.get_model("directives", "Assignment").objects.filter(holder_id=agency_id, withdrawn_on__isnull=True)
    if role:
        held = held.filter(role=role)
    return held.values("task_id")


def assignment_visibility_q(agency_id: int, prefix: str = "") -> Q:
    """The rule for one agency, on the assignment reached through `prefix` ("assignment__").

    Written as "a task the agency works on" AND (its own, a lead's, or a task it leads), so
    the first part is a semi-join on the task index and the rest filters the few rows left.
    """
    return Q(**{f"{prefix}task_id__in": _live_held(agency_id)}) & (
        Q(**{f"{prefix}holder_id": agency_id})
        | Q(**{f"{prefix}role": AssignmentRole.LEAD})
        | Q(**{f"{prefix}task_id__in": _live_held(agency_id, role=AssignmentRole.LEAD)})
    )


class _RestrictedByAssignment(models.QuerySet):
    """Rows that belong to an assignment (updates, evidence, extension requests)."""

    assignment_path = "assignment__"

    def visible_to(self, user):
        if sees_everything(user):
            return self
        agency_id = agency_of(user)
        if agency_id is None:
            return self.none()
        return self.filter(assignment_visibility_q(agency_id, self.assignment_path))


class AssignmentQuerySet(_RestrictedByAssignment):
    assignment_path = ""

    def live(self):
        """Not withdrawn (thu hồi): what lists, counts and reminders look at."""
        return self.filter(withdrawn_on__isnull=True)

    def held_by(self, user):
        """The assignments the user's agency holds ("Việc của đơn vị")."""
        agency_id = agency_of(user)
        if agency_id is None:
            return self.none()
        return self.filter(holder_id=agency_id)


class ProgressUpdateQuerySet(_RestrictedByAssignment):
    pass


class ExtensionRequestQuerySet(_RestrictedByAssignment):
    pass


class EvidenceFileQuerySet(_RestrictedByAssignment):
    assignment_path = "update__assignment__"


class TaskQuerySet(models.QuerySet):
    def unassigned(self):
        """Tasks no agency holds live work on ("chưa giao việc"), in directives still followed."""
        live = apps.get_model("directives", "Assignment").objects.filter(
            task_id=OuterRef("pk"), withdrawn_on__isnull=True
        )
        return self.filter(~Exists(live), directive__state="open")

    def visible_to(self, user):
        if sees_everything(user):
            return self
        agency_id = agency_of(user)
        if agency_id is None:
            return self.none()
        return self.filter(id__in=_live_held(agency_id))


class DirectiveQuerySet(models.QuerySet):
    def visible_to(self, user):
        if sees_everything(user):
            return self
        agency_id = agency_of(user)
        if agency_id is None:
            return self.none()
        held = apps.get_model("directives", "Assignment").objects.filter(holder_id=agency_id, withdrawn_on__isnull=True)
        return self.filter(id__in=held.values("task__directive_id"))
