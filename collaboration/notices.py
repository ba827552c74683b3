"""Who hears about a direction, an answer or a message, recorded through the notifications
app's exactly-once outbox (`notifications.services.notices_store`): one Notification per
(kind, object, address, occasion), an inbox row per user, an email per immediate recipient.

Called by the Celery tasks in `tasks.py` with ids; each runs a fixed number of queries.
"""

from django.db import transaction
from django.db.models import Q

from accounts.models import Role, User
from directives.models import Assignment, AssignmentRole
from notifications import selectors as routing
from notifications.models import Kind, Notification
from notifications.services import notices_store

from . import rules
from .models import Direction, Follow, Message


def _row(*, kind, key, occasion, recipient, directive_id, assignment=None, detail) -> Notification:
    return Notification(
        kind=kind,
        object_key=key,
        recipient=recipient.email,
        occasion=occasion,
        user_id=recipient.user_id,
        agency_id=recipient.agency_id,
        is_placeholder=recipient.is_placeholder,
        assignment=assignment,
        directive_id=directive_id,
        due_on=assignment.effective_due_on if assignment else None,
        detail=detail,
    )


def _users(queryset) -> list[routing.Recipient]:
    return [
        routing._user_recipient(user, user.agency_id)
        for user in queryset.filter(is_active=True).exclude(email="").select_related("notification_preference")
    ]


def followers(*, directive, task=None) -> list[User]:
    """People following the task or its directive (office staff: the directives they entered)
    who can still see the task. Three queries."""
    rows = Follow.objects.filter(Q(directive=directive) | (Q(task=task) if task else Q(pk__in=[])))
    choices: dict[int, bool] = {}
    for follow in rows.order_by("task_id"):  # a choice on the task overrides one on the directive
        choices[follow.user_id] = follow.following
    ids = {uid for uid, on in choices.items() if on}
    creator = directive.created_by_id
    if creator and rules.follows(explicit=choices.get(creator), created_it=True):
        ids.add(creator)
    holders = (
        set(Assignment.objects.filter(task=task, withdrawn_on__isnull=True).values_list("holder_id", flat=True))
        if task
        else set(
            Assignment.objects.filter(task__directive=directive, withdrawn_on__isnull=True).values_list(
                "holder_id", flat=True
            )
        )
    )
    users = User.objects.filter(pk__in=ids, is_active=True).prefetch_related("groups")
    return [u for u in users if u.sees_everything or (u.agency_id in holders)]


