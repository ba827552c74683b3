"""The Celery app: settings under the CELERY_ namespace, tasks discovered in each app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "langson_portal.settings.local")

app = Celery("langson_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
