"""Writing one OutgoingEmail: subject, plain text and HTML, in Vietnamese.

An email reads the same at any scale: counts first, then the most urgent items (at most
conf.TOP_ITEMS), then a link to the filtered list in the portal.
"""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role

from . import conf, selectors
from .models import Category, Kind, Notification, OutgoingEmail

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
# Most urgent first in a bundle.
KIND_ORDER = [
    Kind.DIRECTION,
    Kind.OVERDUE,
    Kind.DUE_TODAY,
    Kind.DEADLINE_SOON,
    Kind.REPORT_DUE,
    Kind.COMPLETION_RETURNED,
    Kind.EXTENSION_DECIDED,
    Kind.ASSIGNED,
    Kind.COMPLETION_CONFIRMED,
    Kind.DIRECTION_ANSWERED,
    Kind.MENTION,
    Kind.MESSAGE,
]


def absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def assignment_url(assignment_id: int) -> str:
    return absolute(reverse("directives:assignment_detail", kwargs={"pk": assignment_id}))


def directive_url(directive) -> str:
    return absolute(directive.get_absolute_url())


def list_url(**params) -> str:
    """The assignment list filtered as docs/list-filters.md says."""
    path = reverse("directives:assignment_list")
    query = urlencode([(k, v) for k, v in params.items() if v not in (None, "")], doseq=True)
    return absolute(path + (f"?{query}" if query else ""))


def long_date(day: datetime.date | None) -> str:
    """ "Thứ Bảy, 15/03/2025": the real day, so a weekend or holiday deadline is visible."""
    if day is None:
        return _("không có thời hạn")
    return f"{WEEKDAYS[day.weekday()]}, {day:%d/%m/%Y}"


def days_phrase(due: datetime.date | None, today: datetime.date) -> str:
    if due is None:
        return ""
    days = (due - today).days
    if days > 0:
        return _("còn %(n)d ngày") % {"n": days}
    if days == 0:
        return _("hạn là hôm nay")
    return _("đã quá hạn %(n)d ngày") % {"n": -days}


def _item(assignment, today: datetime.date, **extra) -> dict:
    task = assignment.task
    return {
        "ref": task.ref,
        "content": task.content if len(task.content) <= 160 else task.content[:157] + "…",
        "directive": task.directive.display_number if task.directive.number else task.directive.get_kind_display(),
        "agency": assignment.holder.name,
        "role": assignment.get_role_display(),
        "due": long_date(assignment.effective_due_on),
        "original_due": long_date(assignment.due_on) if assignment.extended_due_on else "",
        "left": days_phrase(assignment.effective_due_on, today),
        "url": assignment_url(assignment.pk),
        **extra,
    }


def _bundle_context(email: OutgoingEmail) -> dict:
    today = email.day
    notifications = email.notifications.all()
    counts = {row["kind"]: row["n"] for row in notifications.values("kind").annotate(n=Count("id")).order_by()}
    order = {kind.value: i for i, kind in enumerate(KIND_ORDER)}
    top = sorted(
        notifications.select_related("assignment__task__directive", "assignment__holder", "directive").order_by(
            "due_on", "id"
        )[: conf.TOP_ITEMS * 3],
        key=lambda n: (order.get(n.kind, 99), n.due_on or datetime.date.max, n.pk),
    )[: conf.TOP_ITEMS]
    items = []
    for n in top:
        label = Kind(n.kind).label
        if n.assignment_id:
            items.append(_item(n.assignment, today, kind=label, note=_note(n)))
        else:
            items.append(
                {
                    "kind": label,
                    "content": n.detail.get("directive_title", ""),
                    "directive": n.detail.get("directive_number", ""),
                    "agency": n.detail.get("agency_name", ""),
                    "due": long_date(n.due_on),
                    "left": days_phrase(n.due_on, today),
                    "url": absolute(n.detail["path"])
                    if n.detail.get("path")
                    else (directive_url(n.directive) if n.directive_id else ""),
                    "note": n.detail.get("period", "") or _note(n),
                }
            )
    total = sum(counts.values())
    code = email.agency.code if email.agency_id else ""
    summary = [{"label": Kind(kind).label, "n": counts[kind]} for kind in KIND_ORDER if counts.get(kind)]
    links = []
    if counts.get(Kind.OVERDUE):
        links.append((_("Việc quá hạn của đơn vị"), list_url(agency=code, overdue="true")))
    if counts.get(Kind.DEADLINE_SOON) or counts.get(Kind.DUE_TODAY):
        horizon = max(conf.deadline_days_before() or (7,))
        links.append(
            (_("Việc đến hạn trong %(n)d ngày tới") % {"n": horizon}, list_url(agency=code, due_within=horizon))
        )
    return {"summary": summary, "total": total, "items": items, "more": max(0, total - len(items)), "links": links}