def _excerpt(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _detail(*, path: str, excerpt: str, directive, task=None, agency_name: str = "") -> dict:
    return {
        "path": path,
        "excerpt": excerpt,
        "directive_number": directive.number or directive.get_kind_display(),
        "directive_title": (f"{task.ref} — {task.content}" if task else directive.title)[:200],
        "agency_name": agency_name,
    }


@transaction.atomic
def notices_direction_created(*, direction_id: int) -> list[int]:
    """The answering agency (its address and officers), office staff and followers hear at once."""
    direction = (
        Direction.objects.select_related("directive", "task", "assignment__task", "agency", "author")
        .filter(pk=direction_id)
        .first()
    )
    if direction is None:
        return []
    assignment = direction.assignment
    if assignment is None and direction.task_id and direction.agency_id:
        assignment = Assignment.objects.filter(
            task_id=direction.task_id, holder_id=direction.agency_id, role=AssignmentRole.LEAD
        ).first()
    recipients = list(routing.agency_routes().get(direction.agency_id, [])) if direction.agency_id else []
    recipients += _users(User.objects.filter(groups__name=Role.OFFICE_STAFF.value))
    recipients += _users(
        User.objects.filter(pk__in=[u.pk for u in followers(directive=direction.directive, task=direction.task)])
    )
    excerpt = f"{direction.author}: {_excerpt(direction.body)}"
    if direction.proposed_due_on:
        excerpt += f" (đề xuất thời hạn mới: {direction.proposed_due_on:%d/%m/%Y})"
    detail = _detail(
        path=direction.get_absolute_url(),
        excerpt=excerpt,
        directive=direction.directive,
        task=direction.task,
        agency_name=direction.agency.name if direction.agency_id else "",
    )
    return _store(
        kind=Kind.DIRECTION,
        key=f"direction:{direction.pk}",
        occasion=f"d{direction.pk}",
        recipients=recipients,
        skip_user=direction.author_id,
        directive_id=direction.directive_id,
        assignment=assignment,
        detail=detail,
    )


@transaction.atomic
def notices_direction_answered(*, direction_id: int) -> list[int]:
    """The leader who directed hears the agency's answer."""
    direction = (
        Direction.objects.select_related("directive", "task", "agency", "answered_by").filter(pk=direction_id).first()
    )
    if direction is None or direction.answered_at is None:
        return []
    detail = _detail(
        path=direction.get_absolute_url(),
        excerpt=f"{direction.answered_by} ({direction.agency}): {_excerpt(direction.answer)}",
        directive=direction.directive,
        task=direction.task,
        agency_name=direction.agency.name if direction.agency_id else "",
    )
    return _store(
        kind=Kind.DIRECTION_ANSWERED,
        key=f"direction:{direction.pk}",
        occasion=f"a{direction.pk}",
        recipients=_users(User.objects.filter(pk=direction.author_id)),
        skip_user=direction.answered_by_id,
        directive_id=direction.directive_id,
        assignment=direction.assignment,
        detail=detail,
    )


@transaction.atomic
def notices_message_posted(*, message_id: int) -> list[int]:
    """Mentioned agencies and people hear they were named; followers hear of a new message.
    Safe to run again after an edit: only the newly mentioned are added."""
    message = (
        Message.objects.select_related("task__directive", "author", "agency")
        .prefetch_related("mentioned_agencies", "mentioned_users")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return []
    task = message.task
    routes = routing.agency_routes()
    assignments = {
        a.holder_id: a for a in Assignment.objects.filter(task=task, withdrawn_on__isnull=True).order_by("-role")
    }
    detail = _detail(
        path=message.get_absolute_url(),
        excerpt=f"{message.author}: {_excerpt(message.body)}",
        directive=task.directive,
        task=task,
    )
    ids, named = [], set()
    for agency in message.mentioned_agencies.all():
        holder = agency.current_holder().pk
        named.update(r.email for r in routes.get(holder, []))
        ids += _store(
            kind=Kind.MENTION,
            key=f"message:{message.pk}",
            occasion=f"m{message.pk}",
            recipients=routes.get(holder, []),
            skip_user=message.author_id,
            directive_id=task.directive_id,
            assignment=assignments.get(holder),
            detail=detail,
        )
    people = _users(User.objects.filter(pk__in=[u.pk for u in message.mentioned_users.all()]))
    named.update(r.email for r in people)
    ids += _store(
        kind=Kind.MENTION,
        key=f"message:{message.pk}",
        occasion=f"m{message.pk}",
        recipients=people,
        skip_user=message.author_id,
        directive_id=task.directive_id,
        detail=detail,
    )
    watching = [
        r
        for r in _users(User.objects.filter(pk__in=[u.pk for u in followers(directive=task.directive, task=task)]))
        if r.email not in named
    ]
    ids += _store(
        kind=Kind.MESSAGE,
        key=f"message:{message.pk}",
        occasion=f"m{message.pk}",
        recipients=watching,
        skip_user=message.author_id,
        directive_id=task.directive_id,
        detail=detail,
    )
    return sorted(set(ids))


def _store(*, kind, key, occasion, recipients, skip_user, directive_id, detail, assignment=None) -> list[int]:
    rows, seen = [], set()
    for r in recipients:
        if r.email in seen or (skip_user and r.user_id == skip_user) or not r.wants(kind):
            continue
        seen.add(r.email)
        rows.append(
            _row(
                kind=kind,
                key=key,
                occasion=occasion,
                recipient=r,
                directive_id=directive_id,
                assignment=assignment,
                detail=detail,
            )
        )
    if not rows:
        return []
    return notices_store(kind=kind, occasion=occasion, rows=rows)
