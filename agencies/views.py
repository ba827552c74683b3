"""The agency registry as a list, and one agency's page with the work it holds."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import EmptyPage
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from directives.models import Assignment
from directives.selectors import Progress, assignment_list, status_counts
from directives.tables import AssignmentTable
from langson_portal.listing import PER_PAGE, DeferredJoinPaginator, FilteredListView
from langson_portal.paging import page_number

from .filtersets import AgencyFilterSet
from .models import Agency
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
        visible = Assignment.objects.filter(holder_id__in=ids).visible_to(self.request.user)
        counts = status_counts(assignments=visible, today=self.today(), by="holder_id")
        for agency in records:
            agency.progress = Progress(counts.get(agency.pk))


@require_GET
@login_required
def agency_detail(request, code):
    agency = get_object_or_404(Agency.objects.select_related("successor"), code=code)
    today = timezone.localdate()
    held = assignment_list(user=request.user, today=today).filter(holder=agency)
    counts = status_counts(
        assignments=Assignment.objects.visible_to(request.user).filter(holder=agency), today=today, by="holder_id"
    )
    table = AssignmentTable(held, exclude=("agency",))
    RequestConfig(request, paginate=False).configure(table)
    try:
        table.paginate(
            paginator_class=DeferredJoinPaginator, per_page=PER_PAGE, page=page_number(request.GET.get("page"))
        )
    except EmptyPage:
        table.paginate(paginator_class=DeferredJoinPaginator, per_page=PER_PAGE, page=1)
    context = {
        "agency": agency,
        "predecessors": list(agency.predecessors.order_by("name")),
        "progress": Progress(counts.get(agency.pk)),
        "table": table,
    }
    return render(request, "agencies/agency_detail.html", context)
