"""Time the assignment list over HTTP at scale, logged in as office staff.

For each size N: a PostgreSQL database (DATABASE_URL, created if missing) gets the schema and
`generate_demo_data --assignments N` (skipped when it already holds N demo assignments);
gunicorn serves the portal with production settings and one worker; each page is requested
`--requests` times after a warm-up. Prints median and p95 per page and the SQL queries per
page (X-Query-Count, sent only because PORTAL_QUERY_COUNT_HEADER is on here) and the gunicorn
worker's CPU time per request. The last line is one JSON object: p50_<page>_<N>_ms,
p95_<page>_<N>_ms, queries_<page>_<N>, cpu_<page>_<N>_ms.

    .venv/bin/python benchmarks/list_pages.py --assignments 100000 1000000 \\
        --database-url 'postgres://postgres@127.0.0.1:5432/lists_{n}'

Targets: every p95 under 60 ms at 100,000 and under 120 ms at 1,000,000.
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
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
USERNAME, PASSWORD = "bench.vanphong", "do-hieu-nang-danh-sach-2026"  # a local benchmark database only
TARGET_MS = {100_000: 60, 1_000_000: 120}


def run(args, env, **kwargs):
    return subprocess.run(args, env=env, cwd=ROOT, check=True, text=True, capture_output=True, **kwargs)


def ensure_database(url: str) -> None:
    import psycopg2

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        dbname="postgres", user=parts.username, password=parts.password, host=parts.hostname, port=parts.port or 5432
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


SETUP = """
from django.db import connection
from django.db.models import Count
from accounts.models import Role
from accounts.services import user_ensure
from directives.models import Assignment
user, _ = user_ensure(username={username!r}, full_name="Chuyên viên đo hiệu năng", email="bench@langson.example",
            password={password!r}, roles=[Role.OFFICE_STAFF], agency=None, is_staff=False, is_superuser=False, actor=None)
user.set_password({password!r})
user.save(update_fields=["password"])
demo = Assignment.objects.filter(task__directive__is_demo=True).count()
print("DEMO", demo)
"""

PICK = """
from django.db import connection
with connection.cursor() as c:
    c.execute("VACUUM ANALYZE")  # a steady state: statistics and the visibility map index-only scans need
    c.execute(
        "SELECT g.code FROM agencies_agency g JOIN directives_assignment a ON a.holder_id = g.id "
        "WHERE g.is_demo AND a.effective_due_on < CURRENT_DATE AND a.lifecycle <> 'hoan_thanh' "
        "GROUP BY g.code ORDER BY count(*) DESC LIMIT 1"
    )
    print("AGENCY", c.fetchone()[0])
"""


def django_shell(code: str, env) -> str:
    return run([PYTHON, "manage.py", "shell", "-c", code], env).stdout


def prepare(n: int, env, generate: bool) -> str:
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    out = django_shell(SETUP.format(username=USERNAME, password=PASSWORD), env)
    demo = int(re.search(r"DEMO (\d+)", out).group(1))
    if generate and demo != n:
        if demo:
            run([PYTHON, "manage.py", "generate_demo_data", "--remove"], env)
        started = time.monotonic()
        print(f"generate_demo_data --assignments {n} …", flush=True)
        run([PYTHON, "manage.py", "generate_demo_data", "--assignments", str(n)], env, timeout=3600)
        print(f"  done in {time.monotonic() - started:.0f} s", flush=True)
    elif demo != n:
        print(f"warning: the database holds {demo} demo assignments, not {n}", flush=True)
    return re.search(r"AGENCY (\S+)", django_shell(PICK, env)).group(1)


class Session:
    """A logged-in HTTPS-as-seen-by-Django session over one keep-alive connection."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method, path, body=None, headers=None):
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **(headers or {}),
        }
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response, data

    def login(self):
        path = "/tai-khoan/dang-nhap/"
        self.request("GET", path)
        body = urllib.parse.urlencode(
            {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        )
        response, page = self.request(
            "POST",
            path,
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"https://127.0.0.1:{self.port}{path}"},
        )
        if response.status != 302:
            raise SystemExit(f"login failed: HTTP {response.status}\n{page.decode()[:2000]}")


def cpu_ms(pid: int | None) -> float:
    """CPU time (user + system) a process has used, in ms; 0 where /proc is missing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def worker_pid(master: int) -> int | None:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return None
    return int(children[0]) if children else None


def time_page(session: Session, path: str, count: int, worker: int | None = None):
    for _ in range(3):  # warm-up: connection, caches, plans
        session.request("GET", path)
    times, queries, size = [], 0, 0
    cpu_before = cpu_ms(worker)
    for _ in range(count):
        started = time.perf_counter()
        response, data = session.request("GET", path)
        times.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
        queries, size = int(response.getheader("X-Query-Count", "-1")), len(data)
    return times, queries, size, (cpu_ms(worker) - cpu_before) / count


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assignments", type=int, nargs="+", default=[100_000])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ui_lists_bench"),
        help="may contain {n}, the size, to keep one database per size (…/lists_{n})",
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"))
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--no-generate", action="store_true", help="use the demo data already in the database")
    args = parser.parse_args()

    static_root = tempfile.mkdtemp(prefix="bench-static-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "langson_portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_ROOT": static_root,
        "PORTAL_QUERY_COUNT_HEADER": "true",
        "LOG_LEVEL": "WARNING",
        "AXES_FAILURE_LIMIT": "1000",
    }
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    results: dict = {}
    for n in args.assignments:
        env["DATABASE_URL"] = args.database_url.format(n=n)
        ensure_database(env["DATABASE_URL"])
        agency = prepare(n, env, generate=not args.no_generate)
        pages = {
            "first": "/nhiem-vu/phan-cong/",
            "agency_overdue": f"/nhiem-vu/phan-cong/?agency={agency}&overdue=true&sort=effective_due_on",
            "search": "/nhiem-vu/phan-cong/?q=tiep+can+dat+dai",
            "page500": "/nhiem-vu/phan-cong/?page=500",
        }
        server = subprocess.Popen(
            [
                str(Path(PYTHON).with_name("gunicorn")),
                "langson_portal.wsgi",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{args.port}",
                "--log-level",
                "warning",
            ],
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
            session = Session(args.port)
            session.login()
            print(f"\n{n:,} assignments (agency {agency}), {args.requests} requests each")
            # The worker's CPU time per request (Python, not PostgreSQL): steadier than wall time
            # when other processes share the machine (load average printed for the same reason).
            worker = worker_pid(server.pid)
            print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
            print(f"{'page':<16}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'KiB':>7}{'cpu ms':>8}")
            for name, path in pages.items():
                times, queries, size, cpu = time_page(session, path, args.requests, worker)
                results[f"p50_{name}_{n}_ms"] = round(statistics.median(times), 1)
                results[f"p95_{name}_{n}_ms"] = round(p95(times), 1)
                results[f"queries_{name}_{n}"] = queries
                results[f"cpu_{name}_{n}_ms"] = round(cpu, 1)
                print(
                    f"{name:<16}{statistics.median(times):>10.1f}{p95(times):>9.1f}{queries:>9}{size / 1024:>7.0f}{cpu:>8.1f}"
                )
            target = TARGET_MS.get(n)
            if target:
                worst = max(results[f"p95_{name}_{n}_ms"] for name in pages)
                print(f"target p95 < {target} ms: {'met' if worst < target else 'NOT met'} (worst {worst} ms)")
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
