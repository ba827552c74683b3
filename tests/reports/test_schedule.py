"""The beat builds a draft a configurable number of days before each due day, once."""

import datetime
from unittest import mock

import pytest

from directives.models import ReportingRule
from reports import signals
from reports.models import CompiledReport, DirectiveReportSettings
from reports.selectors import reports_due_for_draft
from reports.tasks import report_build_task, reports_schedule_drafts_task
from tests.factories import DirectiveFactory

from .factories import quarterly_directive

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def plan(settings):
    settings.REPORTS_DRAFT_LEAD_DAYS = 5
    directive, _members = quarterly_directive()  # quarterly, before the 10th of the quarter's last month
    return directive


@pytest.mark.parametrize(
    "today, due",
    [
        (D(2022, 6, 4), False),  # 6 days before 10/6
        (D(2022, 6, 5), True),  # 5 days before
        (D(2022, 6, 10), True),  # the due day itself: a missed beat catches up
        (D(2022, 6, 11), False),
    ],
)
def test_draft_is_due_from_lead_days_before_the_due_day(plan, today, due):
    assert ((plan.pk, "2022-Q2") in reports_due_for_draft(today=today)) is due


def test_lead_days_are_configurable_per_directive(plan):
    DirectiveReportSettings.objects.create(directive=plan, draft_lead_days=12)
    assert (plan.pk, "2022-Q2") in reports_due_for_draft(today=D(2022, 5, 29))
    assert (plan.pk, "2022-Q2") not in reports_due_for_draft(today=D(2022, 5, 28))


def test_annual_and_one_off_rules_name_their_periods(settings):
    settings.REPORTS_DRAFT_LEAD_DAYS = 5
    directive = DirectiveFactory()
    ReportingRule.objects.create(directive=directive, period="annual", day=10, month=12)
    ReportingRule.objects.create(directive=directive, period="once", due_on=D(2022, 8, 25))
    assert reports_due_for_draft(today=D(2022, 12, 6)) == [(directive.pk, "2022")]
    assert reports_due_for_draft(today=D(2022, 8, 22)) == [(directive.pk, "2022-08-25")]


def test_a_built_draft_is_not_built_again(plan):
    CompiledReport.objects.create(
        directive=plan,
        period="2022-Q2",
        period_end=D(2022, 6, 14),
        as_of=D(2022, 6, 5),
        built_at=datetime.datetime(2022, 6, 5, tzinfo=datetime.UTC),
    )
    assert reports_due_for_draft(today=D(2022, 6, 6)) == []


def test_closed_directives_get_no_draft(plan):
    plan.state = "closed"
    plan.save(update_fields=["state"])
    assert reports_due_for_draft(today=D(2022, 6, 6)) == []


def test_beat_task_enqueues_builds_after_commit(plan, django_capture_on_commit_callbacks):
    with (
        mock.patch("reports.tasks.report_build_task.apply_async") as send,
        mock.patch("reports.tasks.timezone.localdate", return_value=D(2022, 6, 6)),
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            assert reports_schedule_drafts_task() == 1
        send.assert_not_called()
        for callback in callbacks:
            callback()
    send.assert_called_once_with(args=(plan.pk, "2022-Q2", "draft"), kwargs={}, queue="celery")


def test_build_task_builds_the_draft_and_notifies_office_staff(plan, django_capture_on_commit_callbacks):
    received = []
    signals.report_draft_built.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="sched")
    try:
        with mock.patch("reports.services.timezone.localdate", return_value=D(2022, 6, 6)):
            with django_capture_on_commit_callbacks(execute=True):
                pk = report_build_task.run(plan.pk, "2022-Q2", "draft")
    finally:
        signals.report_draft_built.disconnect(dispatch_uid="sched")
    report = CompiledReport.objects.get(pk=pk)
    assert report.kind == "draft" and report.as_of == D(2022, 6, 6) and report.built_by is None
    assert received == [
        {"signal": signals.report_draft_built, "sender": CompiledReport, "compiled_report_id": pk, "actor_id": None}
    ]


def test_beat_entry_is_a_plain_documented_dict_item(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reports-build-due-drafts"]
    assert entry["task"] == "reports.tasks.reports_schedule_drafts_task"
    assert reports_schedule_drafts_task.name == entry["task"]
