"""Writes of working together: messages, leaders' directions, follows, calendar feeds.

Each service checks who acts, validates, writes in one transaction under a row lock where
a row changes, records the actor (history), and enqueues its notices after commit.
"""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from agencies.models import Agency
from directives.evidence import evidence_check_all
from directives.models import Assignment, AssignmentRole, Directive, Task
from langson_portal.queue import enqueue
from langson_portal.uploads import stored_file_store

from . import rules
from .mentions import find_mentions
from .models import CalendarFeed, Direction, Follow, Message, MessageAttachment, new_feed_token

# ---------------------------------------------------------------- discussion


def _attach(message: Message, checked: list[tuple]) -> None:
    for upload, content_type in checked:
        stored_file_store(MessageAttachment(message=message), upload, content_type)


def _task_agency_ids(task: Task) -> set[int]:
    return set(Assignment.objects.filter(task=task, withdrawn_on__isnull=True).values_list("holder_id", flat=True))


def _mentions(task: Task, body: str) -> tuple[list[int], list[User]]:
    """Agencies working on the task and people who can see it; anyone else named with an
    @ is left as text (they could not open the task)."""
    holder_ids = _task_agency_ids(task)
    agencies = {
        a.pk: a.known_names() for a in Agency.objects.filter(pk__in=holder_ids).only("name", "short_name", "aliases")
    }
    candidates = {m.group(0)[1:].rstrip(".-") for m in re.finditer(r"@[A-Za-z0-9_.\-]+", body)}
    users = {
        u.username: u
        for u in User.objects.filter(username__in=candidates, is_active=True).prefetch_related("groups")
        if rules.may_discuss(u, holder_ids)
    }
    found = find_mentions(body, agencies=agencies, usernames=set(users))
    return sorted(found.agency_ids), [users[name] for name in sorted(found.usernames)]


def _require_discussant(actor, task: Task) -> set[int]:
    holder_ids = _task_agency_ids(task)
    if not rules.may_discuss(actor, holder_ids):
        raise PermissionDenied(_("Chỉ cơ quan được giao nhiệm vụ, chuyên viên theo dõi và lãnh đạo được trao đổi."))
    return holder_ids


def message_post(*, task: Task, actor, body: str, files=()) -> Message:
    """Write a message in the task's discussion; mentioned agencies and people are notified."""
    _require_discussant(actor, task)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Cần ghi nội dung trao đổi.")})
    checked = evidence_check_all(files)
    agency_ids, users = _mentions(task, body)
    with transaction.atomic():
        message = Message(task=task, author=actor, agency_id=actor.agency_id, body=body)
        message._history_user = actor
        message.save()
        message.mentioned_agencies.set(agency_ids)
        message.mentioned_users.set(users)
        _attach(message, checked)
        from .tasks import notify_message_posted_task

        enqueue(notify_message_posted_task, message_id=message.pk)
    return message


