"""The machinery every list page shares: filter inside what the user may see, sort, paginate
without counting, export the filtered rows to CSV or Excel.

A list view declares its filterset, table and selector (`get_queryset`) and nothing else.
"""

import csv
import datetime
import io
import logging
import threading
import time
from collections import OrderedDict
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.paginator import EmptyPage, Page
from django.db.models.sql.where import WhereNode
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_tables2 import RequestConfig, Table
from django_tables2.paginators import LazyPaginator
from django_tables2.rows import BoundRow, BoundRows

from .paging import page_number

logger = logging.getLogger(__name__)

PER_PAGE = 25
MAX_PER_PAGE = 100
EXPORT_CHUNK = 2000


class DeferredJoinPaginator(LazyPaginator):
    """Lazy pagination (no COUNT) that finds the page's ids first and joins only those rows.

    Page 500 then walks 12,500 index entries instead of joining 12,500 rows to the task,
    directive and agency tables: two queries per page whatever the table's size.
    """

    def page(self, number):
        number = self.validate_number(number or 1)
        rows: BoundRows = self.object_list
        queryset = rows.data.data  # BoundRows -> TableQuerysetData -> the ordered queryset
        bottom = (number - 1) * self.per_page
        ids = list(queryset.values_list("pk", flat=True)[bottom : bottom + self.per_page + 1])
        if not ids and number != 1:
            raise EmptyPage(_("Trang này không có kết quả"))
        has_next = len(ids) > self.per_page
        ids = ids[: self.per_page]
        by_pk = {obj.pk: obj for obj in _rows_by_pk(queryset, ids)} if ids else {}
        records = [by_pk[pk] for pk in ids if pk in by_pk]
        self._num_pages = number + 1 if has_next else number
        self._final_num_pages = None if has_next else number
        return Page(BoundRows(records, rows.table), number, self)


def _rows_by_pk(queryset, ids):
    """The rows of `ids` with the queryset's joins and annotations but not its filters: the ids
    already passed them (and the permission checks), and repeating a search's LIKEs here lets
    the planner start from the trigram index instead of the 25 primary keys. Filter joins that
    stay behind are inner joins along foreign keys (or collapse in the dict by pk)."""
    rows = queryset.order_by()
    rows.query.where = WhereNode()
    return rows.filter(pk__in=ids)


class ExportTable(Table):
    """A table whose rows can leave as CSV or Excel, streamed from the database, and whose
    page renders in one pass: every render_<column>(record) is called directly, without
    django-tables2's per-cell signature inspection (a third of a page's time otherwise)."""

    def head_cells(self):
        """[(th attrs, html), …]: the header with its sort links, as django-tables2's
        `querystring_replace` writes them, without a template tag per column."""
        request = getattr(self, "request", None)
        params = dict(request.GET) if request is not None else {}
        cells = []
        for column in self.columns:
            if column.orderable:
                params[self.prefixed_order_by_field] = str(column.order_by_alias.next)
                href = "?" + urlencode(params, doseq=True)
                html = format_html('<a href="{}">{}</a>', href, column.header)
            else:
                html = conditional_escape(column.header)
            cells.append((column.attrs["th"].as_html(), html))
        return cells

    def head_html(self):
        """The header row, kept per (table, language, query string): its links depend on nothing else."""
        request = getattr(self, "request", None)
        params = tuple(sorted((k, tuple(v)) for k, v in request.GET.lists())) if request is not None else ()
        key = (type(self).__qualname__, tuple(c.name for c in self.columns), get_language(), params)
        html = _head_rows.get(key)
        if html is None:
            html = mark_safe("".join(f'<th {attrs} scope="col">{cell}</th>' for attrs, cell in self.head_cells()))
            _head_rows.put(key, html)
        return html

    def body_html(self):
        """The page's <tr>s joined here: a template loop costs two variable nodes a cell."""
        return mark_safe(
            "".join(
                "<tr>" + "".join(f"<td {attrs}>{html}</td>" for attrs, html in cells) + "</tr>\n"
                for cells in self.page_cells()
            )
        )

    def page_cells(self):
        """[(row attrs, [(td attrs, html), …]), …] for the rows of the current page."""
        columns = [(c, getattr(self, f"render_{c.name}", None)) for c in self.columns]
        td_attrs = {c.name: c.attrs["td"].as_html() for c, _ in columns}
        rows = []
        for row in self.page.object_list:
            record = row.record
            cells = []
            for column, render_cell in columns:
                if render_cell is not None:
                    html = conditional_escape(render_cell(record=record))
                else:
                    value = column.accessor.resolve(record, quiet=True)
                    html = _display(value, column.column)
                cells.append((td_attrs[column.name], html))
            rows.append(cells)
        return rows

    def export_rows(self, queryset, limit: int, decorate=None):
        """Header, then one list of plain values per record; `decorate` sees each chunk first."""
        columns = [c for c in self.columns.iterall() if not c.column.exclude_from_export]
        yield [force_str(c.header) for c in columns]
        chunk = []
        for record in queryset[:limit].iterator(chunk_size=EXPORT_CHUNK):
            chunk.append(record)
            if len(chunk) == EXPORT_CHUNK:
                yield from self._export_chunk(chunk, columns, decorate)
                chunk = []
        yield from self._export_chunk(chunk, columns, decorate)

    def _export_chunk(self, records, columns, decorate):
        if decorate and records:
            decorate(records)
        for record in records:
            row = BoundRow(record, table=self)
            yield [_cell(row.get_cell_value(c.name)) for c in columns]


