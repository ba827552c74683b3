"""Tables that stay fast at a million rows: a paginator that never counts and joins only the
page's rows, and a table body joined in Python. Opt-in: a list's table subclasses `FastTable`
and its view paginates with `DeferredJoinPaginator` (`langson_portal.listing.FastList` does both).
"""

import datetime

from django.core.paginator import EmptyPage, Page
from django.http import QueryDict
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_tables2 import Table
from django_tables2.paginators import LazyPaginator
from django_tables2.rows import BoundRows

PER_PAGE = 25
MAX_PER_PAGE = 100
LAST_OFFSET = 2**62  # beyond any table; a larger ?page= is an empty page, not a bigint overflow


class DeferredJoinPaginator(LazyPaginator):
    """Lazy pagination (no COUNT) that reads the page's ids first and joins only those rows.

    Page 500 then walks 12,500 index entries instead of joining 12,500 rows to the task,
    directive and agency tables: two queries per page whatever the table's size. The rows
    come from `joined` (the list's selector, with its joins and annotations but without the
    filter form's conditions, which the ids already passed).
    """

    def __init__(self, object_list, per_page, *, joined=None, **kwargs):
        self.joined = joined
        per_page = int(per_page)  # from ?per_page=: a bad value falls back, a large one is capped
        super().__init__(object_list, min(per_page, MAX_PER_PAGE) if per_page >= 1 else PER_PAGE, **kwargs)

    def page(self, number):
        number = self.validate_number(number or 1)
        bottom = (number - 1) * self.per_page
        if bottom >= LAST_OFFSET:
            raise EmptyPage(_("Trang này không có kết quả"))
        rows: BoundRows = self.object_list
        queryset = rows.data.data  # BoundRows -> TableQuerysetData -> the ordered queryset
        ids = list(queryset.values_list("pk", flat=True)[bottom : bottom + self.per_page + 1])
        if not ids and number != 1:
            raise EmptyPage(_("Trang này không có kết quả"))
        has_next = len(ids) > self.per_page
        ids = ids[: self.per_page]
        source = (self.joined if self.joined is not None else queryset).order_by()
        by_pk = {obj.pk: obj for obj in source.filter(pk__in=ids)} if ids else {}
        records = [by_pk[pk] for pk in ids if pk in by_pk]
        self._num_pages = number + 1 if has_next else number
        self._final_num_pages = None if has_next else number
        return Page(BoundRows(records, rows.table), number, self)


class FastTable(Table):
    """A table whose page renders in one pass: each render_<column>(record) is called directly,
    without django-tables2's per-cell signature inspection, and the rows are joined in Python
    (a template loop costs two variable nodes a cell). `prepare_records` attaches figures
    computed for a page's (or an export chunk's) records in one grouped query."""

    def prepare_records(self, records: list) -> None:
        """Figures for these records only (one grouped query); nothing by default."""

    def head_html(self):
        return mark_safe(
            "".join(f'<th {c.attrs["th"].as_html()} scope="col">{self._head(c)}</th>' for c in self.columns)
        )

    def _head(self, column):
        if not column.orderable:
            return conditional_escape(column.header)
        request = getattr(self, "request", None)
        params = request.GET.copy() if request else QueryDict(mutable=True)
        params[self.prefixed_order_by_field] = str(column.order_by_alias.next)
        return f'<a href="?{conditional_escape(params.urlencode())}">{conditional_escape(column.header)}</a>'

    def body_html(self):
        columns = [(c, getattr(self, f"render_{c.name}", None), c.attrs["td"].as_html()) for c in self.columns]
        lines = []
        for row in self.page.object_list:
            cells = []
            for column, render_cell, attrs in columns:
                if render_cell is not None:
                    html = conditional_escape(render_cell(record=row.record))
                else:
                    # the bound column's default falls back to the table's ("—"); the column's own may be None
                    html = _plain_cell(column.accessor.resolve(row.record, quiet=True), column.default)
                cells.append(f"<td {attrs}>{html}</td>")
            lines.append("<tr>" + "".join(cells) + "</tr>\n")
        return mark_safe("".join(lines))


def _plain_cell(value, default) -> str:
    if value in (None, ""):
        return conditional_escape(default)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return conditional_escape(value)
