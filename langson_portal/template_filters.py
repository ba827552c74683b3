"""Filters every template has without {% load %} (TEMPLATES "builtins" in settings)."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# What a page shows for a value the portal does not know (a scan cut off the date, no focal
# agency named): one word everywhere, never Python's "None".
UNKNOWN = _("chưa rõ")


@register.filter
def or_unknown(value):
    """The value, or "chưa rõ" when it is None or empty. After |date, whose None is "": `{{ d|date:"d/m/Y"|or_unknown }}`."""
    if value is None or value == "":
        return UNKNOWN
    return value
