"""Each dashboard figure equals a count computed in Python over the same rows, and the list
its link opens (AssignmentFilterSet on the same parameters) shows the same count."""

import datetime

import pytest
from django.utils import timezone

from agencies.models import AgencyKind
from dashboards.selectors import (
    CATEGORIES,
    Scope,
    agency_figures,
    directive_figures,
    months_before,
    province_figures,
    scorecard,
)
from directives.models import Assignment, AssignmentRole, ReportingRule
from directives.status import StatusCategory
from reports.models import ReportSubmission, SubmissionState
from tests.dashboards.conftest import list_count, live_on, python_counts, status_of

pytestmark = pytest.mark.django_db


def _assert_counts(status_counts, expected):
    for category, figure in status_counts.categories:
        assert figure.count == expected.get(category.value, 0), category
    assert status_counts.total.count == sum(expected.values())


@pytest.mark.parametrize("days_back", [0, 45, 200])
def test_province_counts_equal_python_counts_today_and_as_of_a_past_day(province, days_back):
    """Counts per category, a month and a quarter before, and the 12-month trend."""
    # given
    as_of = province["today"] - datetime.timedelta(days=days_back)
    # when
    figures = province_figures(Scope(as_of=as_of))
    # then
    _assert_counts(figures.now, python_counts(as_of))
    _assert_counts(figures.previous_month, python_counts(months_before(as_of, 1)))
    _assert_counts(figures.previous_quarter, python_counts(months_before(as_of, 3)))
    assert len(figures.trend) == 12
    for point in figures.trend:
        _assert_counts(point, python_counts(point.as_of))
    assert figures.now.total.count > 0


def test_percentages_add_up_and_are_shares_of_the_total(province):
    figures = province_figures(Scope(as_of=province["today"]))
    total = figures.now.total.count
    for _, figure in figures.now.categories:
        assert figure.percent == round(100 * figure.count / total, 1)
    assert abs(sum(f.percent for _, f in figures.now.categories) - 100) < 0.3


def test_directive_and_agency_kind_narrow_the_counts(province):
    directive = province["directives"][1]
    scope = Scope(as_of=province["today"], directive=directive.slug, agency_kind=AgencyKind.DISTRICT)
    figures = province_figures(scope)
    _assert_counts(figures.now, python_counts(scope.as_of, directive=directive, kind=AgencyKind.DISTRICT))


@pytest.mark.parametrize("days_back", [0, 120])
def test_every_province_figure_links_to_a_list_with_the_same_count(province, days_back):
    # given
    scope = Scope(as_of=province["today"] - datetime.timedelta(days=days_back))
    # when
    figures = province_figures(scope)
    # then
    figures_seen = [f for point in figures.trend for _, f in point.categories] + [p.total for p in figures.trend]
    figures_seen += [row.overdue for row in figures.backlog]
    for figure in figures_seen:
        assert list_count(figure.url) == figure.count, figure.url
    for item in figures.deadlines:
        assert list_count(item["url"]) == item["count"], item["url"]
    assert "as_of=" in figures.now.total.url


def test_upcoming_deadlines_count_work_not_done_due_in_the_next_14_days(province):
    today = province["today"]
    figures = province_figures(Scope(as_of=today))
    expected = {}
    for a in Assignment.objects.all():
        due = a.extended_due_on or a.due_on
        if live_on(a, today) and due and today <= due <= today + datetime.timedelta(days=14):
            if status_of(a, today) == StatusCategory.IN_PROGRESS:
                expected[due] = expected.get(due, 0) + 1
    assert {item["day"]: item["count"] for item in figures.deadlines} == expected


def test_report_days_of_the_next_14_days_come_from_the_reporting_rules(province):
    # given: a quarterly rule due on the 10th of the last month of each quarter, and a past one-off
    today = timezone.localdate()
    directive = province["directives"][0]
    next_day = today + datetime.timedelta(days=3)
    ReportingRule.objects.create(directive=directive, period="once", due_on=next_day)
    ReportingRule.objects.create(directive=directive, period="once", due_on=today - datetime.timedelta(days=3))
    # when
    figures = province_figures(Scope(as_of=today))
    # then
    assert [(item["day"], item["directive"].slug) for item in figures.report_days] == [(next_day, directive.slug)]


def _python_agency(agency, day, rows):
    mine = [a for a in rows if live_on(a, day) and agency.pk in (a.agency_id, a.holder_id)]
    statuses = [status_of(a, day) for a in mine]
    late = []
    for a, status in zip(mine, statuses, strict=True):
        due = a.extended_due_on or a.due_on
        if status == StatusCategory.DONE_LATE:
            late.append((a.completed_on - due).days)
        elif status == StatusCategory.OVERDUE:
            late.append((day - due).days)
    return {
        "lead": sum(1 for a in mine if a.role == AssignmentRole.LEAD),
        "coordinating": sum(1 for a in mine if a.role == AssignmentRole.COORDINATING),
        **{cat.value: statuses.count(cat.value) for cat in CATEGORIES},
        "average_days_late": round(sum(late) / len(late), 1) if late else None,
    }


