"""Settings of the real Celery worker started by test_webhook_worker.py: the test database,
Redis as broker (short visibility timeout so a killed worker's task comes back quickly), the
test's own queue, quick retries."""

import os

from langson_portal.settings.test import *  # noqa: F403
from langson_portal.settings.test import DATABASES

DATABASES["default"]["NAME"] = os.environ["WORKER_TEST_DB_NAME"]
CELERY_BROKER_URL = os.environ["REDIS_URL"]
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 4}
API_WEBHOOK_QUEUE = os.environ["API_WEBHOOK_QUEUE"]
NOTIFICATIONS_QUEUE = os.environ["API_WEBHOOK_QUEUE"] + "-notifications"
API_WEBHOOK_RETRY_BASE_SECONDS = 0.3
