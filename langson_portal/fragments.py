"""Rendered HTML fragments kept in Django's cache (a list's filter form, a datalist of agencies).

A fragment depends only on the parts its key names and on the agencies and directives saved
so far: saving or deleting one bumps a version (post_save/post_delete, directives.apps), so
every process builds it again on its next request. When the cache cannot be reached the
fragment is built afresh: a page never fails for it, and a save never fails for the version.
"""

import hashlib
import logging

from django.core.cache import cache
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

OPTIONS_VERSION_KEY = "lists:options-version"


def options_changed(**kwargs) -> None:
    """post_save/post_delete of Agency and Directive (directives.apps): the datalists that
    name them are built again on the next request; a save never fails for a datalist."""
    try:
        cache.add(OPTIONS_VERSION_KEY, 0, None)
        cache.incr(OPTIONS_VERSION_KEY)
    except Exception:
        logger.warning("list options: cache unavailable, version not bumped", exc_info=True)


def cached_html(parts: tuple, build, *, timeout: int = 300) -> str:
    """HTML that depends on `parts` (and on the agencies and directives saved so far) alone —
    a filter form, a datalist — kept in Django's cache; built afresh when the cache cannot be
    reached, so a page never fails for it. Django's widget templates cost ~10 ms a page."""
    try:
        version = cache.get_or_set(OPTIONS_VERSION_KEY, 0, None)
        key = "lists:html:" + hashlib.sha1(repr((get_language(), version, *parts)).encode()).hexdigest()
        html = cache.get(key)
        if html is None:
            html = build()
            cache.set(key, html, timeout)
        return html
    except Exception:  # the cache server is down: render, read the database
        logger.warning("list html: cache unavailable, built afresh", exc_info=True)
        return build()
