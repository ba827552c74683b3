"""Filters of the list pages. Dashboards link to these lists with the same parameters, so a
figure and the list behind it are computed by the same code (docs/list-filters.md)."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyKind
from langson_portal.text import fold

from .models import Assignment, AssignmentRole, Directive
from .selectors import status_category_expression
from .status import Lifecycle, StatusCategory


class AssignmentFilterSet(django_filters.FilterSet):
    directive = django_filters.CharFilter(field_name="task__directive__slug", label=_("Văn bản"))
    agency = django_filters.CharFilter(method="filter_agency", label=_("Cơ quan (mã)"))
    agency_kind = django_filters.ChoiceFilter(field_name="holder__kind", choices=AgencyKind.choices, label=_("Loại cơ quan"))
    role = django_filters.ChoiceFilter(choices=AssignmentRole.choices, label=_("Vai trò"))
    status = django_filters.MultipleChoiceFilter(
        choices=StatusCategory.choices, method="filter_status", label=_("Tình trạng so với thời hạn"),
        widget=forms.CheckboxSelectMultiple,
    )
    lifecycle = django_filters.ChoiceFilter(choices=Lifecycle.choices, label=_("Tình trạng thực hiện"))
    due_from = django_filters.DateFilter(field_name="effective_due_on", lookup_expr="gte", label=_("Thời hạn từ ngày"))
    due_to = django_filters.DateFilter(field_name="effective_due_on", lookup_expr="lte", label=_("Đến ngày"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Chỉ việc quá hạn"), widget=forms.CheckboxInput)
    due_within = django_filters.NumberFilter(method="filter_due_within", label=_("Đến hạn trong (ngày)"), min_value=0)
    q = django_filters.CharFilter(method="filter_text", label=_("Tìm trong nội dung"))
    as_of = django_filters.DateFilter(method="filter_as_of", label=_("Tính đến ngày"))

    class Meta:
        model = Assignment
        fields: list[str] = []

    def today(self) -> datetime.date:
        as_of = self.form.cleaned_data.get("as_of") if hasattr(self.form, "cleaned_data") else None
        return as_of or timezone.localdate()

    def filter_agency(self, queryset, name, value):
        agency = Agency.objects.filter(code=value).only("pk").first()
        if agency is None:
            return queryset.none()
        return queryset.filter(Q(agency_id=agency.pk) | Q(holder_id=agency.pk))

    def filter_status(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.alias(_status=status_category_expression(self.today())).filter(_status__in=value)

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.alias(_status=status_category_expression(self.today())).filter(_status=StatusCategory.OVERDUE)

    def filter_due_within(self, queryset, name, value):
        if value is None:
            return queryset
        today = self.today()
        return queryset.exclude(lifecycle=Lifecycle.DONE).filter(
            effective_due_on__gte=today, effective_due_on__lte=today + datetime.timedelta(days=int(value))
        )

    def filter_text(self, queryset, name, value):
        words = fold(value).split()
        for word in words:
            queryset = queryset.filter(Q(task__content_folded__contains=word) | Q(task__ref__iexact=word))
        return queryset

    def filter_as_of(self, queryset, name, value):
        """Figures as they stood on a past day: only work assigned by then and not yet withdrawn."""
        return queryset.filter(assigned_on__lte=value).exclude(withdrawn_on__lte=value)


class DirectiveFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(field_name="kind", choices=Directive._meta.get_field("kind").choices, label=_("Loại"))
    state = django_filters.ChoiceFilter(choices=Directive._meta.get_field("state").choices, label=_("Trạng thái"))
    q = django_filters.CharFilter(method="filter_text", label=_("Tìm số, trích yếu"))

    class Meta:
        model = Directive
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(number__icontains=value) | Q(title__icontains=value) | Q(slug__icontains=value))
