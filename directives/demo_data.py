"""Synthetic scale data for benchmarks and demos, kept apart from the seed data.

Everything made here is flagged `is_demo` (directives, agencies) or hangs off a demo
directive, so `demo_data_remove` takes it all away. Rows are written with bulk inserts:
a million assignments take minutes on PostgreSQL, not hours.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import connection, transaction

from agencies.models import Agency, AgencyKind
from langson_portal.text import fold

from .deadlines import DeadlineKind, Recurrence, quarter_end
from .models import Assignment, AssignmentRole, Directive, DirectiveKind, ProgressUpdate, Section, Task
from .status import Lifecycle

VERBS = [
    "Tham mưu UBND tỉnh ban hành",
    "Rà soát, sửa đổi",
    "Tổ chức triển khai",
    "Kiểm tra, đôn đốc việc thực hiện",
    "Đẩy mạnh tuyên truyền về",
    "Xây dựng kế hoạch thực hiện",
    "Tổng hợp, báo cáo kết quả",
    "Hướng dẫn các đơn vị về",
]
OBJECTS = [
    "cải cách thủ tục hành chính",
    "chuyển đổi số trong cơ quan nhà nước",
    "tiếp cận đất đai của doanh nghiệp",
    "giải ngân vốn đầu tư công",
    "hỗ trợ doanh nghiệp nhỏ và vừa",
    "phát triển kinh tế cửa khẩu",
    "bảo vệ môi trường làng nghề",
    "nâng cao chỉ số PCI",
    "xây dựng nông thôn mới",
    "phòng, chống dịch bệnh",
    "đào tạo nghề cho lao động nông thôn",
    "quản lý thị trường biên giới",
    "thanh toán không dùng tiền mặt",
]
TAILS = ["trên địa bàn tỉnh", "tại các huyện biên giới", "theo quy định", "năm 2024", "giai đoạn 2021 - 2025", ""]


@dataclass
class DemoCounts:
    agencies: int
    directives: int
    tasks: int
    assignments: int
    updates: int


def _batched(rows, size):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def demo_data_generate(
    *,
    assignments: int,
    agencies: int = 120,
    seed: int = 2026,
    today: datetime.date | None = None,
    batch_size: int = 10_000,
    progress=None,
) -> DemoCounts:
    """Create about `assignments` demo assignments (≈5 per task, ≈100 tasks per directive)."""
    rng = random.Random(seed)
    today = today or datetime.date.today()
    say = progress or (lambda message: None)
    tag = rng.randrange(10**6)

    with transaction.atomic():
        demo_agencies = Agency.objects.bulk_create(
            [
                Agency(
                    code=f"DEMO{tag}-{i}",
                    name=f"Đơn vị mô phỏng {tag}-{i:04d}",
                    short_name=f"ĐVMP {i}",
                    kind=rng.choice([AgencyKind.DEPARTMENT, AgencyKind.DISTRICT, AgencyKind.CENTRAL]),
                    email=f"demo{tag}-{i}@langson.example",
                    email_is_placeholder=True,
                    is_demo=True,
                )
                for i in range(agencies)
            ],
            batch_size=batch_size,
        )
    if connection.vendor != "postgresql":  # SQLite does not return ids from bulk_create on old versions
        demo_agencies = list(Agency.objects.filter(code__startswith=f"DEMO{tag}-").order_by("id"))
    say(f"{len(demo_agencies)} cơ quan mô phỏng")

    task_count = max(1, assignments // 5)
    directive_count = max(1, task_count // 100)
    with transaction.atomic():
        directives = Directive.objects.bulk_create(
            [
                Directive(
                    slug=f"demo-{tag}-{i}",
                    kind=rng.choice(DirectiveKind.values),
                    number=f"{i + 1}/KH-MP{tag}",
                    issued_on=today - datetime.timedelta(days=rng.randrange(60, 1500)),
                    title=f"Kế hoạch mô phỏng số {i + 1} về {rng.choice(OBJECTS)}",
                    is_demo=True,
                    focal_agency=rng.choice(demo_agencies),
                )
                for i in range(directive_count)
            ],
            batch_size=batch_size,
        )
        directives = list(Directive.objects.filter(slug__startswith=f"demo-{tag}-").order_by("id"))
        Section.objects.bulk_create(
            [Section(directive=d, ref="I", title="Nhiệm vụ, giải pháp", position=0) for d in directives],
            batch_size=batch_size,
        )
        sections = {s.directive_id: s for s in Section.objects.filter(directive__in=directives)}
    say(f"{len(directives)} văn bản mô phỏng")

    tasks: list[Task] = []
    per_directive = task_count // len(directives) + 1
    for directive in directives:
        for n in range(per_directive):
            if len(tasks) >= task_count:
                break
            content = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}".strip()
            kind = rng.choices(
                [DeadlineKind.DATE, DeadlineKind.QUARTER, DeadlineKind.RECURRING, DeadlineKind.ONGOING],
                weights=[60, 20, 10, 10],
            )[0]
            due = None
            due_text = ""
            recurrence = ""
            if kind == DeadlineKind.DATE:
                due = directive.issued_on + datetime.timedelta(days=rng.randrange(15, 900))
                due_text = f"trước ngày {due:%d/%m/%Y}"
            elif kind == DeadlineKind.QUARTER:
                year, quarter = directive.issued_on.year + rng.randrange(0, 3), rng.randrange(1, 5)
                due = quarter_end(year, quarter)
                due_text = f"Quý {['I', 'II', 'III', 'IV'][quarter - 1]}/{year}"
            elif kind == DeadlineKind.RECURRING:
                recurrence = rng.choice([Recurrence.QUARTERLY, Recurrence.ANNUAL])
                due_text = "Hằng quý" if recurrence == Recurrence.QUARTERLY else "Hằng năm"
            else:
                due_text = "Thường xuyên"
            tasks.append(
                Task(
                    directive=directive,
                    section=sections[directive.pk],
                    ref=f"{n + 1}",
                    position=n,
                    content=content,
                    content_folded=fold(content),
                    deadline_kind=kind,
                    due_on=due,
                    due_text=due_text,
                    recurrence=recurrence,
                )
            )
    with transaction.atomic():
        for chunk in _batched(tasks, batch_size):
            Task.objects.bulk_create(chunk)
    tasks = list(
        Task.objects.filter(directive__slug__startswith=f"demo-{tag}-")
        .order_by("id")
        .values_list("id", "due_on", "directive__issued_on")
    )
    say(f"{len(tasks)} nhiệm vụ mô phỏng")

    rows: list[Assignment] = []
    agency_ids = [a.pk for a in demo_agencies]
    remaining = assignments
    for index, (task_id, due, issued) in enumerate(tasks):
        left_tasks = len(tasks) - index
        n = min(len(agency_ids), max(1, round(remaining / left_tasks) + rng.randint(-1, 1)))
        n = min(n, remaining) if index < len(tasks) - 1 else min(remaining, len(agency_ids))
        if n <= 0:
            break
        remaining -= n
        for position, agency_id in enumerate(rng.sample(agency_ids, n)):
            lifecycle, completed, extended, percent = _random_progress(rng, due, issued, today)
            rows.append(
                Assignment(
                    task_id=task_id,
                    agency_id=agency_id,
                    holder_id=agency_id,
                    role=AssignmentRole.LEAD if position == 0 else AssignmentRole.COORDINATING,
                    lifecycle=lifecycle,
                    progress_percent=percent,
                    due_on=due,
                    extended_due_on=extended,
                    completed_on=completed,
                    assigned_on=issued,
                )
            )
    with transaction.atomic():
        for chunk in _batched(rows, batch_size):
            Assignment.objects.bulk_create(chunk)
    say(f"{len(rows)} phân công mô phỏng")
    return DemoCounts(len(demo_agencies), len(directives), len(tasks), len(rows), 0)


def _random_progress(rng, due, issued, today):
    """A plausible state: old work mostly done (some late), recent work in progress."""
    roll = rng.random()
    start = issued + datetime.timedelta(days=1)
    if due is None:
        return (Lifecycle.IN_PROGRESS if roll < 0.8 else Lifecycle.NOT_STARTED), None, None, rng.randrange(0, 90)
    extended = due + datetime.timedelta(days=rng.randrange(15, 120)) if roll < 0.05 else None
    effective = extended or due
    if (effective < today and roll < 0.75) or (effective >= today and roll < 0.25):
        latest = min(today, effective + datetime.timedelta(days=60))
        span = max(1, (latest - start).days)
        completed = start + datetime.timedelta(days=rng.randrange(span))
        return Lifecycle.DONE, min(completed, today), extended, 100
    lifecycle = rng.choices(
        [Lifecycle.IN_PROGRESS, Lifecycle.NOT_STARTED, Lifecycle.AWAITING_CONFIRMATION, Lifecycle.RETURNED],
        weights=[70, 20, 7, 3],
    )[0]
    return lifecycle, None, extended, rng.randrange(0, 95)


@transaction.atomic
def demo_data_remove() -> int:
    """Delete every demo directive (with its tasks and assignments) and demo agency."""
    directives = Directive.objects.filter(is_demo=True)
    removed = Assignment.objects.filter(task__directive__in=directives).count()
    ProgressUpdate.objects.filter(assignment__task__directive__in=directives).delete()
    Assignment.objects.filter(task__directive__in=directives)._raw_delete(Assignment.objects.db)
    Task.objects.filter(directive__in=directives)._raw_delete(Task.objects.db)
    directives.delete()
    Agency.objects.filter(is_demo=True, assignments__isnull=True, held_assignments__isnull=True).delete()
    return removed