def message_edit(*, message: Message, actor, body: str) -> Message:
    """The author corrects a message within `Message.EDIT_MINUTES`; the old text stays in
    the history. Newly mentioned agencies and people are notified (the others already were)."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Cần ghi nội dung trao đổi.")})
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        if locked.author_id != actor.pk:
            raise PermissionDenied(_("Chỉ người viết được sửa ý kiến của mình."))
        if not rules.still_editable(locked.created_at, timezone.now(), minutes=Message.EDIT_MINUTES):
            raise ValidationError(
                _("Chỉ sửa được trong %(n)d phút sau khi viết; ý kiến không bao giờ bị xóa.")
                % {"n": Message.EDIT_MINUTES}
            )
        agency_ids, users = _mentions(locked.task, body)
        locked._history_user = actor
        locked.body = body
        locked.edited_at = timezone.now()
        locked.save(update_fields=["body", "edited_at", "updated_at"])
        locked.mentioned_agencies.set(agency_ids)
        locked.mentioned_users.set(users)
        from .tasks import notify_message_posted_task

        enqueue(notify_message_posted_task, message_id=locked.pk)
    message.body, message.edited_at = locked.body, locked.edited_at
    return message


# ---------------------------------------------------------------- leaders' directions


def _answering_agency(*, directive: Directive, task: Task | None, assignment: Assignment | None) -> int | None:
    if assignment is not None:
        return assignment.holder_id
    if task is not None:
        lead = (
            Assignment.objects.filter(task=task, role=AssignmentRole.LEAD, withdrawn_on__isnull=True)
            .order_by("pk")
            .values_list("holder_id", flat=True)
            .first()
        )
        return lead
    return directive.focal_agency.current_holder().pk if directive.focal_agency_id else None


def direction_create(
    *,
    actor,
    body: str,
    directive: Directive | None = None,
    task: Task | None = None,
    assignment: Assignment | None = None,
    proposed_due_on: datetime.date | None = None,
) -> Direction:
    """A provincial leader directs: the answering agency and office staff hear at once."""
    if not actor.is_leader:
        raise PermissionDenied(_("Chỉ lãnh đạo UBND tỉnh được ghi ý kiến chỉ đạo."))
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Cần ghi nội dung chỉ đạo.")})
    if assignment is not None:
        task = assignment.task
    if task is not None:
        directive = task.directive
    if directive is None:
        raise ValidationError(_("Cần chỉ rõ văn bản, nhiệm vụ hoặc phân công được chỉ đạo."))
    if proposed_due_on is not None and proposed_due_on <= timezone.localdate():
        raise ValidationError({"proposed_due_on": _("Thời hạn đề xuất phải sau hôm nay.")})
    with transaction.atomic():
        direction = Direction(
            directive=directive,
            task=task,
            assignment=assignment,
            author=actor,
            agency_id=_answering_agency(directive=directive, task=task, assignment=assignment),
            body=body,
            proposed_due_on=proposed_due_on,
        )
        direction._history_user = actor
        direction.save()
        from .tasks import notify_direction_created_task

        enqueue(notify_direction_created_task, direction_id=direction.pk)
    return direction


def _locked_direction(direction: Direction, actor) -> Direction:
    if not rules.may_answer(actor, direction.agency):
        raise PermissionDenied(_("Chỉ cơ quan được chỉ đạo mới tiếp nhận và trả lời ý kiến chỉ đạo."))
    locked = Direction.objects.select_for_update().get(pk=direction.pk)
    locked._history_user = actor
    return locked


def direction_acknowledge(*, direction: Direction, actor) -> Direction:
    """The agency says it has received the direction (đã tiếp nhận)."""
    with transaction.atomic():
        locked = _locked_direction(direction, actor)
        if locked.acknowledged_at is None:
            locked.acknowledged_at, locked.acknowledged_by = timezone.now(), actor
            locked.save(update_fields=["acknowledged_at", "acknowledged_by", "updated_at"])
    direction.acknowledged_at, direction.acknowledged_by = locked.acknowledged_at, locked.acknowledged_by
    return direction


def direction_answer(*, direction: Direction, actor, answer: str) -> Direction:
    """The agency answers (acknowledging too, if it had not); the leader hears at once."""
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Cần ghi nội dung trả lời.")})
    with transaction.atomic():
        locked = _locked_direction(direction, actor)
        if locked.answered_at is not None:
            raise ValidationError(_("Ý kiến chỉ đạo này đã được trả lời."))
        now = timezone.now()
        if locked.acknowledged_at is None:
            locked.acknowledged_at, locked.acknowledged_by = now, actor
        locked.answer, locked.answered_at, locked.answered_by = answer, now, actor
        locked.save(
            update_fields=["acknowledged_at", "acknowledged_by", "answer", "answered_at", "answered_by", "updated_at"]
        )
        from .tasks import notify_direction_answered_task

        enqueue(notify_direction_answered_task, direction_id=locked.pk)
    for name in ("acknowledged_at", "acknowledged_by", "answer", "answered_at", "answered_by"):
        setattr(direction, name, getattr(locked, name))
    return direction


# ---------------------------------------------------------------- follows and calendar feeds


def _require_self(user, actor) -> None:
    if actor.pk != user.pk:
        raise PermissionDenied(_("Mỗi người chỉ thay đổi lựa chọn của chính mình."))


def follow_set(*, user, actor, following: bool, directive: Directive | None = None, task: Task | None = None) -> Follow:
    """Follow (theo dõi) or stop following a directive or a task the user can see."""
    _require_self(user, actor)
    if (directive is None) == (task is None):
        raise ValidationError(_("Chọn một văn bản hoặc một nhiệm vụ để theo dõi."))
    visible = (
        Directive.objects.visible_to(user).filter(pk=directive.pk)
        if directive
        else Task.objects.visible_to(user).filter(pk=task.pk)
    )
    if not visible.exists():
        raise PermissionDenied
    with transaction.atomic():
        follow, _created = Follow.objects.select_for_update().get_or_create(
            user=user, directive=directive, task=task, defaults={"following": following}
        )
        if follow.following != following:
            follow.following = following
            follow.save(update_fields=["following", "updated_at"])
    return follow


def calendar_feed_create(*, user, actor) -> CalendarFeed:
    """A secret iCal address for `user`; an existing one gets a new token (the old one stops)."""
    _require_self(user, actor)
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
        if not created:
            feed.token = new_feed_token()
            feed.save(update_fields=["token", "updated_at"])
    return feed


def calendar_feed_revoke(*, user, actor) -> bool:
    """Revoke the user's iCal address: the URL answers 404 from now on."""
    _require_self(user, actor)
    with transaction.atomic():
        deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)
