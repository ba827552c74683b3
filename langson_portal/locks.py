"""A lock shared by every process through the cache (Redis in production).

Used so that two beat processes never run the same sweep and two requests never build the
same report at once. `cache.add` is atomic in Redis: only one caller sets the key.
"""

import contextlib
import uuid

from django.core.cache import cache


@contextlib.contextmanager
def single_run(name: str, *, timeout: int = 600):
    """Yields True to the one holder of `name`, False to everyone else while it is held."""
    key = f"lock:{name}"
    token = uuid.uuid4().hex
    acquired = cache.add(key, token, timeout=timeout)
    try:
        yield acquired
    finally:
        if acquired and cache.get(key) == token:
            cache.delete(key)
