"""The agency registry as a list, and one agency's page with the work it holds."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import EmptyPage
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from directives.models import Assignment
from directives.permissions import assignments_visible_to
from directives.selectors import Progress, assignment_list, status_counts
from directives.tables import AssignmentTable
from langson_portal.listing import PER_PAGE, DeferredJoinPaginator, FilteredListView

from .filtersets import AgencyFilterSet
from .models import Agency
from .selectors import agency_with_predecessors
from .tables import AgencyTable


class AgencyListView(FilteredListView):
    title = _("Cơ quan, đơn vị")
    filterset_class = AgencyFilterSet
    table_class = AgencyTable
    export_name = "co-quan"

    def get_queryset(self):
        return Agency.objects.select_related("successor")

    def decorate_page(self, records):
        """Open and overdue work of the page's agencies, over the assignments the user may see."""
        ids = [a.pk for a in records]
        visible = assignments_visible_to(self.request.user, Assignment.objects.filter(holder_id__in=ids))
        counts = status_counts(assignments=visible, today=self.today(), by="holder_id")
        for agency in records:
            agency.progress = Progress(counts.get(agency.pk))


@require_GET
@login_required
def agency_detail(request, code):
    agency = agency_with_predecessors(code=code)
    if agency is None:
        raise Http404
    today = timezone.localdate()
    held = assignment_list(user=request.user, today=today).filter(holder=agency)
    counts = status_counts(
        assignments=assignments_visible_to(request.user).filter(holder=agency), today=today, by="holder_id"
    )
    table = AssignmentTable(held, exclude=("agency",))
    RequestConfig(request, paginate=False).configure(table)
    try:
        table.paginate(paginator_class=DeferredJoinPaginator, per_page=PER_PAGE, page=_page(request))
    except EmptyPage:
        table.paginate(paginator_class=DeferredJoinPaginator, per_page=PER_PAGE, page=1)
    context = {
        "agency": agency,
        "predecessors": sorted(agency.predecessors.all(), key=lambda a: a.name),
        "progress": Progress(counts.get(agency.pk)),
        "table": table,
    }
    return render(request, "agencies/agency_detail.html", context)


def _page(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1
