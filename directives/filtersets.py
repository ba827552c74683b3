"""Filters of the list pages. Dashboards link to these lists with the same parameters, so a
figure and the list behind it are computed by the same code (docs/list-filters.md)."""

import copy
import datetime
import hashlib
import re

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyKind
from agencies.selectors import agency_choices
from langson_portal.fragments import cached_html
from langson_portal.text import fold

from .models import Assignment, AssignmentRole, Directive, Task
from .status import Lifecycle, StatusCategory, due_within_q, status_q

_REF_LIKE = re.compile(r"[0-9.]")


def task_text_q(value: str, *, prefix: str = "") -> Q:
    """Every word in the task text, accents ignored; a word that looks like a ref ("II.4.a",
    "3") may also match the task's ref. Words without digits or dots stay on content_folded
    alone, so the trigram index serves them (an OR with the ref would force a scan)."""
    condition = Q()
    for word in fold(value).split():
        word_q = Q(**{f"{prefix}content_folded__contains": word})
        if _REF_LIKE.search(word):
            word_q |= Q(**{f"{prefix}ref__iexact": word})
        condition &= word_q
    return condition


# How many matching tasks the search reads by id before it walks the deadline index instead.
# Below it: at most ~2,500 assignments, found by task and sorted. Above it the words are in at
# least 1 task in 400 (at 200,000 tasks), so page 1 walks at most ~10,000 index entries; a
# larger limit made each search pay for reading, sending and planning thousands of ids.
SEARCH_TASK_IDS_MAX = 500
# "Đến hạn trong N ngày" looks ten years ahead at most; a larger N (1e9) overflowed the date.
DUE_WITHIN_MAX_DAYS = 3650


COMMON_PHRASE_SECONDS = 300


def _common_phrase_key(value: str) -> str:
    words = " ".join(fold(value).split())
    return "lists:common-phrase:" + hashlib.sha1(f"{words}:{SEARCH_TASK_IDS_MAX}".encode()).hexdigest()


def _known_common(key: str) -> bool:
    """Whether a phrase was found to match more than SEARCH_TASK_IDS_MAX tasks lately (Django's
    cache, shared by the processes). Only a choice of plan: the walk checks every row's text
    itself, so a stale verdict costs time, never a wrong row; an unreachable cache, a read."""
    try:
        return bool(cache.get(key))
    except Exception:
        return False


def _remember_common(key: str) -> None:
    try:
        cache.set(key, True, COMMON_PHRASE_SECONDS)
    except Exception:
        pass


def assignment_text_q(value: str) -> Q | Subquery:
    """The assignments whose task text matches `task_text_q(value)`, in a shape PostgreSQL plans well.

    The planner multiplies the selectivities of the words' LIKEs as if they were independent
    ("tiep can dat dai" occur together: it expects 6 tasks and finds 15,000), then joins every
    match and sorts them all. So one query first reads up to SEARCH_TASK_IDS_MAX matching task
    ids through the trigram index: when that is all of them, the list filters on those ids
    (task index, a small sort); when there are more, the words are common and the list walks
    its sort index checking each row's task (a correlated scalar subquery, which the planner
    cannot turn into that join) until the page is full. That verdict is remembered a while
    (`_remember_common`), so the next pages of a common search skip the id read.
    """
    text = task_text_q(value)
    key = _common_phrase_key(value)
    if not _known_common(key):
        ids = list(Task.objects.filter(text).order_by().values_list("id", flat=True)[: SEARCH_TASK_IDS_MAX + 1])
        if len(ids) <= SEARCH_TASK_IDS_MAX:
            return Q(task_id__in=ids)
        _remember_common(key)
    matches = Task.objects.filter(pk=OuterRef("task_id")).values(
        ok=ExpressionWrapper(text, output_field=BooleanField())
    )
    return Subquery(matches, output_field=BooleanField())


def _suggest(datalist_id: str) -> forms.TextInput:
    return forms.TextInput(attrs={"list": datalist_id, "autocomplete": "off"})


def agency_datalist(*, include_closed: bool = False) -> str:
    """<option>s of the agencies active today — every agency with `include_closed`, the
    "gồm cơ quan đã giải thể/sáp nhập" option — (code, label: name), kept in the cache."""

    def build():
        rows = agency_choices(day=timezone.localdate(), include_closed=include_closed).values_list("code", "name")
        return format_html_join("", '<option value="{}">{}</option>', rows)

    return cached_html(("agency-datalist", include_closed, timezone.localdate()), build)


def directive_datalist(user) -> str:
    """<option>s of the 500 most recent directives the user may open. The same for everyone
    who sees everything, so kept; an officer's depends on their agency's work, so read each time."""

    def build():
        rows = Directive.objects.visible_to(user).order_by("-issued_on", "slug").values_list("slug", "number", "title")
        missing = _("không rõ số")
        return format_html_join(
            "", '<option value="{}">{} — {}</option>', ((s, n or missing, t[:80]) for s, n, t in rows[:500])
        )

    return cached_html(("directive-datalist",), build) if user.sees_everything else build()


class DatalistsMixin:
    """Suggestions for the agency and directive inputs of a filter form (the values typed are
    still checked by the filters against the database)."""

    def datalists(self) -> dict[str, str]:
        found = {}
        if "agency" in self.filters:
            closed = self.form["include_closed"].value() if "include_closed" in self.filters else False
            found["agency-options"] = agency_datalist(include_closed=bool(closed))
        if "directive" in self.filters:
            found["directive-options"] = directive_datalist(self.request.user)
        return found


