"""Numbers and dates as a Vietnamese administrative document writes them."""

import datetime

from django import template

from directives.status import StatusCategory

register = template.Library()


@register.filter
def vn_percent(value) -> str:
    """33.3 -> "33,3%"."""
    if value is None:
        return ""
    return f"{float(value):.1f}".replace(".", ",") + "%"


@register.filter
def vn_number(value) -> str:
    """A decimal as the document writes it: "7.2" -> "7,2"; empty stays empty."""
    if value in (None, ""):
        return ""
    return str(value).replace(".", ",")


@register.filter
def vn_signed(value) -> str:
    """A change: "+3", "-2", "0"."""
    if value is None:
        return ""
    return f"+{value}" if value > 0 else str(value)


@register.filter
def vn_date(value) -> str:
    """ISO day -> dd/mm/yyyy."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def status_label(value) -> str:
    try:
        return StatusCategory(value).label
    except ValueError:
        return value
