"""The work world (tests/work/conftest.py) with an agency head and a shared PDF helper."""

import pytest

from tests.work.conftest import pdf, world, zipped  # noqa: F401  (fixtures and helpers)


@pytest.fixture
def eager_notices(settings):
    """Run notice tasks in-process when their transaction commits (the broker is memory://)."""
    from langson_portal.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False
