"""The cross-process lock, on the real Redis."""

import multiprocessing

import pytest
import redis
from django.core.cache import cache

from langson_portal.locks import single_run


def test_cache_is_the_real_redis(redis_url):
    # given: the test settings point the cache at REDIS_URL
    client = redis.Redis.from_url(redis_url)
    # when: a value goes through Django's cache
    cache.set("probe", "xin chào", timeout=30)
    # then: Redis itself holds the key
    assert any(b"probe" in key for key in client.keys("*probe*"))
    cache.delete("probe")


def test_second_holder_is_refused_until_first_releases(redis_url):
    with single_run("sweep-test", timeout=30) as first:
        with single_run("sweep-test", timeout=30) as second:
            assert first is True
            assert second is False
    with single_run("sweep-test", timeout=30) as again:
        assert again is True


def _try_lock(queue):
    import django

    django.setup()
    from langson_portal.locks import single_run as lock

    with lock("sweep-cross-process", timeout=30) as got:
        queue.put(got)


@pytest.mark.django_db(transaction=False)
def test_lock_holds_across_processes(redis_url):
    # given: this process holds the lock
    with single_run("sweep-cross-process", timeout=30) as mine:
        assert mine
        # when: another process asks for it
        queue = multiprocessing.get_context("spawn").Queue()
        proc = multiprocessing.get_context("spawn").Process(target=_try_lock, args=(queue,))
        proc.start()
        proc.join(60)
        # then: it is refused
        assert queue.get(timeout=5) is False
