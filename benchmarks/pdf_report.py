"""Time and peak memory to build a compiled report (figures, PDF and Excel) of 100, 500 and
5,000 tasks across 40 agencies.

Each size runs in a fresh child process over its own scratch SQLite database (created,
migrated and filled with bulk_create, then deleted), so the peak resident memory of that
child is the memory the build needed (Django and WeasyPrint loaded included).

    .venv/bin/python benchmarks/pdf_report.py [--sizes 100,500,5000]

Wall time depends on the machine's load; CPU time (cpu_*_ms) much less so.
The last line is one JSON object: times in ms (keys ending _ms), memory in MB (keys ending _mb).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AGENCIES = 40


def child(size: int) -> dict:
    scratch = Path(tempfile.mkdtemp(prefix="pdf-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ["PORTAL_VAR_DIR"] = str(scratch)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "langson_portal.settings.local")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import datetime
    import random

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from agencies.models import Agency
    from directives.models import Assignment, Directive, ReportingRule, Task
    from reports.services import compiled_report_build

    rng = random.Random(size)
    agencies = Agency.objects.bulk_create(
        Agency(code=f"bench-{i}", name=f"Sở Thử nghiệm Đánh giá số {i}", kind="so_ban_nganh") for i in range(AGENCIES)
    )
    directive = Directive.objects.create(
        slug=f"bench-{size}",
        kind="ke_hoach",
        number="99/KH-UBND",
        issued_on=datetime.date(2022, 1, 5),
        title="Kế hoạch đo hiệu năng báo cáo",
        is_demo=True,
    )
    ReportingRule.objects.create(directive=directive, period="quarterly", day=10, month_of_quarter=3)
    tasks = Task.objects.bulk_create(
        Task(
            directive=directive,
            ref=str(i + 1),
            position=i,
            content=f"Nhiệm vụ số {i + 1}: triển khai, rà soát, báo cáo kết quả thực hiện",
            deadline_kind="date",
            due_on=datetime.date(2022, rng.randint(1, 12), 28),
        )
        for i in range(size)
    )
    rows = []
    for task in tasks:
        agency = agencies[rng.randrange(AGENCIES)]
        done = rng.random() < 0.4
        completed = task.due_on + datetime.timedelta(days=rng.randint(-20, 20)) if done else None
        rows.append(
            Assignment(
                task=task,
                agency=agency,
                holder=agency,
                role="chu_tri",
                due_on=task.due_on,
                assigned_on=datetime.date(2022, 1, 5),
                lifecycle="hoan_thanh" if done else "dang_thuc_hien",
                completed_on=completed,
            )
        )
    Assignment.objects.bulk_create(rows)

    started, cpu_started = time.perf_counter(), time.process_time()
    report = compiled_report_build(
        actor=None, directive=directive, period_code="2022-Q3", today=datetime.date(2023, 1, 10)
    )
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    # the same build again in the same process: what a long-lived worker pays once fonts are loaded
    warm_started = time.perf_counter()
    compiled_report_build(actor=None, directive=directive, period_code="2022-Q3", today=datetime.date(2023, 1, 11))
    warm = time.perf_counter() - warm_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "tasks": size,
        "build_ms": round(elapsed * 1000),
        "cpu_ms": round(cpu * 1000),
        "warm_ms": round(warm * 1000),
        "peak_rss_mb": round(peak_mb, 1),
        "pdf_kb": round(report.pdf.size / 1024, 1),
        "overdue": report.figures["overdue_count"],
    }
    import shutil

    shutil.rmtree(scratch, ignore_errors=True)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,500,5000")
    parser.add_argument("--child", type=int)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    summary = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(size)], capture_output=True, text=True, check=True
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{size:>6} tasks, {AGENCIES} agencies: {result['build_ms']:>6} ms ({result['cpu_ms']} ms CPU; warm worker {result['warm_ms']} ms), peak RSS {result['peak_rss_mb']} MB, "
            f"PDF {result['pdf_kb']} kB, {result['overdue']} overdue"
        )
        summary[f"build_{size}_ms"] = result["build_ms"]
        summary[f"cpu_{size}_ms"] = result["cpu_ms"]
        summary[f"warm_{size}_ms"] = result["warm_ms"]
        summary[f"peak_{size}_mb"] = result["peak_rss_mb"]
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