@pytest.mark.parametrize("days_back", [0, 90])
def test_scorecard_rows_equal_python_counts_and_their_lists(province, days_back):
    # given
    day = province["today"] - datetime.timedelta(days=days_back)
    rows = list(Assignment.objects.all())
    # when: closed agencies included (by default only the holders active that day are ranked)
    card = scorecard(Scope(as_of=day, include_closed=True))
    # then
    by_code = {row.code: row for row in card}
    active = {row.code for row in scorecard(Scope(as_of=day))}
    assert active == set(by_code) - ({province["closed"].code} if not province["closed"].is_active_on(day) else set())
    for agency in [*province["agencies"], province["closed"]]:
        expected = _python_agency(agency, day, rows)
        if not sum(expected[cat.value] for cat in CATEGORIES):
            assert agency.code not in by_code
            continue
        row = by_code[agency.code]
        assert row.lead.count == expected["lead"] and row.coordinating.count == expected["coordinating"]
        assert row.done_on_time.count == expected[StatusCategory.DONE_ON_TIME]
        assert row.done_late.count == expected[StatusCategory.DONE_LATE]
        assert row.overdue.count == expected[StatusCategory.OVERDUE]
        assert row.average_days_late == expected["average_days_late"]
        judged = row.done_on_time.count + row.done_late.count + row.overdue.count
        assert row.on_time_rate == (round(100 * row.done_on_time.count / judged, 1) if judged else None)
        for figure in (row.lead, row.coordinating, row.total, row.done_on_time, row.overdue, row.in_progress):
            assert list_count(figure.url) == figure.count, figure.url


def test_scorecard_sorts_by_the_chosen_column(province):
    card = scorecard(Scope(as_of=province["today"]), sort="overdue", descending=True)
    overdue = [row.overdue.count for row in card]
    assert overdue == sorted(overdue, reverse=True)
    by_name = scorecard(Scope(as_of=province["today"]), sort="name", descending=False)
    assert [r.name.lower() for r in by_name] == sorted(r.name.lower() for r in by_name)


def test_reports_sent_on_time_compare_the_local_sending_day_with_the_due_day(province):
    # given: one report sent on the due day late in the evening (local time), one a day late, one not sent
    agency, directive = province["agencies"][1], province["directives"][0]
    due = province["today"] - datetime.timedelta(days=30)
    tz = timezone.get_current_timezone()
    late_evening = datetime.datetime.combine(due, datetime.time(23, 30), tzinfo=tz)
    ReportSubmission.objects.create(
        directive=directive,
        agency=agency,
        period="a",
        due_on=due,
        state=SubmissionState.SUBMITTED,
        submitted_at=late_evening,
    )
    ReportSubmission.objects.create(
        directive=directive,
        agency=agency,
        period="b",
        due_on=due - datetime.timedelta(days=90),
        state=SubmissionState.SUBMITTED,
        submitted_at=late_evening - datetime.timedelta(days=89),
    )
    ReportSubmission.objects.create(
        directive=directive, agency=agency, period="c", due_on=due - datetime.timedelta(days=180)
    )
    # when
    row = next(r for r in scorecard(Scope(as_of=province["today"])) if r.code == agency.code)
    # then
    assert (row.reports_on_time, row.reports_due) == (1, 3)
    # and as of a day before the last due day only the two earlier reports were due
    earlier = next(r for r in scorecard(Scope(as_of=due - datetime.timedelta(days=1))) if r.code == agency.code)
    assert (earlier.reports_on_time, earlier.reports_due) == (0, 2)


def test_agency_figures_over_time_equal_python_counts(province):
    agency = province["agencies"][0]  # holds the closed agency's work too
    figures = agency_figures(Scope(as_of=province["today"]), agency)
    for point in figures.trend:
        _assert_counts(point, python_counts(point.as_of, agency=agency))
        assert list_count(point.total.url) == point.total.count
    for entry in figures.by_directive:
        directive = next(d for d in province["directives"] if d.slug == entry["slug"])
        _assert_counts(entry["counts"], python_counts(province["today"], agency=agency, directive=directive))


def test_directive_figures_by_section_and_agency_equal_python_counts(province):
    directive = province["directives"][0]
    today = province["today"]
    figures = directive_figures(Scope(as_of=today), directive)
    rows = list(Assignment.objects.select_related("task", "holder", "task__directive"))
    _assert_counts(figures.now, python_counts(today, rows, directive=directive))
    for entry in figures.sections:
        section_id = entry["section"].pk if entry["section"] else None
        mine = [a for a in rows if a.task.section_id == section_id and a.task.directive_id == directive.pk]
        _assert_counts(entry["counts"], python_counts(today, mine))
    for row in figures.agencies:
        assert list_count(row.total.url) == row.total.count
        assert f"directive={directive.slug}" in row.total.url


def test_reporting_calendar_shows_who_sent_and_who_did_not(province):
    # given
    directive = province["directives"][0]
    today = province["today"]
    due = today - datetime.timedelta(days=10)
    ReportingRule.objects.create(directive=directive, period="once", due_on=due)
    sender = Assignment.objects.filter(task__directive=directive, withdrawn_on__isnull=True).first().holder
    ReportSubmission.objects.create(
        directive=directive,
        agency=sender,
        period="x",
        due_on=due,
        state=SubmissionState.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=12),
    )
    # when
    figures = directive_figures(Scope(as_of=today), directive)
    # then
    entry = next(e for e in figures.calendar if e["day"] == due)
    states = {line["code"]: line["state"] for line in entry["lines"]}
    assert states[sender.code] == "on_time"
    assert entry["sent"] == 1 and set(states.values()) <= {"on_time", "missing"}
    assert len(states) == sum(1 for r in figures.agencies if r.total.count)
