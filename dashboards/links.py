"""Links from a figure to the list that produced it (docs/list-filters.md)."""

import datetime
import functools
from collections.abc import Callable
from urllib.parse import urlencode

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse


def _value(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is True:
        return "true"
    return str(value)


def _encode(params: dict) -> str:
    pairs = []
    for key, value in params.items():
        if value in (None, "", [], ()):
            continue
        values = value if isinstance(value, list | tuple) else [value]
        pairs.extend((key, _value(v)) for v in values)
    return urlencode(pairs)


def assignment_list_url(**params) -> str:
    """The assignment list filtered by `params`; a list value repeats the parameter (status)."""
    return f"{_assignment_list_base(get_urlconf(), get_script_prefix())}?{_encode(params)}"


def assignment_list_url_maker(**common) -> Callable[..., str]:
    """`assignment_list_url` for many links sharing `common` parameters (a scorecard row's
    eight figures): the shared part is encoded once; the result is the same string."""
    prefix = assignment_list_url(**common)

    def make(**extra) -> str:
        tail = _encode(extra)
        if not tail:
            return prefix
        return f"{prefix}{tail}" if prefix.endswith("?") else f"{prefix}&{tail}"

    return make


@functools.lru_cache(maxsize=16)
def _assignment_list_base(urlconf, script_prefix) -> str:
    """Reversed once per URLconf: a scorecard builds about 1,500 links."""
    return reverse("directives:assignment_list")


@receiver(setting_changed)
def _forget_reversed_urls(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _assignment_list_base.cache_clear()


def directive_page_url(slug: str) -> str:
    return reverse("directives:directive_detail", kwargs={"slug": slug})


def agency_page_url(code: str) -> str:
    return reverse("agencies:detail", kwargs={"code": code})
