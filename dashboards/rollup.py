"""Status counts on any day from a small rollup table, exact after every write (PostgreSQL).

Each assignment is in one status category on each day it is live, and for each category
those days form one interval that depends only on the row's own facts (assigned,
withdrawn, completion and effective deadline dates, lifecycle "hoàn thành"):

- done on time / done late: [max(assigned, completed), withdrawn)
- ongoing (no deadline):    [assigned, min(completed, withdrawn))
- in progress:              [assigned, min(completed, withdrawn, deadline + 1))
- overdue:                  [max(assigned, deadline + 1), min(completed, withdrawn))

(`completed` counts only when the lifecycle is "hoàn thành", as in
`directives.selectors.status_category_expression`.) So the count in a category on day d is
the number of interval starts on or before d minus the number of ends on or before d. The
table `dashboards_statusrollup` keeps those +1/−1 events summed per (day, holder, named
agency, role, category) at four levels — year, month, ten-day period ("dekad": the 1st,
11th and 21st) and day — so that a day's count reads about 20,000 small rows: whole years
before d, whole months of d's year before d, whole dekads of d's month before d, and the
days of d's dekad up to d.

Days passing need no job: the move from "in progress" to "overdue" is an event recorded in
advance on deadline + 1. A change to a row (a completion recorded late with a backdated
date, an extension, a withdrawal, a new holder) removes the row's old events and adds its
new ones, so a past day's figures always equal recomputing them now from the current rows —
which is what the list behind each figure shows.

`weight` carries what "average days late" needs: for done-late intervals the days late
(completed − deadline), for overdue ones the deadline as a day number (days after
2000-01-01), so the days late on day d are Σweight(done late) + n(overdue)·d − Σweight(overdue).

Maintained by statement-level triggers on `directives_assignment` (insert, update, delete
with transition tables; truncate empties it), declared with django-pgtrigger (`triggers`), so every write path — services, bulk_create,
QuerySet.update(), raw SQL, imports, demo data — keeps it exact in the same transaction.
`manage.py dashboards_rollup_rebuild` refills it from scratch (and `--check` compares).
"""

import datetime

import pgtrigger
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from directives.status import Lifecycle, StatusCategory

TABLE = "dashboards_statusrollup"
EPOCH = datetime.date(2000, 1, 1)
LEVELS = ("y", "m", "t", "d")


def enabled() -> bool:
    """The rollup exists on PostgreSQL only (SQLite, for development, counts live)."""
    return connection.vendor == "postgresql" and getattr(settings, "DASHBOARDS_ROLLUP", True)


def dekad_start(day: datetime.date) -> datetime.date:
    return day.replace(day=21 if day.day >= 21 else 11 if day.day >= 11 else 1)


def through(day: datetime.date) -> Q:
    """Rows of the rollup whose events, summed, give the counts on `day`."""
    year, month, dekad = day.replace(month=1, day=1), day.replace(day=1), dekad_start(day)
    return (
        Q(level="y", day__lt=year)
        | Q(level="m", day__gte=year, day__lt=month)
        | Q(level="t", day__gte=month, day__lt=dekad)
        | Q(level="d", day__gte=dekad, day__lte=day)
    )


def through_any(days: list[datetime.date]) -> Q:
    """A cheap superset of the rows `through(day)` needs for any of `days` (a few ranges and
    IN lists rather than four ranges per day); `counts_on` picks each day's rows."""
    first, last = min(days), max(days)
    return (
        Q(level="y", day__lt=last.replace(month=1, day=1))
        | Q(level="m", day__gte=first.replace(month=1, day=1), day__lt=last.replace(day=1))
        | Q(level="t", day__in=sorted({d.replace(day=start) for d in days for start in (1, 11) if start < d.day}))
        | Q(
            level="d",
            day__in=sorted(
                {
                    dekad_start(d) + datetime.timedelta(days=i)
                    for d in days
                    for i in range((d - dekad_start(d)).days + 1)
                }
            ),
        )
    )


def counts_on(level: str, period: datetime.date, day: datetime.date) -> bool:
    """Whether a rollup row of `level` starting on `period` is part of `through(day)`."""
    if level == "y":
        return period < day.replace(month=1, day=1)
    if level == "m":
        return day.replace(month=1, day=1) <= period < day.replace(day=1)
    if level == "t":
        return day.replace(day=1) <= period < dekad_start(day)
    return dekad_start(day) <= period <= day


def epoch_days(day: datetime.date) -> int:
    return (day - EPOCH).days


# --- SQL ---------------------------------------------------------------------------------


