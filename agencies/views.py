"""The agency registry as a list, and one agency's page with the work it holds."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_tables2 import SingleTableMixin

from directives.tables import AssignmentTable
from langson_portal.listing import FastList
from langson_portal.tables import PER_PAGE, DeferredJoinPaginator

from . import selectors
from .filtersets import AgencyFilterSet
from .tables import AgencyTable


class AgencyListView(FastList):
    title = _("Cơ quan, đơn vị")
    filterset_class = AgencyFilterSet
    table_class = AgencyTable
    export_name = "co-quan"

    def get_queryset(self):
        return selectors.agency_list()


class AgencyDetailView(LoginRequiredMixin, SingleTableMixin, DetailView):
    """An agency, its predecessors or successor, and the work it holds that the user may see."""

    template_name = "agencies/agency_detail.html"
    context_object_name = "agency"
    slug_field = slug_url_kwarg = "code"
    table_class = AssignmentTable
    http_method_names = ["get", "head"]

    def get_queryset(self):
        return selectors.agencies_for_page()

    def get_table_data(self):
        return selectors.agency_work_visible(agency=self.object, user=self.request.user, today=timezone.localdate())

    def get_table_kwargs(self):
        return {"exclude": ("agency",)}

    def get_table_pagination(self, table):
        return {"paginator_class": DeferredJoinPaginator, "per_page": PER_PAGE}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **selectors.agency_page(agency=self.object, user=self.request.user, today=timezone.localdate()), **kwargs
        )
