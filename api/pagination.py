"""Cursor pagination. The assignment list walks its sort index (effective deadline, id) from
the cursor — a row comparison the index serves — so page 4,000 costs what page 1 does; then
it reads only that page's rows with their joins (as the list pages' DeferredJoinPaginator)."""

import base64
import datetime

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import BasePagination, CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


class IdCursorPagination(CursorPagination):
    """For the small lists (directives, tasks, agencies, indicators): by id."""

    ordering = "id"
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_cursor_message = _("Con trỏ trang không hợp lệ.")


def _encode(due: datetime.date | None, pk: int) -> str:
    raw = f"{due.isoformat() if due else ''}|{pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime.date | None, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        due, pk = raw.split("|")
        return (datetime.date.fromisoformat(due) if due else None), int(pk)
    except (ValueError, UnicodeError) as error:
        raise exceptions.ValidationError({"cursor": [_("Con trỏ trang không hợp lệ.")]}) from error


def _after(queryset, due: datetime.date, pk: int):
    table = queryset.model._meta.db_table
    condition = RawSQL(
        f'("{table}"."effective_due_on", "{table}"."id") > (%s, %s)', (due, pk), output_field=BooleanField()
    )
    return queryset.filter(condition)


class DeadlineCursorPagination(BasePagination):
    """Keyset pagination on (effective_due_on, id), deadlines first and work without one last
    (PostgreSQL's order for ASC). At most three queries a page: ids before the undated tail,
    ids of the tail when the page reaches it, then the page's rows."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        try:
            size = int(request.query_params.get(self.page_size_query_param, PAGE_SIZE))
        except ValueError:
            size = PAGE_SIZE
        size = max(1, min(size, MAX_PAGE_SIZE))
        cursor = request.query_params.get(self.cursor_query_param)
        keys = queryset.values_list("pk", "effective_due_on")
        if cursor:
            due, pk = _decode(cursor)
        else:
            due, pk = None, None
        found: list = []
        if due is not None or pk is None:
            dated = keys.filter(effective_due_on__isnull=False)
            if due is not None:
                dated = _after(dated, due, pk)
            found = list(dated[: size + 1])
        if len(found) <= size:
            undated = keys.filter(effective_due_on__isnull=True)
            if due is None and pk is not None:
                undated = undated.filter(pk__gt=pk)
            found += list(undated.order_by("pk")[: size + 1 - len(found)])
        self.has_next = len(found) > size
        found = found[:size]
        self.next_key = found[-1] if self.has_next else None
        ids = [pk for pk, _ in found]
        if not ids:
            return []
        rows = queryset.order_by()
        rows.query.where = queryset.model.objects.all().query.where  # the ids already passed every filter
        by_pk = {row.pk: row for row in rows.filter(pk__in=ids)}
        return [by_pk[pk] for pk in ids if pk in by_pk]

    def get_next_link(self):
        if not self.next_key:
            return None
        pk, due = self.next_key
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, _encode(due, pk))

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "Trang sau (trống: đã hết).",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Con trỏ trang, lấy từ trường next của trang trước.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Số dòng một trang (1–{MAX_PAGE_SIZE}, mặc định {PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
