"""The inbox in the portal: reads and writes of a person's InboxItem rows.

The rows themselves are written where notices are recorded (`services.notices_store`,
`services.reminders_prepare_day`), so whatever goes by email is here too.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .models import InboxItem, Kind

PAGE_SIZE = 30


@dataclass
class Row:
    item: InboxItem
    label: str
    title: str
    note: str
    url: str


def link_for(notification) -> str:
    """Each notice links to its object: the path it recorded, its assignment, its directive."""
    if notification.detail.get("path"):
        return notification.detail["path"]
    if notification.assignment_id:
        return reverse("directives:assignment_detail", kwargs={"pk": notification.assignment_id})
    if notification.directive_id:
        return reverse("directives:directive_detail", kwargs={"slug": notification.directive.slug})
    return reverse("notifications:inbox")


def _row(item: InboxItem) -> Row:
    n = item.notification
    if n.assignment_id:
        a = n.assignment
        title = f"{a.task.ref} — {a.task.content[:140]} ({a.holder.display_short})"
    else:
        title = " — ".join(x for x in (n.detail.get("directive_number", ""), n.detail.get("directive_title", "")) if x)
    note = n.detail.get("excerpt") or n.detail.get("decision") or n.detail.get("reason") or n.detail.get("period", "")
    if n.due_on and n.kind in (Kind.DEADLINE_SOON, Kind.DUE_TODAY, Kind.OVERDUE, Kind.REPORT_DUE):
        note = (note + " · " if note else "") + f"hạn {n.due_on:%d/%m/%Y}"
    return Row(item=item, label=Kind(n.kind).label, title=title, note=note, url=link_for(n))


def inbox_page(*, user, page: int = 1, unread_only: bool = False):
    """One page of the user's notices, newest first, in a fixed number of queries (count,
    rows with their notice, assignment, task and directive)."""
    items = (
        InboxItem.objects.filter(user=user)
        .select_related("notification__assignment__task", "notification__assignment__holder", "notification__directive")
        .order_by("-created_at", "-id")
    )
    if unread_only:
        items = items.unread()
    paginator = Paginator(items, PAGE_SIZE)
    current = paginator.get_page(page)
    current.rows = [_row(item) for item in current.object_list]
    return current


UNREAD_SHOWN = 99


def unread_count(*, user) -> int:
    """Unread notices, read up to `UNREAD_SHOWN` + 1 ids on the partial index (no COUNT over
    a long backlog); the header shows "99+" beyond."""
    return len(InboxItem.objects.filter(user=user).unread().values_list("id", flat=True)[: UNREAD_SHOWN + 1])


def inbox_item_mark_read(*, item_id: int, user, actor) -> InboxItem | None:
    """Mark one of the user's own notices read (someone else's id finds nothing)."""
    if actor.pk != user.pk:
        raise PermissionError("only the user marks their own notices read")
    with transaction.atomic():
        item = InboxItem.objects.select_for_update().filter(pk=item_id, user=user).first()
        if item is not None and item.read_at is None:
            item.read_at = timezone.now()
            item.save(update_fields=["read_at"])
    return item


def inbox_mark_all_read(*, user, actor) -> int:
    if actor.pk != user.pk:
        raise PermissionError("only the user marks their own notices read")
    with transaction.atomic():
        return InboxItem.objects.filter(user=user).unread().update(read_at=timezone.now())
