"""Shared fixtures. In CI (CI set) a skipped test fails the run: PostgreSQL, Redis and the
browser are all there, so nothing may quietly not run."""

import os

import pytest
from django.db import connection

IN_CI = bool(os.environ.get("CI"))


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if IN_CI and skipped:
        reporter.write_line(f"CI: {skipped} test(s) skipped; in CI every test must run.", red=True)
        session.exitstatus = 1


def require_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs Redis (set REDIS_URL)")
    return url
