from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import schedule, services
from .forms import PreferenceForm


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
