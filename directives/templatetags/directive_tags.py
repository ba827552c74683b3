from django import template

from ..status import StatusCategory

register = template.Library()


@register.filter
def status_label(category: str) -> str:
    """ "qua_han" -> "Đang thực hiện quá hạn"."""
    try:
        return StatusCategory(category).label
    except ValueError:
        return ""
