from decimal import Decimal

from django import template
from django.utils.formats import number_format

from ..status import StatusCategory

register = template.Library()


@register.filter
def status_label(category: str) -> str:
    """ "qua_han" -> "Đang thực hiện quá hạn"."""
    try:
        return StatusCategory(category).label
    except ValueError:
        return ""


@register.filter
def plain_number(value) -> str:
    """Decimal("7.2000") -> "7,2": no trailing zeros, the locale's decimal comma."""
    if value is None:
        return ""
    value = Decimal(value).normalize()
    if value == value.to_integral():
        value = value.quantize(Decimal(1))
    return number_format(value)
