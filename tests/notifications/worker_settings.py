"""Settings of the real Celery worker started by test_worker.py: the test database, Redis
as broker (short visibility timeout so a killed worker's task comes back quickly), the
test's own queue, and SMTP to the test's sink."""

import os

from langson_portal.settings.test import *  # noqa: F403
from langson_portal.settings.test import DATABASES

DATABASES["default"]["NAME"] = os.environ["WORKER_TEST_DB_NAME"]
CELERY_BROKER_URL = os.environ["REDIS_URL"]
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 4}
NOTIFICATIONS_QUEUE = os.environ["NOTIFICATIONS_QUEUE"]
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["WORKER_TEST_SMTP_PORT"])
EMAIL_TIMEOUT = 10
