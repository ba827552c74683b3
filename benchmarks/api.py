"""Time the API's assignment list over HTTP at scale, with an office-staff Bearer token.

For each size N: a PostgreSQL database (DATABASE_URL, may contain {n}; created if missing) gets
the schema and `generate_demo_data --assignments N` (skipped when it already holds N demo
assignments); gunicorn serves the portal with production settings and one worker; each request
is sent `--requests` times after a warm-up. Four requests: the first page, one agency's overdue
work, a text search, and a page deep in the cursor (the middle of the list, N/2 rows in).
Prints median and p95 and the SQL queries per request (X-Query-Count); the last line is one
JSON object: p50_<request>_<N>_ms, p95_<request>_<N>_ms, queries_<request>_<N>, cpu_<request>_<N>_ms
(the gunicorn worker's CPU time per request).

    .venv/bin/python benchmarks/api.py --assignments 100000 1000000 \\
        --database-url 'postgres://postgres@127.0.0.1:5432/api_bench_{n}'

Targets: every p95 under 60 ms at 100,000 and under 100 ms at 1,000,000.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from list_pages import PYTHON, ROOT, cpu_ms, django_shell, ensure_database, p95, run, worker_pid  # noqa: E402

USERNAME = "bench.api.vanphong"
TARGET_MS = {100_000: 60, 1_000_000: 100}

SETUP = """
from accounts.models import Role
from accounts.services import user_ensure
from api import services
from directives.models import Assignment
user, _ = user_ensure(username={username!r}, full_name="Chuyên viên đo hiệu năng API", email="bench-api@langson.example",
            password=None, roles=[Role.OFFICE_STAFF], agency=None, is_staff=False, is_superuser=False, actor=None)
token, raw = services.api_token_create(user=user, actor=None, scope="read", days=1, name="benchmark")
print("TOKEN", raw)
print("DEMO", Assignment.objects.filter(task__directive__is_demo=True).count())
"""

PICK = """
from django.db import connection
from api.pagination import _encode
from directives.models import Assignment
with connection.cursor() as c:
    c.execute("VACUUM ANALYZE")  # a steady state: statistics and the visibility map index-only scans need
    c.execute(
        "SELECT g.code FROM agencies_agency g JOIN directives_assignment a ON a.holder_id = g.id "
        "WHERE g.is_demo AND a.effective_due_on < CURRENT_DATE AND a.lifecycle <> 'hoan_thanh' "
        "GROUP BY g.code ORDER BY count(*) DESC LIMIT 1"
    )
    print("AGENCY", c.fetchone()[0])
live = Assignment.objects.live().order_by("effective_due_on", "id")
row = live.values_list("pk", "effective_due_on")[live.count() // 2]
print("CURSOR", _encode(row[1], row[0]))
"""


def prepare(n: int, env, generate: bool) -> tuple[str, str, str]:
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    out = django_shell(SETUP.format(username=USERNAME), env)
    demo = int(re.search(r"DEMO (\d+)", out).group(1))
    if generate and demo != n:
        if demo:
            run([PYTHON, "manage.py", "generate_demo_data", "--remove"], env)
        started = time.monotonic()
        print(f"generate_demo_data --assignments {n} …", flush=True)
        run([PYTHON, "manage.py", "generate_demo_data", "--assignments", str(n)], env, timeout=7200)
        print(f"  done in {time.monotonic() - started:.0f} s", flush=True)
    elif demo != n:
        print(f"warning: the database holds {demo} demo assignments, not {n}", flush=True)
    picked = django_shell(PICK, env)
    token = re.search(r"TOKEN (\S+)", out).group(1)
    return token, re.search(r"AGENCY (\S+)", picked).group(1), re.search(r"CURSOR (\S+)", picked).group(1)


def time_request(conn: http.client.HTTPConnection, path: str, token: str, count: int, port: int, worker=None):
    headers = {"Authorization": f"Bearer {token}", "Host": f"127.0.0.1:{port}", "X-Forwarded-Proto": "https"}

    def get():
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response, response.read()

    for _ in range(3):  # warm-up: connection, caches, plans
        get()
    times, queries, rows = [], 0, 0
    cpu_before = cpu_ms(worker)
    for _ in range(count):
        started = time.perf_counter()
        response, data = get()
        times.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status} {data[:500]!r}")
        queries, rows = int(response.getheader("X-Query-Count", "-1")), len(json.loads(data)["results"])
    return times, queries, rows, (cpu_ms(worker) - cpu_before) / count


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assignments", type=int, nargs="+", default=[100_000])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/api_bench_{n}"),
        help="may contain {n}, the size, to keep one database per size",
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"))
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--port", type=int, default=8741)
    parser.add_argument("--no-generate", action="store_true", help="use the demo data already in the database")
    args = parser.parse_args()

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "langson_portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "REDIS_URL": args.redis_url,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_ROOT": tempfile.mkdtemp(prefix="bench-static-"),
        "PORTAL_QUERY_COUNT_HEADER": "true",
        "API_RATE_LIMIT": "1000000/min",
        "LOG_LEVEL": "WARNING",
    }
    results: dict = {}
    for n in args.assignments:
        env["DATABASE_URL"] = args.database_url.format(n=n)
        ensure_database(env["DATABASE_URL"])
        token, agency, cursor = prepare(n, env, generate=not args.no_generate)
        requests = {
            "first": "/api/v1/assignments/",
            "agency_overdue": f"/api/v1/assignments/?agency={agency}&overdue=true",
            "search": "/api/v1/assignments/?q=tiep+can+dat+dai",
            "deep_cursor": f"/api/v1/assignments/?cursor={cursor}",
        }
        server = subprocess.Popen(
            [str(Path(PYTHON).with_name("gunicorn")), "langson_portal.wsgi", "--workers", "1"]
            + ["--bind", f"127.0.0.1:{args.port}", "--log-level", "warning"],
            env=env,
            cwd=ROOT,
        )
        try:
            for _ in range(100):
                try:
                    http.client.HTTPConnection("127.0.0.1", args.port, timeout=1).request("GET", "/healthz")
                    break
                except OSError:
                    time.sleep(0.2)
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
            print(f"\n{n:,} assignments (agency {agency}), {args.requests} requests each")
            print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
            # The worker's CPU time per request (Python, not PostgreSQL): steadier than wall time
            # when other processes share the machine (load average printed for the same reason).
            worker = None
            for _ in range(50):  # the master forks its worker just after it starts listening
                worker = worker_pid(server.pid)
                if worker:
                    break
                time.sleep(0.1)
            print(f"{'request':<16}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'rows':>6}{'cpu ms':>8}")
            for name, path in requests.items():
                times, queries, rows, cpu = time_request(conn, path, token, args.requests, args.port, worker)
                results[f"p50_{name}_{n}_ms"] = round(statistics.median(times), 1)
                results[f"p95_{name}_{n}_ms"] = round(p95(times), 1)
                results[f"queries_{name}_{n}"] = queries
                results[f"cpu_{name}_{n}_ms"] = round(cpu, 1)
                print(f"{name:<16}{statistics.median(times):>10.1f}{p95(times):>9.1f}{queries:>9}{rows:>6}{cpu:>8.1f}")
            target = TARGET_MS.get(n)
            if target:
                worst = max(results[f"p95_{name}_{n}_ms"] for name in requests)
                print(f"target p95 < {target} ms: {'met' if worst < target else 'NOT met'} (worst {worst} ms)")
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