def _note(n: Notification) -> str:
    if n.kind == Kind.COMPLETION_RETURNED:
        return _("Lý do trả lại: %(r)s") % {"r": n.detail.get("reason") or "—"}
    if n.kind == Kind.EXTENSION_DECIDED:
        return n.detail.get("decision", "")
    if n.detail.get("transfer_reason"):
        return _("Chuyển giao từ %(agency)s. Lý do: %(r)s") % {
            "agency": n.detail.get("from_holder") or "—",
            "r": n.detail["transfer_reason"],
        }
    return n.detail.get("excerpt", "")


def _digest_context(email: OutgoingEmail) -> dict:
    today = email.day
    limit = conf.TOP_ITEMS
    if email.category == Category.OFFICE_DIGEST:
        became = selectors.became_overdue(day=today)
        by_agency, agencies = selectors.counts_by_holder(became, limit=20)
        items = [_item(a, today) for a in selectors.with_display(became).order_by("holder__name", "id")[:limit]]
        total = sum(r["n"] for r in by_agency) if agencies <= 20 else became.count()
        return {
            "total": total,
            "agencies": agencies,
            "by_agency": by_agency,
            "items": items,
            "more": max(0, total - len(items)),
            "links": [(_("Toàn bộ việc quá hạn"), list_url(overdue="true"))],
            "all_overdue": selectors.overdue_assignments(day=today).count(),
        }
    if email.category == Category.LEADER_DIGEST:
        overdue = selectors.overdue_assignments(day=today)
        by_agency, agencies = selectors.counts_by_holder(overdue, limit=20)
        start, end = today + datetime.timedelta(days=1), today + datetime.timedelta(days=7)
        upcoming = selectors.due_between(start=start, end=end)
        upcoming_count = upcoming.count()
        items = [_item(a, today) for a in selectors.with_display(upcoming).order_by("effective_due_on", "id")[:limit]]
        return {
            "total": overdue.count(),
            "agencies": agencies,
            "by_agency": by_agency,
            "upcoming_count": upcoming_count,
            "items": items,
            "more": max(0, upcoming_count - len(items)),
            "start": long_date(start),
            "end": long_date(end),
            "links": [
                (_("Toàn bộ việc quá hạn"), list_url(overdue="true")),
                (_("Việc đến hạn tuần tới"), list_url(due_from=start.isoformat(), due_to=end.isoformat())),
            ],
        }
    # AGENCY_WEEKLY: the agency's own overdue work.
    overdue = selectors.overdue_assignments(day=today).filter(holder_id=email.agency_id)
    total = overdue.count()
    items = [_item(a, today) for a in selectors.with_display(overdue).order_by("effective_due_on", "id")[:limit]]
    code = email.agency.code if email.agency_id else ""
    return {
        "total": total,
        "items": items,
        "more": max(0, total - len(items)),
        "links": [(_("Toàn bộ việc quá hạn của đơn vị"), list_url(agency=code, overdue="true"))],
    }


SUBJECTS = {
    Category.DAILY: "[Nhắc việc] %(agency)s: %(total)d nội dung cần lưu ý ngày %(day)s",
    Category.EVENT: "[Thông báo] %(first)s",
    Category.OFFICE_DIGEST: "[Tổng hợp] %(total)d phân công trở thành quá hạn ngày %(day)s",
    Category.LEADER_DIGEST: "[Tổng hợp tuần] %(total)d phân công quá hạn; %(upcoming)d đến hạn tuần tới",
    Category.AGENCY_WEEKLY: "[Quá hạn] %(agency)s còn %(total)d phân công quá hạn (%(day)s)",
}


def compose(email: OutgoingEmail) -> EmailMultiAlternatives:
    """The message for one OutgoingEmail, written from the current data."""
    if email.category in (Category.DAILY, Category.EVENT):
        context = _bundle_context(email)
    else:
        context = _digest_context(email)
    agency_name = email.agency.name if email.agency_id else ""
    context.update(
        email=email,
        day=f"{email.day:%d/%m/%Y}",
        day_long=long_date(email.day),
        agency_name=agency_name,
        category_label=Category(email.category).label,
        preferences_url=absolute("/thong-bao/tuy-chon/"),
        is_role_digest=email.user_id is not None and email.category in (Category.OFFICE_DIGEST, Category.LEADER_DIGEST),
        role=Role,
    )
    first = f"{context['items'][0].get('kind', '')}: {context['items'][0]['content']}" if context["items"] else ""
    subject = _(SUBJECTS[email.category]) % {
        "agency": agency_name or email.recipient,
        "total": context.get("total", 0),
        "day": context["day"],
        "upcoming": context.get("upcoming_count", 0),
        "first": first[:150],
    }
    context["subject"] = subject
    text = render_to_string("notifications/email/message.txt", context)
    html = render_to_string("notifications/email/message.html", context)
    message = EmailMultiAlternatives(
        subject=subject[:250],
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.recipient],
        headers={"Message-ID": email.message_id, "X-Portal-Email": str(email.pk)},
    )
    message.attach_alternative(html, "text/html")
    return message
