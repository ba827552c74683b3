"""The API's filters. Assignments use the list pages' own `AssignmentFilterSet`, so a
parameter means the same in /nhiem-vu/phan-cong/ and /api/v1/assignments/
(docs/list-filters.md); the other lists take a few parameters of their own."""

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agencies.models import AgencyKind
from directives.filtersets import AssignmentFilterSet, DirectiveFilterSet, task_text_q
from directives.models import Indicator, IndicatorGroup, Task

__all__ = ["AssignmentFilterSet", "DirectiveFilterSet", "TaskFilterSet", "IndicatorFilterSet", "AsOfSerializer"]


class TaskFilterSet(django_filters.FilterSet):
    directive = django_filters.CharFilter(field_name="directive__slug", label=_("Văn bản (mã định danh)"))
    q = django_filters.CharFilter(method="filter_text", label=_("Tìm trong nội dung"))

    class Meta:
        model = Task
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        return queryset.filter(task_text_q(value))


class IndicatorFilterSet(django_filters.FilterSet):
    directive = django_filters.CharFilter(field_name="directive__slug", label=_("Văn bản (mã định danh)"))
    group = django_filters.ChoiceFilter(choices=IndicatorGroup.choices, label=_("Nhóm chỉ số"))

    class Meta:
        model = Indicator
        fields: list[str] = []


class AsOfSerializer(serializers.Serializer):
    """?as_of=YYYY-MM-DD (default today, Asia/Ho_Chi_Minh)."""

    as_of = serializers.DateField(required=False, help_text=_("Tính đến ngày (mặc định hôm nay)."))

    def day(self) -> datetime.date:
        return self.validated_data.get("as_of") or timezone.localdate()


class ScopeQuerySerializer(AsOfSerializer):
    directive = serializers.SlugField(required=False, help_text=_("Chỉ văn bản này (mã định danh)."))
    agency_kind = serializers.ChoiceField(
        choices=AgencyKind.choices, required=False, help_text=_("Chỉ loại cơ quan này.")
    )


class ScorecardQuerySerializer(ScopeQuerySerializer):
    agency = serializers.SlugField(required=False, help_text=_("Chỉ cơ quan này (mã)."))


class CalendarQuerySerializer(serializers.Serializer):
    date_from = serializers.DateField(required=False, help_text=_("Từ ngày (mặc định hôm nay)."))
    date_to = serializers.DateField(required=False, help_text=_("Đến ngày (mặc định sau 30 ngày; tối đa 366 ngày)."))

    def validate(self, data):
        start = data.get("date_from") or timezone.localdate()
        end = data.get("date_to") or start + datetime.timedelta(days=30)
        if end < start:
            raise serializers.ValidationError({"date_to": [_("Ngày kết thúc phải sau ngày bắt đầu.")]})
        if (end - start).days > 366:
            raise serializers.ValidationError({"date_to": [_("Khoảng ngày tối đa 366 ngày.")]})
        return {"date_from": start, "date_to": end}


class ImportQuerySerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(required=False, default=False, help_text=_("1: chỉ xem trước, không lưu."))


class ExchangeQuerySerializer(serializers.Serializer):
    format = serializers.ChoiceField(
        choices=[("exchange", "exchange")],
        required=False,
        help_text=_("exchange: trả văn bản theo định dạng trao đổi JSON (docs/directive-json.md)."),
    )
