"""Dashboard pages. Figures come from `selectors`, briefly cached per data version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from agencies.selectors import agency_by_code
from collaboration.selectors import unanswered_count
from directives.models import IndicatorGroup
from directives.selectors_work import directive_for_page, indicator_for_entry
from directives.status import StatusCategory

from . import charts, selectors
from .caching import cached
from .forms import IndicatorValueForm, ScopeForm, ScorecardSortForm, directives_for_choice
from .links import agency_page_url, assignment_list_url, directive_page_url
from .ongoing import ongoing_reporting, with_deadline
from .services import indicator_value_set


def _require_overview(user):
    """Province-wide figures are for provincial leaders and office staff."""
    if not user.sees_everything:
        raise PermissionDenied


def _scope_form(request, *, with_directives: bool = True) -> ScopeForm:
    form = ScopeForm(request.GET or None, directives=directives_for_choice(request.user) if with_directives else None)
    if form.is_bound:
        form.is_valid()
    return form


@require_GET
@login_required
def province(request):
    """Leaders' home: status counts, change, trend, backlog, the next 14 days."""
    if not request.user.sees_everything:
        if request.user.agency_id:
            return redirect("dashboards:agency", code=request.user.agency.code)
        raise PermissionDenied
    form = _scope_form(request)
    scope = form.scope()
    figures = cached("province", scope.cache_params(), lambda: selectors.province_figures(scope))
    ongoing = cached("province-ongoing", scope.cache_params(), lambda: ongoing_reporting(scope))
    deadline_now = with_deadline(figures.now, scope)
    return render(
        request,
        "dashboards/province.html",
        {
            "form": form,
            "scope": scope,
            "figures": figures,
            "deadline_now": deadline_now,
            "ongoing": ongoing,
            "status_chart": charts.status_bars(deadline_now),
            "trend_chart": charts.trend_columns(figures.trend),
            "overdue_url": scope.url(status=StatusCategory.OVERDUE.value),
            "directions_waiting": unanswered_count(),  # live, never cached: it moves when an agency answers
        },
    )


@require_GET
@login_required
def scorecard(request):
    """All agencies for leaders and office staff; an officer's own agency only."""
    user = request.user
    form = _scope_form(request)
    scope = form.scope()
    wanted = request.GET.get("agency", "")
    only = None
    if not user.sees_everything:
        if not user.agency_id or (wanted and wanted != user.agency.code):
            raise PermissionDenied
        only = user.agency
    elif wanted:
        only = agency_by_code(wanted)
    sort_form = ScorecardSortForm(request.GET)
    sort_form.is_valid()
    sort = sort_form.cleaned_data.get("sort") or "overdue"
    descending = (sort_form.cleaned_data.get("order") or ("asc" if sort == "name" else "desc")) == "desc"
    rows = cached(
        "scorecard",
        {**scope.cache_params(), "sort": sort, "desc": descending, "only": only.code if only else ""},
        lambda: selectors.scorecard(scope, sort=sort, descending=descending, only=only),
    )
    query = request.GET.copy()
    for key in ("sort", "order"):
        query.pop(key, None)
    columns = [
        ("name", _("Cơ quan")),
        ("lead", _("Chủ trì")),
        ("coordinating", _("Phối hợp")),
        ("done_on_time", _("Hoàn thành đúng hạn")),
        ("on_time_rate", _("Tỷ lệ đúng hạn")),
        ("overdue", _("Quá hạn")),
        ("average_days_late", _("Số ngày chậm bình quân")),
        ("reports_rate", _("Báo cáo định kỳ đúng hạn")),
        ("directions_open", _("Chỉ đạo chưa trả lời")),
    ]
    headers = []
    for key, label in columns:
        next_order = "asc" if key == sort and descending else "desc"
        if key != sort and key == "name":
            next_order = "asc"
        params = query.copy()
        params["sort"], params["order"] = key, next_order
        aria = ("descending" if descending else "ascending") if key == sort else "none"
        headers.append({"key": key, "label": label, "url": "?" + params.urlencode(), "aria": aria})
    return render(
        request,
        "dashboards/scorecard.html",
        {
            "form": form,
            "scope": scope,
            "rows": rows,
            "headers": headers,
            "only": only,
            "keep": [("sort", sort), ("order", "desc" if descending else "asc")]
            + ([("agency", wanted)] if wanted else []),
        },
    )


@require_GET
@login_required
def agency(request, code):
    """One agency's figures over time; an officer reaches only their own agency."""
    user = request.user
    if not user.sees_everything and (not user.agency_id or user.agency.code != code):
        raise Http404
    agency = agency_by_code(code)
    form = _scope_form(request)
    scope = form.scope()
    figures = cached("agency", {**scope.cache_params(), "code": code}, lambda: selectors.agency_figures(scope, agency))
    return render(
        request,
        "dashboards/agency.html",
        {
            "form": form,
            "scope": scope,
            "agency": agency,
            "figures": figures,
            "agency_url": agency_page_url(agency.code),
            "row_list": [figures.row],
            "status_counts": figures.trend[-1],
            "status_chart": charts.status_bars(figures.trend[-1]),
            "trend_chart": charts.trend_columns(figures.trend),
        },
    )


@require_GET
@login_required
def directive(request, slug):
    _require_overview(request.user)
    directive = directive_for_page(user=request.user, slug=slug)
    form = _scope_form(request, with_directives=False)
    scope = form.scope()
    figures = cached(
        "directive", {**scope.cache_params(), "slug": slug}, lambda: selectors.directive_figures(scope, directive)
    )
    return render(
        request,
        "dashboards/directive.html",
        {
            "form": form,
            "scope": figures.scope,
            "directive": directive,
            "figures": figures,
            "directive_url": directive_page_url(directive.slug),
            "status_chart": charts.status_bars(figures.now),
        },
    )


@require_GET
@login_required
def indicators(request):
    group = request.GET.get("group", "")
    if group not in IndicatorGroup.values:
        group = ""
    user = request.user
    audience = "all" if user.sees_everything else f"agency-{user.agency_id or 0}"
    board = cached(
        "indicators", {"group": group, "audience": audience}, lambda: selectors.indicator_board(user=user, group=group)
    )
    for indicator in board:
        indicator.task_links = [
            (task, assignment_list_url(directive=indicator.directive.slug, q=task.ref))
            for task in indicator.tasks.all()
        ]
    return render(
        request,
        "dashboards/indicators.html",
        {
            "indicators": board,
            "groups": IndicatorGroup.choices,
            "group": group,
            "can_enter": request.user.is_office_staff,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def indicator_value(request, pk):
    """Office staff enter a yearly actual value with its source."""
    if not request.user.is_office_staff:
        raise PermissionDenied
    indicator = indicator_for_entry(pk=pk)
    form = IndicatorValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator_value_set(indicator=indicator, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("Đã lưu giá trị năm %(year)s.") % {"year": form.cleaned_data["year"]})
            return redirect(_indicators_url(indicator))
    return render(
        request,
        "dashboards/indicator_value.html",
        {
            "indicator": indicator,
            "form": form,
            "values": indicator.values.order_by("year"),
        },
    )


def _indicators_url(indicator) -> str:
    return f"{reverse('dashboards:indicators')}?group={indicator.group}#chi-so-{indicator.pk}"
