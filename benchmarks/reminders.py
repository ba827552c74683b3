"""The daily reminder scan at 100,000 and 1,000,000 assignments on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reminders_bench .venv/bin/python benchmarks/reminders.py

Data: `manage.py generate_demo_data --assignments N` when the command exists; otherwise
(until it is merged) a set-based SQL generator here makes the same shape: 120 demo
agencies each with an address and two officers, assignments due from a year before to a
year after the day, a fifth done. Emails go to the locmem backend. Prints figures; the
last line is one JSON object, times in ms under keys ending _ms.
"""

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "langson_portal.settings.local")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

import django  # noqa: E402

django.setup()

from django.core.management import call_command, get_commands  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from directives.models import Assignment  # noqa: E402
from notifications import services  # noqa: E402
from notifications.models import Notification, OutgoingEmail  # noqa: E402

DAY = datetime.date(2026, 3, 18)  # a Wednesday


def generate_sql(target: int) -> None:
    """Top up demo assignments to `target` with INSERT … SELECT generate_series."""
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM agencies_agency WHERE is_demo")
        if c.fetchone()[0] < 120:
            c.execute(
                """INSERT INTO agencies_agency (code, name, short_name, aliases, kind, email, email_is_placeholder,
                       source, is_demo, created_at, updated_at)
                   SELECT 'demo-' || g, 'Đơn vị mô phỏng ' || g, '', '[]', 'so_ban_nganh', 'demo' || g || '@langson.example',
                          true, '', true, now(), now() FROM generate_series(1, 120) g ON CONFLICT DO NOTHING"""
            )
            c.execute("INSERT INTO auth_group (name) VALUES ('officer') ON CONFLICT DO NOTHING")
            c.execute(
                """INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                       is_active, date_joined, full_name, agency_id, position)
                   SELECT '!', false, 'demo-' || a.id || '-' || k, '', '', 'demo-' || a.id || '-' || k || '@example.vn',
                          false, true, now(), 'Cán bộ mô phỏng', a.id, ''
                   FROM agencies_agency a CROSS JOIN generate_series(1, 2) k WHERE a.is_demo
                   ON CONFLICT DO NOTHING"""
            )
            c.execute(
                """INSERT INTO accounts_user_groups (user_id, group_id)
                   SELECT u.id, g.id FROM accounts_user u, auth_group g
                   WHERE u.username LIKE 'demo-%%' AND g.name = 'officer' ON CONFLICT DO NOTHING"""
            )
            c.execute(
                """INSERT INTO directives_directive (slug, kind, number, issued_text, issuer, title, signer, signer_title,
                       implements, recipients, state, is_demo, created_at, updated_at)
                   VALUES ('demo-bench', 'ke_hoach', '1/KH-MP', '', 'UBND tỉnh Lạng Sơn', 'Kế hoạch mô phỏng', '', '',
                           '[]', '[]', 'open', true, now(), now()) ON CONFLICT DO NOTHING"""
            )
        c.execute(
            "SELECT count(*) FROM directives_assignment a JOIN directives_task t ON t.id = a.task_id "
            "JOIN directives_directive d ON d.id = t.directive_id WHERE d.slug = 'demo-bench'"
        )
        have = c.fetchone()[0]
        if have >= target:
            return
        c.execute("SELECT id FROM directives_directive WHERE slug = 'demo-bench'")
        directive_id = c.fetchone()[0]
        c.execute("SELECT array_agg(id ORDER BY id) FROM agencies_agency WHERE is_demo")
        agencies = c.fetchone()[0]
        c.execute(
            """INSERT INTO directives_task (directive_id, ref, position, content, content_folded, deadline_kind, due_on,
                   due_text, recurrence, note, created_at, updated_at)
               SELECT %s, 'MP-' || g, g, 'Nhiệm vụ mô phỏng ' || g, 'nhiem vu mo phong ' || g, 'date',
                      %s::date + ((g::bigint * 7919) %% 731 - 365)::int, '', '', '', now(), now()
               FROM generate_series(%s, %s) g""",
            [directive_id, DAY, have + 1, target],
        )
        c.execute(
            """INSERT INTO directives_assignment (task_id, agency_id, holder_id, role, lifecycle, progress_percent,
                   due_on, assigned_on, completed_on, return_reason, created_at, updated_at)
               SELECT t.id, (%s::bigint[])[1 + t.position %% 120], (%s::bigint[])[1 + t.position %% 120], 'chu_tri',
                      CASE WHEN t.position %% 5 = 0 THEN 'hoan_thanh' ELSE 'dang_thuc_hien' END, 0, t.due_on,
                      t.due_on - 90, CASE WHEN t.position %% 5 = 0 THEN t.due_on - 3 END, '', now(), now()
               FROM directives_task t WHERE t.directive_id = %s AND t.position > %s""",
            [agencies, agencies, directive_id, have],
        )
        c.execute("ANALYZE directives_assignment; ANALYZE directives_task")


def generate(target: int) -> str:
    if "generate_demo_data" in get_commands() and os.environ.get("BENCH_SQL_GENERATOR") != "1":
        have = Assignment.objects.filter(task__directive__is_demo=True).count()
        if have < target:
            call_command("generate_demo_data", assignments=target - have)
        return "generate_demo_data"
    generate_sql(target)
    return "sql"


def scan(day: datetime.date) -> dict:
    Notification.objects.all().delete()
    OutgoingEmail.objects.all().delete()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = services.reminders_prepare_day(day=day, enqueue=False)
    first_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as rerun_queries:
        again = services.reminders_prepare_day(day=day, enqueue=False)
    rerun_ms = (time.perf_counter() - started) * 1000
    assert again.notifications == result.notifications
    sample = result.pending_email_ids[:20]
    started = time.perf_counter()
    for email_id in sample:
        services.email_send(email_id=email_id)
    send_ms = (time.perf_counter() - started) * 1000 / max(1, len(sample))
    return {
        "scan_ms": round(first_ms, 1),
        "rerun_ms": round(rerun_ms, 1),
        "queries": len(queries.captured_queries),
        "rerun_queries": len(rerun_queries.captured_queries),
        "notifications": result.notifications,
        "emails": len(result.pending_email_ids),
        "send_one_email_ms": round(send_ms, 1),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,1000000")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("needs PostgreSQL: set DATABASE_URL")
    call_command("migrate", verbosity=0)
    out = {}
    for size in (int(s) for s in args.sizes.split(",")):
        started = time.perf_counter()
        source = generate(size)
        total = Assignment.objects.count()
        figures = scan(DAY)
        print(f"{total:>9} assignments (data by {source}, {time.perf_counter() - started:.0f} s in all): {figures}")
        out.update({f"{k}_{size}" if not k.endswith("_ms") else f"{k[:-3]}_{size}_ms": v for k, v in figures.items()})
        out[f"assignments_{size}"] = total
    print(json.dumps(out))


if __name__ == "__main__":
    main()