def _display(value, column):
    if value in (None, ""):
        return conditional_escape(column.default)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return conditional_escape(value)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date | int | float):
        return value
    return force_str(value)


class _Echo:
    def write(self, value):
        return value


def csv_response(rows, filename: str) -> StreamingHttpResponse:
    """UTF-8 with a byte-order mark, so Excel opens Vietnamese text correctly."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        for row in rows:
            yield writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else v for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(rows, filename: str, title: str) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, row in enumerate(rows):
        if index == 0:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                cell.font = Font(bold=True)
                cells.append(cell)
            sheet.append(cells)
            continue
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


OPTIONS_VERSION_KEY = "lists:options-version"
OPTIONS_MAX_AGE = 300  # seconds; bounds staleness after bulk writes that send no signal
_options: dict = {}


def options_changed(**kwargs) -> None:
    """Receiver of post_save/post_delete of Agency and Directive (directives.apps): every
    process rebuilds its datalists on its next request (or after OPTIONS_MAX_AGE if the cache
    cannot be reached: a save never fails for a datalist)."""
    try:
        cache.set(OPTIONS_VERSION_KEY, time.time_ns(), None)
    except Exception:
        logger.warning("list options: cache unavailable, version not bumped", exc_info=True)


def cached_options(scope: str, build) -> str:
    """The HTML `build()` returns, kept in this process until an agency or directive changes
    (a version in the shared cache, one round trip) or OPTIONS_MAX_AGE passes. For datalists:
    suggestions only, every filter still reads the database."""
    try:
        version = cache.get(OPTIONS_VERSION_KEY)
        if version is None:
            cache.add(OPTIONS_VERSION_KEY, time.time_ns(), None)
            version = cache.get(OPTIONS_VERSION_KEY)
    except Exception:  # the cache server is down: the page still works, reading the database
        logger.warning("list options: cache unavailable, datalist rebuilt", exc_info=True)
        return build()
    key, now = (scope, get_language()), time.monotonic()
    hit = _options.get(key)
    if hit and hit[0] == version and now - hit[1] < OPTIONS_MAX_AGE:
        return hit[2]
    html = build()
    _options[key] = (version, now, html)
    return html


def agency_datalist():
    """<option>s of every agency code (label: name) from one narrow query, kept by cached_options."""
    from agencies.models import Agency

    def build():
        rows = Agency.objects.order_by("name").values_list("code", "name")
        return format_html_join("", '<option value="{}">{}</option>', rows)

    return cached_options("agencies", build)


class _Kept:
    """A small least-recently-used dict shared by the threads of one process."""

    def __init__(self, size: int = 256):
        self.size, self.rows, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.rows.get(key)
            if value is not None:
                self.rows.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self.lock:
            self.rows[key] = value
            while len(self.rows) > self.size:
                self.rows.popitem(last=False)


_head_rows = _Kept()


class _FilterFieldsCache:
    """Rendered filter forms by (view, language, filter parameters): the form's HTML — values,
    choices (all static: no model choice fields), errors — is a function of those alone, and
    Django's widget templates cost ~10 ms a page. Per process, least recently used dropped."""

    def __init__(self, size: int = 256):
        self.kept = _Kept(size)

    def render(self, view, form, valid: bool) -> str:
        if any(hasattr(field, "queryset") for field in form.fields.values()):  # choices from the database
            return render_to_string("lists/_filter_fields.html", {"form": form, "filter_valid": valid})
        params = tuple(sorted((k, tuple(v)) for k, v in view.request.GET.lists() if k in form.fields))
        key = (type(view).__qualname__, get_language(), params)
        html = self.kept.get(key)
        if html is None:
            html = render_to_string("lists/_filter_fields.html", {"form": form, "filter_valid": valid})
            self.kept.put(key, html)
        return html


