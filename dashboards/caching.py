"""Brief caching of dashboard figures, never stale after a write.

Every cache key carries a "data version" that each save or delete of the rows the figures
come from increments, so a user who just changed something sees it at once. Writes made
with `QuerySet.update()` send no signal: services that use it call `data_version_bump()`.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

VERSION_KEY = "dashboards:data-version"
TIMEOUT_SECONDS = 120


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def data_version_bump(**kwargs) -> None:
    cache.add(VERSION_KEY, 1, timeout=None)
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # evicted between add and incr
        cache.set(VERSION_KEY, 2, timeout=None)


def cached(name: str, params: dict, compute: Callable[[], object]):
    """`compute()` once per data version and parameters, kept for a short while."""
    parts = ":".join(f"{k}={params[k]}" for k in sorted(params))
    key = f"dashboards:{data_version()}:{name}:{parts}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=TIMEOUT_SECONDS)
    return value


def connect_receivers() -> None:
    from agencies.models import Agency
    from directives.models import (
        Assignment,
        Directive,
        ExtensionRequest,
        Indicator,
        IndicatorValue,
        ReportingRule,
        Task,
    )
    from reports.models import ReportSubmission

    for model in (
        Assignment,
        ExtensionRequest,
        IndicatorValue,
        ReportSubmission,
        Indicator,
        ReportingRule,
        Task,
        Directive,
        Agency,
    ):
        uid = f"dashboards-version-{model._meta.label_lower}"
        post_save.connect(data_version_bump, sender=model, dispatch_uid=f"{uid}-save", weak=False)
        post_delete.connect(data_version_bump, sender=model, dispatch_uid=f"{uid}-delete", weak=False)
