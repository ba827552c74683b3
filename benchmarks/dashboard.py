"""Server time and query count of the province dashboard and the agency scorecard at scale.

    DATABASE_URL=postgres://…/dashboards_bench python benchmarks/dashboard.py [--sizes 100000 1000000] [--runs 20]

Fills the database with N synthetic assignments (is_demo=True) through
`manage.py generate_demo_data --assignments N` (kept when the database already holds about N,
e.g. a copy made with `CREATE DATABASE x TEMPLATE langson_bench` and migrated), then requests
each page `--runs` times as a provincial leader with a cold figure cache (the data version is
bumped before every request). Prints median and p95 in ms and the query count; the last line
is one JSON object.
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Role  # noqa: E402
from accounts.services import user_ensure  # noqa: E402
from agencies.models import Agency  # noqa: E402
from dashboards.caching import data_version_bump  # noqa: E402
from directives.models import Assignment  # noqa: E402


def demo_count() -> int:
    return Assignment.objects.filter(task__directive__is_demo=True).count()


def fill(n: int) -> str:
    """Exactly about `n` demo assignments: kept when already there, else regenerated."""
    count = demo_count()
    if abs(count - n) <= n // 100:
        return "kept"
    if count:
        call_command("generate_demo_data", remove=True)
    call_command("generate_demo_data", assignments=n)
    call_command("dashboards_rollup_rebuild")  # drops the zero rows a mass delete leaves
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE directives_assignment")
        cursor.execute("VACUUM ANALYZE dashboards_statusrollup")
    return "generate_demo_data"


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
        actor=None,
    )
    client = Client(HTTP_HOST="localhost")  # in the default ALLOWED_HOSTS
    client.force_login(leader)
    result: dict = {}
    present = demo_count()
    sizes = sorted(args.sizes, key=lambda n: abs(n - present))  # reuse what is there first
    for n in sizes:
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
