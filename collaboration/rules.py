"""Who may take part, and when: small pure rules with boundary tests (tests/collaboration)."""

import datetime

from accounts.models import Role


def works_for_agency(user) -> bool:
    return user.has_role(Role.OFFICER) or user.has_role(Role.AGENCY_HEAD)


def may_discuss(user, holder_ids: set[int]) -> bool:
    """Office staff, provincial leaders, and officers or heads of an agency working on the task."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.sees_everything:
        return True
    return bool(user.agency_id) and user.agency_id in holder_ids and works_for_agency(user)


def still_editable(created_at: datetime.datetime, now: datetime.datetime, *, minutes: int) -> bool:
    """A message may be edited up to and including `minutes` after it was written."""
    return now - created_at <= datetime.timedelta(minutes=minutes)


def may_answer(user, agency) -> bool:
    """The officers and head of the agency a direction names (or of its successor today)."""
    if agency is None or not user.agency_id or not works_for_agency(user):
        return False
    return user.agency_id in (agency.pk, agency.current_holder().pk)


def follows(*, explicit: bool | None, created_it: bool) -> bool:
    """A person follows what they chose to follow; office staff also what they entered,
    unless they chose to stop."""
    if explicit is not None:
        return explicit
    return created_it
