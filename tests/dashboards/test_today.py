"""Dashboards as Lạng Sơn is today (issue 11): rankings of current holders by default,
lateness only over work with a deadline, ongoing duties apart from tasks with a deadline."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from dashboards.ongoing import ongoing_reporting
from dashboards.selectors import Scope, backlog_rows, scorecard
from directives.deadlines import DeadlineKind
from directives.models import ReportingRule
from reports.models import ReportSubmission, SubmissionState
from tests.factories import AgencyFactory, AssignmentFactory, DirectiveFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    today = timezone.localdate()
    successor = AgencyFactory(code="STC", name="Sở Tài chính")
    merged = AgencyFactory(
        code="SKHDT", name="Sở Kế hoạch và Đầu tư", closed_on=datetime.date(2025, 3, 1), successor=successor
    )
    district = AgencyFactory(
        code="UBND_HUULUNG", name="Ủy ban nhân dân huyện Hữu Lũng", closed_on=datetime.date(2025, 7, 1)
    )
    directive = DirectiveFactory(issued_on=datetime.date(2022, 3, 1))
    overdue = TaskFactory(directive=directive, due_on=today - datetime.timedelta(days=10))
    ongoing = TaskFactory(directive=directive, deadline_kind=DeadlineKind.ONGOING, due_on=None, due_text="thường xuyên")
    AssignmentFactory(task=overdue, agency=merged, holder=successor)
    AssignmentFactory(task=overdue, agency=district)
    AssignmentFactory(task=ongoing, agency=successor, due_on=None)
    AssignmentFactory(task=ongoing, agency=district, due_on=None)
    return {"today": today, "successor": successor, "merged": merged, "district": district, "directive": directive}


def test_scorecard_and_backlog_rank_only_agencies_active_today_unless_asked(world):
    scope = Scope(as_of=world["today"])
    assert [r.code for r in scorecard(scope)] == ["STC"]
    assert [r.code for r in backlog_rows(scope)] == ["STC"]
    every = Scope(as_of=world["today"], include_closed=True)
    assert {r.code for r in scorecard(every)} == {"STC", "SKHDT", "UBND_HUULUNG"}
    # on a day of 2022 the 2022 structure is ranked
    assert {r.code for r in scorecard(Scope(as_of=datetime.date(2024, 12, 31)))} >= {"SKHDT", "UBND_HUULUNG"}


def test_average_lateness_counts_only_work_with_a_deadline(world):
    row = next(r for r in scorecard(Scope(as_of=world["today"])) if r.code == "STC")
    assert row.ongoing.count == 1
    assert row.late_count == 1
    assert row.average_days_late == 10.0


def test_scorecard_page_shows_closed_agencies_only_with_the_option(world):
    leader = UserFactory(agency=None, roles=[Role.LEADER])
    client = Client()
    client.force_login(leader)
    page = client.get(reverse("dashboards:scorecard")).content.decode()
    assert "Sở Tài chính" in page and "Sở Kế hoạch và Đầu tư" not in page
    assert "Gồm cơ quan đã giải thể/sáp nhập" in page
    page = client.get(reverse("dashboards:scorecard") + "?include_closed=on").content.decode()
    assert "Sở Kế hoạch và Đầu tư" in page


def test_successor_page_reaches_the_closed_agencys_history(world):
    leader = UserFactory(agency=None, roles=[Role.LEADER])
    client = Client()
    client.force_login(leader)
    page = client.get(reverse("agencies:detail", kwargs={"code": "STC"})).content.decode()
    assert reverse("agencies:detail", kwargs={"code": "SKHDT"}) in page
    assert reverse("dashboards:agency", kwargs={"code": "SKHDT"}) in page


def _ongoing_world(n: int, directive, today):
    ReportingRule.objects.create(directive=directive, period="quarterly", day=20, month_of_quarter=3)
    rows = []
    for _ in range(n):
        agency = AgencyFactory()
        task = TaskFactory(directive=directive, deadline_kind=DeadlineKind.ONGOING, due_on=None)
        AssignmentFactory(task=task, agency=agency, due_on=None)
        rows.append(agency)
    return rows


def test_ongoing_duties_are_read_by_their_last_periodic_report(world):
    today = world["today"]
    directive = DirectiveFactory(issued_on=datetime.date(2025, 1, 10))
    agencies = _ongoing_world(3, directive, today)
    scope = Scope(as_of=today, directive=directive.slug)
    due = ongoing_reporting(scope)
    from dashboards.ongoing import last_due_day

    last = last_due_day(directive, today)
    on_time = timezone.make_aware(datetime.datetime.combine(last, datetime.time(9)))
    late = on_time + datetime.timedelta(days=3)
    ReportSubmission.objects.create(
        directive=directive,
        agency=agencies[0],
        period="x",
        due_on=last,
        state=SubmissionState.SUBMITTED,
        submitted_at=on_time,
    )
    ReportSubmission.objects.create(
        directive=directive,
        agency=agencies[1],
        period="x",
        due_on=last,
        state=SubmissionState.SUBMITTED,
        submitted_at=late,
    )
    # when
    figures = ongoing_reporting(scope)
    # then
    assert due.count("missing") == 3
    assert (figures.count("on_time"), figures.count("late"), figures.count("missing")) == (1, 1, 1)
    assert figures.total.count == 3
    assert [code for code, _name, _n in figures.missing_agencies] == [agencies[2].code]


def test_ongoing_reporting_takes_the_same_queries_for_n_and_2n_rows(world):
    directive = DirectiveFactory(issued_on=datetime.date(2025, 1, 10))
    _ongoing_world(3, directive, world["today"])
    scope = Scope(as_of=world["today"])

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            ongoing_reporting(scope)
        return len(ctx.captured_queries)

    n = queries()
    for _ in range(3):
        agency = AgencyFactory()
        AssignmentFactory(
            task=TaskFactory(directive=directive, deadline_kind=DeadlineKind.ONGOING, due_on=None),
            agency=agency,
            due_on=None,
        )
    assert queries() == n == 4


def test_province_dashboard_shows_tasks_with_a_deadline_apart_from_ongoing_duties(world):
    leader = UserFactory(agency=None, roles=[Role.LEADER])
    client = Client()
    client.force_login(leader)
    page = client.get(reverse("dashboards:province")).content.decode()
    assert 'id="deadline-status"' in page and 'id="ongoing-status"' in page
    assert "Nhiệm vụ có thời hạn (2 việc)" in page
    assert "Nhiệm vụ thường xuyên (2 việc)" in page


def test_the_deadline_total_links_to_the_tasks_with_a_deadline_only(world):
    from dashboards.ongoing import with_deadline
    from dashboards.selectors import province_figures
    from tests.dashboards.conftest import list_count

    scope = Scope(as_of=world["today"])
    counts = with_deadline(province_figures(scope).now, scope)
    assert counts.total.count == 2
    assert list_count(counts.total.url) == 2
    assert sum(f.percent for _cat, f in counts.categories) == 100
