"""Settings of the real Celery worker started by test_webhook_worker.py: the test database,
Redis as broker (short visibility timeout so a killed worker's task comes back quickly), the
test's own queue, quick retries."""

import os

from langson_portal.settings.test import *  # noqa: F403
from langson_portal.settings.test import DATABASES

DATABASES["default"]["NAME"] = os.environ["WORKER_TEST_DB_NAME"]
CELERY_BROKER_URL = os.environ["REDIS_URL"]
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 4}
NOTIFICATIONS_QUEUE = os.environ["WEBHOOK_TEST_QUEUE"]  # the portal's queue (langson_portal.queue)
API_WEBHOOK_RETRY_BASE_SECONDS = 0.3
