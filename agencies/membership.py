"""Who a group binds on a day, and when a target can no longer be given new work.

A group ("các sở, ban, ngành") binds the members active on the directive's issue date, so
a 2022 plan reaches Sở KH&ĐT and a 2026 plan reaches Sở Tài chính through the same group.
A target that binds nobody on that day is refused with a message that says what to use
instead; nothing is ever saved silently empty. These are pure functions over loaded rows
(members prefetched), used by the task form, the JSON/Excel import and the importer.
"""

import datetime

from django.utils.translation import gettext as _

from .models import Agency, AgencyGroup


def members_on(group: AgencyGroup, day: datetime.date) -> list[Agency]:
    """The group's members active on `day`, in name order (uses prefetched members)."""
    return sorted((m for m in group.members.all() if m.is_active_on(day)), key=lambda m: m.name)


def target_refusal(target: Agency | AgencyGroup, day: datetime.date) -> str | None:
    """Why new work on `day` cannot be given to `target`, or None when it can.

    A group with no member active that day is refused, naming the group to use instead; an
    agency closed by then with no successor to hold its work is refused too (its open work
    waits for a transfer, new work must name a current agency).
    """
    when = day.strftime("%d/%m/%Y")
    if isinstance(target, AgencyGroup):
        if members_on(target, day):
            return None
        message = _("Nhóm “%(group)s” không còn cơ quan nào hoạt động vào ngày %(day)s (ngày của văn bản).") % {
            "group": target.name,
            "day": when,
        }
        if target.replaced_by_id:
            return message + " " + _("Hãy giao cho nhóm “%(other)s”.") % {"other": target.replaced_by.name}
        return message + " " + _("Hãy chọn cơ quan hoặc nhóm đang hoạt động.")
    if target.closed_on and target.closed_on <= day and not target.successor_id:
        return _(
            "“%(agency)s” đã chấm dứt hoạt động từ ngày %(closed)s và không có đơn vị kế thừa; "
            "văn bản ngày %(day)s cần giao cho cơ quan đang hoạt động."
        ) % {"agency": target.name, "closed": target.closed_on.strftime("%d/%m/%Y"), "day": when}
    return None
