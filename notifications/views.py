from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from langson_portal.actions import post_action

from . import inbox as inbox_rooms
from . import schedule, services
from .forms import PreferenceForm


@require_GET
@login_required
def inbox(request):
    """The signed-in user's notices, newest first; only their own rows are ever read."""
    unread_only = request.GET.get("chua_doc") == "1"
    page = inbox_rooms.inbox_page(user=request.user, page=request.GET.get("trang", 1), unread_only=unread_only)
    return render(request, "notifications/inbox.html", {"page": page, "unread_only": unread_only})


@login_required
@post_action(lambda request, pk: reverse("notifications:inbox"))  # a GET reads nothing as read
def inbox_open(request, pk: int):
    """Mark one notice read and go to its object (POST: reading changes state)."""
    item = inbox_rooms.inbox_item_mark_read(item_id=pk, user=request.user, actor=request.user)
    if item is None:
        raise Http404
    if request.POST.get("only_mark"):
        return redirect("notifications:inbox")
    return redirect(inbox_rooms.link_for(item.notification))


@login_required
@post_action(lambda request: reverse("notifications:inbox"))
def inbox_read_all(request):
    n = inbox_rooms.inbox_mark_all_read(user=request.user, actor=request.user)
    messages.success(request, _("Đã đánh dấu %(n)d thông báo là đã đọc.") % {"n": n})
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """The signed-in user's own choices; no user id is read from the request."""
    preference = services.preference_for(request.user)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            services.preference_update(
                user=request.user,
                delivery=form.cleaned_data["delivery"],
                muted_kinds=form.cleaned_data["muted_kinds"],
                actor=request.user,
            )
            messages.success(request, _("Đã lưu cách nhận thông báo."))
            return redirect("notifications:preferences")
    else:
        form = PreferenceForm(initial={"delivery": preference.delivery, "muted_kinds": preference.muted_kinds})
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
def beat_schedule(request):
    """Read-only list of the scheduled jobs, for office staff."""
    if not request.user.is_office_staff:
        raise PermissionDenied
    entries = [
        {
            "name": name,
            "task": entry["task"],
            "schedule": str(entry["schedule"]),
            "description": schedule.DESCRIPTIONS.get(name, ""),
        }
        for name, entry in sorted(settings.CELERY_BEAT_SCHEDULE.items())
    ]
    return render(request, "notifications/schedule.html", {"entries": entries, "timezone": settings.CELERY_TIMEZONE})
