"""Writes of the dashboards app."""

import decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.models import Indicator, IndicatorValue


@transaction.atomic
def indicator_value_set(
    *, indicator: Indicator, year: int, value: decimal.Decimal, source: str, actor
) -> IndicatorValue:
    """Record (or correct) the actual value of an indicator for a year, with its source.

    Only office staff enter values; the history table keeps what a correction replaced.
    """
    if not actor.is_office_staff:
        raise PermissionDenied(_("Chỉ chuyên viên theo dõi được nhập giá trị chỉ số."))
    source = (source or "").strip()
    if not source:
        raise ValidationError({"source": _("Cần ghi nguồn số liệu.")})
    if year < 2000 or year > timezone.localdate().year:
        raise ValidationError({"year": _("Năm không hợp lệ.")})
    existing = IndicatorValue.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if existing is None:
        return IndicatorValue.objects.create(
            indicator=indicator, year=year, value=value, source=source, entered_by=actor
        )
    existing.value, existing.source, existing.entered_by = value, source, actor
    existing.save(update_fields=["value", "source", "entered_by", "updated_at"])
    return existing
