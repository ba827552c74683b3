"""Server time and query count of the province dashboard and the agency scorecard at scale.

    DATABASE_URL=postgres://…/dashboards_bench python benchmarks/dashboard.py [--sizes 100000 1000000] [--runs 20]

Fills the database with N synthetic assignments (is_demo=True) through
`manage.py generate_demo_data --assignments N` when that command exists, otherwise through
the SQL fallback below, then requests each page `--runs` times as a provincial leader with a
cold figure cache (the data version is bumped before every request). Prints median and p95
in ms and the query count; the last line is one JSON object.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "langson_portal.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command, get_commands  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role  # noqa: E402
from accounts.services import user_ensure  # noqa: E402
from agencies.models import Agency  # noqa: E402
from dashboards.caching import data_version_bump  # noqa: E402
from directives.models import Assignment, Directive  # noqa: E402

TASKS_PER_DIRECTIVE = 20_000
ASSIGNMENTS_PER_TASK = 5


def demo_count() -> int:
    return Assignment.objects.filter(task__directive__is_demo=True).count()


def fill_with_sql(n: int) -> None:
    """Directives through the ORM, tasks and assignments with generate_series (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM directives_assignment WHERE task_id IN (SELECT t.id FROM directives_task t "
            "JOIN directives_directive d ON d.id = t.directive_id WHERE d.is_demo)"
        )
        cursor.execute(
            "DELETE FROM directives_task WHERE directive_id IN (SELECT id FROM directives_directive WHERE is_demo)"
        )
    Directive.objects.filter(is_demo=True).delete()
    tasks = n // ASSIGNMENTS_PER_TASK
    directives = [
        Directive.objects.create(
            slug=f"demo-{i}", kind="ke_hoach", number=f"{i}/KH-DEMO", title=f"Kế hoạch mô phỏng {i}", is_demo=True
        )
        for i in range(max(1, -(-tasks // TASKS_PER_DIRECTIVE)))
    ]
    agency_ids = list(Agency.objects.order_by("id").values_list("id", flat=True))
    today = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO directives_task (directive_id, ref, position, content, content_folded, deadline_kind, due_on,
                                         due_text, recurrence, note, created_at, updated_at)
            SELECT (%(dirs)s)[1 + (g / %(per)s)], 'T' || g, g, 'Nhiệm vụ mô phỏng ' || g, 'nhiem vu mo phong ' || g,
                   CASE WHEN g %% 10 = 0 THEN 'ongoing' ELSE 'date' END,
                   CASE WHEN g %% 10 = 0 THEN NULL ELSE %(today)s::date - 700 + (g %% 760)::int END,
                   '', '', '', now(), now()
            FROM generate_series(0, %(tasks)s - 1) AS g
            """,
            {"dirs": [d.pk for d in directives], "per": TASKS_PER_DIRECTIVE, "today": today, "tasks": tasks},
        )
        cursor.execute(
            """
            INSERT INTO directives_assignment (task_id, agency_id, holder_id, role, lifecycle, progress_percent, due_on,
                extended_due_on, assigned_on, completed_on, return_reason, created_at, updated_at)
            SELECT t.id, a.agency, a.agency, CASE WHEN k = 0 THEN 'chu_tri' ELSE 'phoi_hop' END,
                   CASE WHEN (t.id + k) %% 2 = 0 AND COALESCE(t.due_on, %(today)s) - 60 + ((t.id * 7 + k) %% 90)::int <= %(today)s
                        THEN 'hoan_thanh' ELSE 'dang_thuc_hien' END,
                   50, t.due_on,
                   CASE WHEN t.due_on IS NOT NULL AND (t.id + k) %% 11 = 0 THEN t.due_on + 30 END,
                   COALESCE(t.due_on, %(today)s) - 120,
                   CASE WHEN (t.id + k) %% 2 = 0 AND COALESCE(t.due_on, %(today)s) - 60 + ((t.id * 7 + k) %% 90)::int <= %(today)s
                        THEN COALESCE(t.due_on, %(today)s) - 60 + ((t.id * 7 + k) %% 90)::int END,
                   '', now(), now()
            FROM directives_task t
            JOIN directives_directive d ON d.id = t.directive_id AND d.is_demo
            CROSS JOIN generate_series(0, %(per_task)s - 1) AS k
            CROSS JOIN LATERAL (SELECT (%(agencies)s)[1 + ((t.id * 13 + k * 7) %% %(n_agencies)s)] AS agency) a
            """,
            {"today": today, "per_task": ASSIGNMENTS_PER_TASK, "agencies": agency_ids, "n_agencies": len(agency_ids)},
        )
        cursor.execute("ANALYZE directives_task; ANALYZE directives_assignment;")


def fill(n: int) -> str:
    if demo_count() == n:
        return "kept"
    if "generate_demo_data" in get_commands():
        call_command("generate_demo_data", assignments=n)
        if demo_count() == n:
            return "generate_demo_data"
    fill_with_sql(n)
    return "sql-fallback"


def measure(client: Client, url: str, runs: int) -> dict:
    times, queries = [], []
    client.get(url)  # warm the connection and the code paths
    for _ in range(runs):
        data_version_bump()  # cold figure cache for every request
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, response.status_code
        times.append(elapsed)
        queries.append(len(captured))
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)], 1),
        "queries": max(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("benchmarks/dashboard.py measures PostgreSQL: set DATABASE_URL=postgres://…")
    if not Agency.objects.exists():
        call_command("load_seed")
    leader, _ = user_ensure(
        username="bench.lanhdao",
        full_name="Benchmark",
        email="bench@langson.example",
        password="bench-only-2026",
        roles=[Role.LEADER],
        agency=None,
        is_staff=False,
        is_superuser=False,
    )
    client = Client(HTTP_HOST="localhost")  # in the default ALLOWED_HOSTS
    client.force_login(leader)
    result: dict = {}
    for n in args.sizes:
        how = fill(n)
        total = Assignment.objects.count()
        for name, url in (("province", "/bang-dieu-khien/"), ("scorecard", "/bang-dieu-khien/co-quan/")):
            figures = measure(client, url, args.runs)
            print(
                f"{name:9} n={n:>9} ({how}, {total} rows in all): median {figures['median_ms']} ms, "
                f"p95 {figures['p95_ms']} ms, {figures['queries']} queries"
            )
            result[f"median_{name}_{n}_ms"] = figures["median_ms"]
            result[f"p95_{name}_{n}_ms"] = figures["p95_ms"]
            result[f"queries_{name}_{n}"] = figures["queries"]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
