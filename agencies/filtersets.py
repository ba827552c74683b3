"""Filters of the agency list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from langson_portal.text import fold

from .models import Agency, AgencyKind


class AgencyFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Tìm tên, mã, tên viết tắt"))
    kind = django_filters.ChoiceFilter(choices=AgencyKind.choices, label=_("Loại cơ quan"))
    state = django_filters.ChoiceFilter(
        method="filter_state",
        choices=[("active", _("Đang hoạt động")), ("closed", _("Đã chấm dứt hoạt động"))],
        label=_("Tình trạng"),
    )

    class Meta:
        model = Agency
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        """Accents ignored over every known name; a thousand agencies fold in milliseconds."""
        words = fold(value).split()
        rows = queryset.values_list("pk", "code", "name", "short_name", "aliases")
        ids = [
            pk
            for pk, code, full, short, aliases in rows
            if all(word in fold(" ".join([code, full, short, *aliases])) for word in words)
        ]
        return queryset.filter(pk__in=ids)

    def filter_state(self, queryset, name, value):
        if value == "closed":
            return queryset.filter(closed_on__isnull=False)
        return queryset.filter(closed_on__isnull=True)
