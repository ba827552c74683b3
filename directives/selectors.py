"""Reads of directives, tasks and assignments; each owns its joins so query counts are fixed."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from .models import (
    Assignment,
    Directive,
    ExtensionRequest,
    ExtensionState,
    Indicator,
    IndicatorValue,
    ReportingRule,
    Section,
    Task,
)
from .status import Lifecycle, StatusCategory, due_within_q, status_category_expression, status_q


def assignments_with_status(*, today: datetime.date, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Assignment.objects.all() if queryset is None else queryset
    return queryset.annotate(status=status_category_expression(today))


def assignment_list(*, user, today: datetime.date, queryset: QuerySet | None = None) -> QuerySet:
    """The assignments a list page, an export or the home page shows to `user`, one query per page."""
    queryset = Assignment.objects.all() if queryset is None else queryset
    return (
        queryset.visible_to(user)
        .live()
        .select_related("task__directive", "agency__successor", "holder")
        .annotate(status=status_category_expression(today))
        .order_by("effective_due_on", "id")
    )


def task_list(*, user, today: datetime.date) -> QuerySet:
    """Visible tasks with their visible assignments (agency, status) in one prefetch."""
    assignments = (
        Assignment.objects.visible_to(user)
        .live()
        .select_related("agency__successor", "holder")
        .annotate(status=status_category_expression(today))
        .order_by("role", "agency__name")
    )
    return (
        Task.objects.visible_to(user)
        .select_related("directive", "section")
        .prefetch_related(Prefetch("assignments", queryset=assignments, to_attr="visible_assignments"))
        .order_by("directive__issued_on", "directive_id", "position", "id")
    )


def directive_list(*, user) -> QuerySet:
    return Directive.objects.visible_to(user).select_related("focal_agency")


def status_counts(*, assignments: QuerySet, today: datetime.date, by: str) -> dict:
    """{by-value: {category: n}} in one grouped query (over what `assignments` already permits)."""
    rows = (
        assignments.filter(withdrawn_on__isnull=True)
        .annotate(_status=status_category_expression(today))
        .values(by, "_status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict = {}
    for row in rows:
        counts.setdefault(row[by], {})[row["_status"]] = row["n"]
    return counts


class Progress:
    """Counts by status category and the share done, for a section, a directive or an agency."""

    DONE = (StatusCategory.DONE_ON_TIME.value, StatusCategory.DONE_LATE.value)

    def __init__(self, counts: dict | None = None):
        self.counts = {c.value: 0 for c in StatusCategory}
        for category, n in (counts or {}).items():
            self.counts[category] += n

    def add(self, category: str, n: int = 1) -> None:
        self.counts[category] += n

    def merge(self, other: "Progress") -> None:
        for category, n in other.counts.items():
            self.counts[category] += n

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return sum(self.counts[c] for c in self.DONE)

    @property
    def overdue(self) -> int:
        return self.counts[StatusCategory.OVERDUE.value]

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def items(self):
        """(category, label, n) for the categories present, in the order of StatusCategory."""
        return [(c.value, c.label, self.counts[c.value]) for c in StatusCategory if self.counts[c.value]]


@dataclass
class DirectivePage:
    directive: Directive
    sections: list  # Section objects with .task_rows, .progress, .level
    loose_tasks: list  # tasks outside any section
    indicators: list
    reporting_rules: list
    progress: Progress


def directive_page(*, slug: str, user, today: datetime.date) -> DirectivePage:
    """Everything the directive page shows, in a fixed number of queries whatever its size.

    An officer sees the directive's tasks their agency holds work on, and only the
    assignments they may see; progress counts only those.
    """
    directive = get_object_or_404(Directive.objects.visible_to(user).select_related("focal_agency"), slug=slug)
    sections = list(Section.objects.filter(directive=directive).order_by("position", "id"))
    assignments = (
        Assignment.objects.visible_to(user)
        .live()
        .select_related("agency__successor", "holder")
        .annotate(status=status_category_expression(today))
        .order_by("role", "agency__name")
    )
    tasks = list(
        Task.objects.visible_to(user)
        .filter(directive=directive)
        .prefetch_related(Prefetch("assignments", queryset=assignments, to_attr="visible_assignments"))
        .order_by("position", "id")
    )
    indicators = list(
        Indicator.objects.filter(directive=directive)
        .select_related("focal_agency")
        .prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.order_by("-year")))
        .order_by("position", "id")
    )
    rules = list(ReportingRule.objects.filter(directive=directive).select_related("reporter"))

    by_id = {section.pk: section for section in sections}
    for section in sections:
        section.task_rows, section.progress = [], Progress()
        section.level = min(section.depth, 4)
    overall, loose = Progress(), []
    for task in tasks:
        task.progress = Progress()
        for assignment in task.visible_assignments:
            task.progress.add(assignment.status)
        overall.merge(task.progress)
        section = by_id.get(task.section_id)
        if section is None:
            loose.append(task)
            continue
        section.task_rows.append(task)
        seen = set()
        while section is not None and section.pk not in seen:  # roll up to every enclosing heading
            seen.add(section.pk)
            section.progress.merge(task.progress)
            section = by_id.get(section.parent_id)
    return DirectivePage(
        directive=directive,
        sections=sections,
        loose_tasks=loose,
        indicators=indicators,
        reporting_rules=rules,
        progress=overall,
    )


def overall_status(categories: list[str]) -> str | None:
    """One status a leader reads at a glance for a task given to several agencies: overdue if
    any agency is; done (late if any was late) when all are; otherwise in progress or ongoing."""
    if not categories:
        return None
    present = set(categories)
    if StatusCategory.OVERDUE in present:
        return StatusCategory.OVERDUE
    if present <= {StatusCategory.DONE_ON_TIME, StatusCategory.DONE_LATE}:
        return StatusCategory.DONE_LATE if StatusCategory.DONE_LATE in present else StatusCategory.DONE_ON_TIME
    if StatusCategory.IN_PROGRESS in present:
        return StatusCategory.IN_PROGRESS
    return StatusCategory.ONGOING


def agency_work(*, user, today: datetime.date, soon_days: int) -> QuerySet:
    """ "Việc của đơn vị": what the user's agency holds — overdue first, then due within
    `soon_days`, then the rest still open, then what is done; by deadline inside each."""
    rank = Case(
        When(status_q(StatusCategory.OVERDUE, today), then=Value(0)),
        When(due_within_q(today, soon_days), then=Value(1)),
        When(Q(lifecycle=Lifecycle.DONE, completed_on__lte=today), then=Value(3)),
        default=Value(2),
    )
    return (
        Assignment.objects.held_by(user)
        .live()
        .select_related("task__directive", "agency__successor", "holder")
        .annotate(status=status_category_expression(today), rank=rank)
        .order_by("rank", "effective_due_on", "id")
    )


def agency_work_counts(*, user, today: datetime.date, soon_days: int) -> dict:
    return (
        Assignment.objects.held_by(user)
        .live()
        .aggregate(
            overdue=Count("id", filter=status_q(StatusCategory.OVERDUE, today)),
            soon=Count("id", filter=due_within_q(today, soon_days)),
            awaiting=Count("id", filter=Q(lifecycle=Lifecycle.AWAITING_CONFIRMATION)),
            open=Count("id", filter=~Q(lifecycle=Lifecycle.DONE, completed_on__lte=today)),
        )
    )


@dataclass
class TrackingOverview:
    newly_overdue: list
    newly_overdue_count: int
    awaiting: list
    awaiting_count: int
    extensions: list
    extensions_count: int
    unassigned: list
    unassigned_count: int


def tracking_overview(*, user, today: datetime.date, recent_days: int, limit: int = 20) -> TrackingOverview:
    """What office staff chase: work that fell overdue in the last `recent_days`, completions
    waiting for confirmation, extension requests waiting for a decision, tasks not given to
    any agency yet. Each query walks an
    index (deadline, lifecycle), so the page stays fast at a million assignments."""
    base = assignment_list(user=user, today=today)
    newly = base.filter(
        status_q(StatusCategory.OVERDUE, today), effective_due_on__gte=today - datetime.timedelta(days=recent_days)
    )
    awaiting = base.filter(lifecycle=Lifecycle.AWAITING_CONFIRMATION)
    extensions = (
        ExtensionRequest.objects.filter(state=ExtensionState.PENDING, assignment__withdrawn_on__isnull=True)
        .visible_to(user)
        .select_related("assignment__task__directive", "assignment__holder", "requested_by")
    )
    unassigned = Task.objects.visible_to(user).unassigned().select_related("directive")
    return TrackingOverview(
        unassigned=list(unassigned.order_by("directive__slug", "position", "id")[:limit]),
        unassigned_count=unassigned.count(),
        newly_overdue=list(newly.order_by("-effective_due_on", "id")[:limit]),
        newly_overdue_count=newly.count(),
        awaiting=list(awaiting.order_by("updated_at", "id")[:limit]),
        awaiting_count=awaiting.count(),
        extensions=list(extensions.order_by("created_at", "id")[:limit]),
        extensions_count=extensions.count(),
    )