def _rollup_select(source: str) -> str:
    """Rollup rows (summed events at every level) of the assignment rows `source` gives,
    each with a `sign` (+1 to add the rows, −1 to take them away)."""
    done = Lifecycle.DONE.value
    cat = StatusCategory
    return f"""
    WITH r AS (
        SELECT holder_id AS h, agency_id AS g, role, assigned_on AS a,
               COALESCE(withdrawn_on, 'infinity'::date) AS w,
               CASE WHEN lifecycle = '{done}' AND completed_on IS NOT NULL
                    THEN completed_on ELSE 'infinity'::date END AS c,
               COALESCE(extended_due_on, due_on) AS u, sign
        FROM ({source}) AS src
    ), iv AS (
        SELECT h, g, role, sign,
               CASE WHEN u IS NULL OR c <= u THEN '{cat.DONE_ON_TIME.value}' ELSE '{cat.DONE_LATE.value}' END AS cat,
               GREATEST(a, c) AS s, w AS e,
               CASE WHEN u IS NULL OR c <= u THEN 0 ELSE c - u END AS wt
        FROM r WHERE c <> 'infinity'::date
        UNION ALL
        SELECT h, g, role, sign, '{cat.ONGOING.value}', a, LEAST(c, w), 0 FROM r WHERE u IS NULL
        UNION ALL
        SELECT h, g, role, sign, '{cat.IN_PROGRESS.value}', a, LEAST(c, w, u + 1), 0 FROM r WHERE u IS NOT NULL
        UNION ALL
        SELECT h, g, role, sign, '{cat.OVERDUE.value}', GREATEST(a, u + 1), LEAST(c, w), u - DATE '{EPOCH}'
        FROM r WHERE u IS NOT NULL
    ), ev AS (
        SELECT h, g, role, cat, s AS day, sign AS n, sign * wt AS wt FROM iv WHERE s < e
        UNION ALL
        SELECT h, g, role, cat, e, -sign, -sign * wt FROM iv WHERE s < e AND e <> 'infinity'::date
    ), lv AS (
        SELECT 'y' AS level, date_trunc('year', day)::date AS day, h, g, role, cat, n, wt FROM ev
        UNION ALL
        SELECT 'm', date_trunc('month', day)::date, h, g, role, cat, n, wt FROM ev
        UNION ALL
        SELECT 't', date_trunc('month', day)::date
                    + CASE WHEN extract(day FROM day) >= 21 THEN 20
                           WHEN extract(day FROM day) >= 11 THEN 10 ELSE 0 END,
               h, g, role, cat, n, wt FROM ev
        UNION ALL
        SELECT 'd', day, h, g, role, cat, n, wt FROM ev
    )
    SELECT level, day, h, g, role, cat, SUM(n) AS n, SUM(wt) AS wt
    FROM lv
    GROUP BY level, day, h, g, role, cat
    HAVING SUM(n) <> 0 OR SUM(wt) <> 0
    """


def _apply(source: str) -> str:
    """Add the rollup rows of `source` to the table (ordered to keep lock order stable)."""
    return f"""
    INSERT INTO {TABLE} (level, day, holder_id, agency_id, role, category, count, weight)
    SELECT * FROM ({_rollup_select(source)}) AS delta
    ORDER BY level, day, h, g, role, cat
    ON CONFLICT (level, day, holder_id, agency_id, role, category) DO UPDATE
    SET count = {TABLE}.count + EXCLUDED.count, weight = {TABLE}.weight + EXCLUDED.weight
    """


COLUMNS = "holder_id, agency_id, role, assigned_on, withdrawn_on, lifecycle, completed_on, due_on, extended_due_on"


def triggers() -> list[pgtrigger.Trigger]:
    """The statement-level triggers on `directives_assignment` that keep the rollup exact: one
    per operation, each reading the statement's transition tables (django-pgtrigger; installed
    by migration on PostgreSQL only, registered in dashboards/models.py)."""
    new = f"SELECT {COLUMNS}, 1 AS sign FROM rollup_new_rows"
    old = f"SELECT {COLUMNS}, -1 AS sign FROM rollup_old_rows"
    common = {"level": pgtrigger.Statement, "when": pgtrigger.After}
    return [
        pgtrigger.Trigger(
            name="rollup_insert",
            operation=pgtrigger.Insert,
            referencing=pgtrigger.Referencing(new="rollup_new_rows"),
            func=f"{_apply(new)}; RETURN NULL;",
            **common,
        ),
        pgtrigger.Trigger(
            name="rollup_update",
            operation=pgtrigger.Update,
            referencing=pgtrigger.Referencing(old="rollup_old_rows", new="rollup_new_rows"),
            func=f"{_apply(new + ' UNION ALL ' + old)}; RETURN NULL;",
            **common,
        ),
        pgtrigger.Trigger(
            name="rollup_delete",
            operation=pgtrigger.Delete,
            referencing=pgtrigger.Referencing(old="rollup_old_rows"),
            func=f"{_apply(old)}; RETURN NULL;",
            **common,
        ),
        pgtrigger.Trigger(
            name="rollup_truncate",
            operation=pgtrigger.Truncate,
            func=f"DELETE FROM {TABLE}; RETURN NULL;",
            **common,
        ),
    ]


def rebuild_sql() -> str:
    return f"DELETE FROM {TABLE}; " + _apply(f"SELECT {COLUMNS}, 1 AS sign FROM directives_assignment")


def rollup_rebuild() -> None:
    """Refill the rollup from every assignment; writers wait meanwhile (SHARE lock)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE directives_assignment IN SHARE MODE")
        cursor.execute(rebuild_sql())


def rollup_differences() -> int:
    """How many rollup keys differ from a recomputation over every assignment (0 = exact)."""
    fresh = _rollup_select(f"SELECT {COLUMNS}, 1 AS sign FROM directives_assignment")
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH fresh AS ({fresh}),
            kept AS (SELECT level, day, holder_id AS h, agency_id AS g, role, category AS cat,
                            count AS n, weight AS wt
                     FROM {TABLE} WHERE count <> 0 OR weight <> 0)
            SELECT count(*) FROM fresh FULL JOIN kept USING (level, day, h, g, role, cat)
            WHERE fresh.n IS DISTINCT FROM kept.n OR fresh.wt IS DISTINCT FROM kept.wt
            """
        )
        return cursor.fetchone()[0]
