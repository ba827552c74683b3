"""Celery tasks of the reports app: they take ids, call one service, own their retries."""

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from directives.models import Directive
from langson_portal.queue import enqueue

from .models import CompiledKind
from .selectors import reports_due_for_draft
from .services import ReportBusy, compiled_report_build

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=3, default_retry_delay=120, acks_late=True)
def report_build_task(self, directive_id: int, period_code: str, kind: str = CompiledKind.DRAFT, actor_id=None):
    """Build one compiled report; if another worker is building it, that build stands."""
    directive = Directive.objects.filter(pk=directive_id).first()
    if directive is None:
        return None
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        with transaction.atomic():
            report = compiled_report_build(directive=directive, period_code=period_code, kind=kind, actor=actor)
    except ReportBusy:
        logger.info("report %s %s already being built elsewhere", directive.slug, period_code)
        return None
    except Exception as error:  # rendering can fail on a transient I/O error of the storage
        raise self.retry(exc=error) from error
    return report.pk


@shared_task
def reports_schedule_drafts_task():
    """Beat: enqueue a draft build for every due day coming up within its lead time."""
    due = reports_due_for_draft(today=timezone.localdate())
    for directive_id, period_code in due:
        enqueue(report_build_task, directive_id, period_code, CompiledKind.DRAFT)
    return len(due)
