"""Who may act on what. What a person may *see* is one rule: the `visible_to(user)` methods
of `directives.models.visibility`; this module says who may *change* what they see.

Office staff change everything; an officer or agency head changes only the assignments
their agency holds; leaders read. The person who asks never decides (four eyes).
"""

from django.core.exceptions import PermissionDenied

from accounts.models import Role

from .models import Assignment


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


def require_other_person(*, asker, decider, message: str) -> None:
    """Four eyes: whoever asked (reported completion, requested an extension, submitted a
    report) may not also decide on it."""
    if asker is not None and decider is not None and asker.pk == decider.pk:
        raise PermissionDenied(message)
