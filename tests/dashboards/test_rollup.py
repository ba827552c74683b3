"""The status rollup (PostgreSQL triggers) stays exact: after writes through every path, as
days pass, and "as of" a past day — always equal to counting the rows live."""

import datetime

import pytest
from django.db import connection
from django.test import override_settings

from dashboards import rollup
from dashboards.selectors import Scope, agency_rows, province_figures, status_snapshots
from directives.models import Assignment
from directives.status import Lifecycle
from tests.conftest import require_postgres
from tests.dashboards.conftest import python_counts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgres():
    require_postgres()  # the rollup and its triggers exist on PostgreSQL only


def _snapshot_counts(day):
    return status_snapshots(Scope(as_of=day), [day])[0]


def _live(fn):
    with override_settings(DASHBOARDS_ROLLUP=False):
        return fn()


def _agency_table(scope):
    return {
        row.code: (row.lead.count, row.coordinating.count, row.overdue.count, row.done_late.count, row.late_days)
        for row in agency_rows(scope)
    }


def _assert_rollup_equals_live(days):
    for day in days:
        scope = Scope(as_of=day)
        assert _snapshot_counts(day) == {k: v for k, v in python_counts(day).items() if v}, day
        assert _agency_table(scope) == _live(lambda scope=scope: _agency_table(scope)), day
    assert rollup.rollup_differences() == 0


def test_the_rollup_equals_live_counts_on_every_day_of_a_year(province):
    # given the province built through the factories (row inserts fire the triggers)
    today = province["today"]
    # then every day of the past year and the next month (days passing) counts the same
    days = [today - datetime.timedelta(days=k) for k in range(-31, 366, 7)] + [today, today + datetime.timedelta(1)]
    for day in days:
        assert _snapshot_counts(day) == {k: v for k, v in python_counts(day).items() if v}, day
    assert rollup.rollup_differences() == 0


def test_the_rollup_stays_exact_after_saves_updates_deletes_and_bulk_inserts(province):
    # given
    today = province["today"]
    first, second, third = Assignment.objects.order_by("id")[:3]
    # when: a save, a backdated completion, an extension, a withdrawal, a new holder, a delete
    first.lifecycle, first.completed_on = Lifecycle.DONE, today - datetime.timedelta(days=90)
    first.save(update_fields=["lifecycle", "completed_on"])
    Assignment.objects.filter(pk=second.pk).update(extended_due_on=today + datetime.timedelta(days=40))
    Assignment.objects.filter(pk=third.pk).update(withdrawn_on=today - datetime.timedelta(days=10))
    Assignment.objects.filter(pk__in=[first.pk, third.pk]).update(holder=province["agencies"][1])
    Assignment.objects.order_by("-id").first().delete()
    model = Assignment.objects.order_by("id").last()
    Assignment.objects.bulk_create(
        [
            Assignment(
                task=model.task,
                agency=agency,
                holder=agency,
                role="phoi_hop",
                assigned_on=today,
                due_on=today + datetime.timedelta(days=k),
                lifecycle=Lifecycle.IN_PROGRESS,
            )
            for k, agency in enumerate(a for a in province["agencies"] if a.pk != model.agency_id)
            if not Assignment.objects.filter(task=model.task, agency=agency).exists()
        ]
    )
    # then: today, the future (days passing) and past days (a backdated completion
    # changes the past exactly as recomputing now does)
    _assert_rollup_equals_live(
        [
            today,
            today + datetime.timedelta(days=2),
            today - datetime.timedelta(days=60),
            today - datetime.timedelta(200),
        ]
    )


def test_a_past_day_counts_a_completion_recorded_late_as_recomputing_now_does(province):
    # given an overdue assignment as of 30 days ago
    today = province["today"]
    past = today - datetime.timedelta(days=30)
    overdue = next(
        a
        for a in Assignment.objects.all()
        if a.status_on(past) == "qua_han" and a.assigned_on <= past - datetime.timedelta(days=10) and not a.withdrawn_on
    )
    before = _snapshot_counts(past)
    # when office staff confirm today that it was finished five days before that past day
    overdue.lifecycle, overdue.completed_on = Lifecycle.DONE, past - datetime.timedelta(days=5)
    overdue.save(update_fields=["lifecycle", "completed_on"])
    # then the past day's figures move like the list's (the rule: facts as they are now)
    after = _snapshot_counts(past)
    assert after.get("qua_han", 0) == before.get("qua_han", 0) - 1
    assert after == {k: v for k, v in python_counts(past).items() if v}


def test_province_figures_from_the_rollup_equal_the_live_figures(province):
    # given
    scope = Scope(as_of=province["today"] - datetime.timedelta(days=17))
    # when
    rolled, live = province_figures(scope), _live(lambda: province_figures(scope))
    # then
    assert [(p.as_of, [f.count for _, f in p.categories]) for p in rolled.trend] == [
        (p.as_of, [f.count for _, f in p.categories]) for p in live.trend
    ]
    assert [(r.code, r.overdue.count, r.overdue.url) for r in rolled.backlog] == [
        (r.code, r.overdue.count, r.overdue.url) for r in live.backlog
    ]


def test_rebuild_gives_back_a_damaged_rollup(province):
    # given
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {rollup.TABLE} SET count = count + 1 WHERE id IN (SELECT id FROM {rollup.TABLE} LIMIT 3)"
        )
    assert rollup.rollup_differences() > 0
    # when
    rollup.rollup_rebuild()
    # then
    assert rollup.rollup_differences() == 0
    assert _snapshot_counts(province["today"]) == {k: v for k, v in python_counts(province["today"]).items() if v}
