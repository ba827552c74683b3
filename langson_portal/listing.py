"""List screens on the libraries' own views: django-filter's FilterView with django-tables2's
SingleTableMixin and ExportMixin. A list declares its filterset, table (a `FastTable`),
selector (`get_queryset`) and export name, and nothing else; `?export=csv|xlsx` carries every
filtered row through `langson_portal.spreadsheets`.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.template.loader import render_to_string
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from .fragments import cached_html
from .spreadsheets import ListExport
from .tables import PER_PAGE, DeferredJoinPaginator


class FastList(LoginRequiredMixin, ExportMixin, SingleTableMixin, FilterView):
    """A list screen: declare `filterset_class`, `table_class` (a FastTable), `get_queryset`
    (a selector) and `export_name`. `?export=csv|xlsx` carries every filtered row."""

    template_name = "lists/list.html"
    paginator_class = DeferredJoinPaginator
    export_class = ListExport
    export_trigger_param = "export"
    export_formats = ("xlsx", "csv")
    title = ""

    def render_to_response(self, context, **kwargs):
        if self.filterset.is_bound and not self.filterset.is_valid():  # the message, not a file
            return super(ExportMixin, self).render_to_response(context, **kwargs)
        return super().render_to_response(context, **kwargs)

    def get_table_pagination(self, table):
        if self.request.GET.get(self.export_trigger_param):
            return False
        return {"paginator_class": self.paginator_class, "per_page": PER_PAGE, "joined": self.get_queryset()}

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        if getattr(table, "page", None):
            table.prepare_records([row.record for row in table.page.object_list])
        return table

    def get_dataset_kwargs(self):
        return {"title": str(self.title)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        valid = not self.filterset.is_bound or self.filterset.is_valid()
        params = tuple(sorted((k, tuple(v)) for k, v in self.request.GET.lists() if k in form.fields))
        fields = {"form": form, "filter_valid": valid}
        context.update(
            title=self.title,
            filter_valid=valid,
            filter_fields=cached_html(
                ("filters", type(self).__qualname__, params),
                lambda: render_to_string("lists/_filter_fields.html", fields),
            ),
            export_query=_export_query(self.request),
            datalists=self.filterset.datalists() if hasattr(self.filterset, "datalists") else {},
        )
        return context


def _export_query(request) -> str:
    query = request.GET.copy()
    for name in ("page", "per_page", "export"):
        query.pop(name, None)
    return query.urlencode()
