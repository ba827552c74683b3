"""Views that belong to no single app: the home page per role, health check, error pages."""

import datetime

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from directives import selectors
from directives.selectors_transfer import awaiting_transfer
from directives.tables import AssignmentTable, fast_reverse

from .tables import PER_PAGE, DeferredJoinPaginator

DUE_SOON_DAYS = 7
AWAITING_ROWS = 10


@require_GET
@login_required
def home(request):
    """Office staff: the tracking overview; leaders: their dashboard; officers: their agency's work."""
    user, today = request.user, timezone.localdate()
    if user.is_leader and not user.is_office_staff:
        return redirect("dashboards:province")
    if user.is_office_staff:
        return render(request, "home/overview.html", _overview(user, today))
    if user.agency_id:
        return _agency_work(request, today)
    return render(request, "home.html", {})


def _overview(user, today) -> dict:
    overview = selectors.tracking_overview(user=user, today=today, recent_days=DUE_SOON_DAYS)
    for extension in overview.extensions:
        extension.assignment_url = fast_reverse("directives:assignment_detail", pk=extension.assignment_id)
    for assignment in [*overview.newly_overdue, *overview.awaiting]:
        assignment.url = fast_reverse("directives:assignment_detail", pk=assignment.pk)
    since = today - datetime.timedelta(days=DUE_SOON_DAYS)
    queue = awaiting_transfer(today=today)
    waiting = list(queue[:AWAITING_ROWS])
    for assignment in waiting:
        assignment.url = fast_reverse("directives:assignment_detail", pk=assignment.pk)
    return {
        "overview": overview,
        "today": today,
        "since": since,
        "recent_days": DUE_SOON_DAYS,
        "awaiting_transfer": waiting,
        "awaiting_transfer_count": queue.count() if len(waiting) == AWAITING_ROWS else len(waiting),
    }


def _agency_work(request, today):
    rows = selectors.agency_work(user=request.user, today=today, soon_days=DUE_SOON_DAYS)
    table = AssignmentTable(rows, orderable=False)
    RequestConfig(request, paginate={"paginator_class": DeferredJoinPaginator, "per_page": PER_PAGE}).configure(table)
    counts = selectors.agency_work_counts(user=request.user, today=today, soon_days=DUE_SOON_DAYS)
    return render(request, "home/agency_work.html", {"table": table, "counts": counts, "soon_days": DUE_SOON_DAYS})


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # A 500 page must not depend on the database or the request context.
    return HttpResponse(get_template("errors/500.html").render({}), status=500)
