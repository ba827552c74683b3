"""Links from a figure to the list that produced it (docs/list-filters.md).

The assignment list is built on another branch; until its URL name exists the path of the
contract is used, so every figure already links to the right parameters.
"""

import datetime
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

ASSIGNMENT_LIST_PATH = "/nhiem-vu/phan-cong/"


def _reverse_or(name: str, fallback: str | None, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return fallback


def _value(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is True:
        return "true"
    return str(value)


def assignment_list_url(**params) -> str:
    """The assignment list filtered by `params`; a list value repeats the parameter (status)."""
    pairs = []
    for key, value in params.items():
        if value in (None, "", [], ()):
            continue
        values = value if isinstance(value, list | tuple) else [value]
        pairs.extend((key, _value(v)) for v in values)
    base = _reverse_or("directives:assignment_list", ASSIGNMENT_LIST_PATH)
    return f"{base}?{urlencode(pairs)}"


def directive_page_url(slug: str) -> str | None:
    return _reverse_or("directives:directive_detail", None, slug=slug)


def agency_page_url(code: str) -> str | None:
    return _reverse_or("agencies:detail", None, code=code)