class AssignmentFilterSet(DatalistsMixin, django_filters.FilterSet):
    directive = django_filters.CharFilter(
        field_name="task__directive__slug", label=_("Văn bản"), widget=_suggest("directive-options")
    )
    agency = django_filters.CharFilter(
        method="filter_agency", label=_("Cơ quan (mã)"), widget=_suggest("agency-options")
    )
    agency_kind = django_filters.ChoiceFilter(
        field_name="holder__kind", choices=AgencyKind.choices, label=_("Loại cơ quan")
    )
    role = django_filters.ChoiceFilter(choices=AssignmentRole.choices, label=_("Vai trò"))
    status = django_filters.MultipleChoiceFilter(
        choices=StatusCategory.choices,
        method="filter_status",
        label=_("Tình trạng so với thời hạn"),
        widget=forms.CheckboxSelectMultiple,
    )
    lifecycle = django_filters.ChoiceFilter(choices=Lifecycle.choices, label=_("Tình trạng thực hiện"))
    due_from = django_filters.DateFilter(field_name="effective_due_on", lookup_expr="gte", label=_("Thời hạn từ ngày"))
    due_to = django_filters.DateFilter(field_name="effective_due_on", lookup_expr="lte", label=_("Đến ngày"))
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("Chỉ việc quá hạn"), widget=forms.CheckboxInput
    )
    due_within = django_filters.NumberFilter(
        method="filter_due_within",
        label=_("Đến hạn trong (ngày)"),
        min_value=0,
        max_value=DUE_WITHIN_MAX_DAYS,
        decimal_places=0,
    )
    q = django_filters.CharFilter(method="filter_text", label=_("Tìm trong nội dung"))
    as_of = django_filters.DateFilter(method="filter_as_of", label=_("Tính đến ngày"))
    include_closed = django_filters.BooleanFilter(
        method="filter_include_closed",
        label=_("Gồm cơ quan đã giải thể/sáp nhập"),
        widget=forms.CheckboxInput,
        help_text=_("Gợi ý cả các cơ quan đã chấm dứt hoạt động trong ô “Cơ quan”."),
    )

    class Meta:
        model = Assignment
        fields: list[str] = []

    def today(self) -> datetime.date:
        as_of = self.form.cleaned_data.get("as_of") if hasattr(self.form, "cleaned_data") else None
        return as_of or timezone.localdate()

    def filter_include_closed(self, queryset, name, value):
        return queryset  # widens the agency suggestions only; the rows are filtered by the other fields

    def filter_agency(self, queryset, name, value):
        agency = Agency.objects.filter(code=value).only("pk").first()
        if agency is None:
            return queryset.none()
        return queryset.filter(Q(agency_id=agency.pk) | Q(holder_id=agency.pk))

    def filter_status(self, queryset, name, value):
        if not value:
            return queryset
        condition = Q()
        for category in value:
            condition |= status_q(category, self.today())
        return queryset.filter(condition)

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status_q(StatusCategory.OVERDUE, self.today()))

    def filter_due_within(self, queryset, name, value):
        if value is None:
            return queryset
        today = self.today()
        # an "as of" day near the end of the calendar: the window stops at its last day
        days = min(int(value), (datetime.date.max - today).days)
        return queryset.filter(due_within_q(today, days))

    def filter_text(self, queryset, name, value):
        return queryset.filter(assignment_text_q(value))

    def filter_as_of(self, queryset, name, value):
        """Figures as they stood on a past day: only work assigned by then and not yet withdrawn."""
        return queryset.filter(assigned_on__lte=value).exclude(withdrawn_on__lte=value)


class TaskFilterSet(DatalistsMixin, django_filters.FilterSet):
    """The assignment filters, applied to tasks: a task is listed when one of the assignments
    the user may see matches (its agency, role, status, deadline), or its text matches."""

    class Meta:
        model = Task
        fields: list[str] = []

    def __init__(self, *args, assignments: QuerySet, **kwargs):
        self.assignments = assignments
        super().__init__(*args, **kwargs)

    def filter_queryset(self, queryset):
        values = self.form.cleaned_data
        if values.get("directive"):
            queryset = queryset.filter(directive__slug=values["directive"])
        if values.get("q"):
            queryset = queryset.filter(task_text_q(values["q"]))
        per_assignment = [name for name in self.filters if name not in {"directive", "q", "as_of"}]
        if any(values.get(name) not in (None, "", []) for name in per_assignment):
            matching = AssignmentFilterSet(self.data, queryset=self.assignments, request=self.request).qs
            queryset = queryset.filter(id__in=matching.values("task_id"))
        return queryset


TaskFilterSet.base_filters = copy.deepcopy(
    {name: f for name, f in AssignmentFilterSet.base_filters.items() if name != "as_of"}
)


class DirectiveFilterSet(DatalistsMixin, django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        field_name="kind", choices=Directive._meta.get_field("kind").choices, label=_("Loại")
    )
    state = django_filters.ChoiceFilter(choices=Directive._meta.get_field("state").choices, label=_("Trạng thái"))
    agency = django_filters.CharFilter(
        method="filter_agency", label=_("Cơ quan được giao (mã)"), widget=_suggest("agency-options")
    )
    q = django_filters.CharFilter(method="filter_text", label=_("Tìm số, trích yếu"))

    class Meta:
        model = Directive
        fields: list[str] = []

    def filter_agency(self, queryset, name, value):
        return queryset.filter(
            id__in=Assignment.objects.filter(Q(agency__code=value) | Q(holder__code=value)).values("task__directive_id")
        )

    def filter_text(self, queryset, name, value):
        """Accents ignored; directives are few, so folding their titles here is cheap."""
        words = fold(value).split()
        rows = queryset.values_list("pk", "number", "title", "slug")
        ids = [pk for pk, *texts in rows if all(word in fold(" ".join(texts)) for word in words)]
        return queryset.filter(pk__in=ids)