filter_fields_cache = _FilterFieldsCache()


class FilteredListView(LoginRequiredMixin, View):
    """GET: filter the permitted rows, sort, paginate, render; ?export=csv|xlsx: all filtered rows."""

    filterset_class = None
    table_class = None
    template_name = "lists/list.html"
    title = ""
    export_name = "danh-sach"
    filterset_kwargs: dict = {}

    def today(self) -> datetime.date:
        return timezone.localdate()

    def get_queryset(self):
        raise NotImplementedError

    def get_filterset(self, queryset):
        return self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)

    def decorate_page(self, records: list) -> None:
        """Attach figures computed for the rows of this page only (one grouped query)."""

    def get_context_data(self, **context):
        return context

    def get(self, request, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        queryset = self.get_queryset()
        filterset = self.get_filterset(queryset)
        # An invalid filter shows its message and no rows: ignoring it would silently widen the list.
        valid = not filterset.is_bound or filterset.is_valid()
        for name, options in (("agency", "agency-options"), ("directive", "directive-options")):
            if name in filterset.form.fields:
                filterset.form.fields[name].widget.attrs.update(list=options, autocomplete="off")
        rows = filterset.qs if valid else queryset.none()
        table = self.table_class(rows)
        RequestConfig(request, paginate=False).configure(table)  # sorting from ?sort=
        export = request.GET.get("export")
        if export in {"csv", "xlsx"} and valid:
            data, limit = table.data.data, settings.PORTAL_EXPORT_MAX_ROWS
            if export == "csv":
                return csv_response(table.export_rows(data, limit, self.decorate_page), self.export_name)
            rows_out = table.export_rows(data, limit, self.decorate_page)
            return xlsx_response(rows_out, self.export_name, force_str(self.title))
        per_page = _int(request.GET.get("per_page"), PER_PAGE, 1, MAX_PER_PAGE)
        try:
            table.paginate(
                paginator_class=DeferredJoinPaginator, per_page=per_page, page=page_number(request.GET.get("page"))
            )
        except EmptyPage:
            table.paginate(paginator_class=DeferredJoinPaginator, per_page=per_page, page=1)
        self.decorate_page([row.record for row in table.page.object_list])
        context = self.get_context_data(
            title=self.title,
            filterset=filterset,
            table=table,
            filter_valid=valid,
            filter_fields=filter_fields_cache.render(self, filterset.form, valid),
            agency_options=agency_datalist(),
            export_query=_export_query(request),
        )
        return render(request, self.template_name, context)


def _int(raw, default: int, low: int, high: int | None = None) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return default
    if value < low:
        return default
    return min(value, high) if high else value


def _export_query(request) -> str:
    query = request.GET.copy()
    for name in ("page", "per_page", "export"):
        query.pop(name, None)
    return query.urlencode()
