"""Figures of the dashboards, each computed by a small fixed number of aggregate queries.

Every figure is counted on the rows `directives.filtersets.AssignmentFilterSet` returns for
the same parameters (docs/list-filters.md), so the list a figure links to shows the same
count: the "as of" rule is `filter_as_of`, the status rule `status_category_expression`,
an agency counts the work it was named for or holds now, `agency_kind` is the holder's kind.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Sum, Value, When
from django.db.models.fields import CharField
from django.db.models.functions import TruncDate
from django.utils import timezone

from agencies.models import Agency
from collaboration.selectors import unanswered_by_agency
from directives.models import Assignment, AssignmentRole, Directive, Indicator, ReportingRule, Section, Task
from directives.status import StatusCategory, days_late_expression, status_category_expression
from reports.models import ReportSubmission

from . import rollup
from .links import assignment_list_url, assignment_list_url_maker
from .models import StatusRollup

CATEGORIES = [
    StatusCategory.DONE_ON_TIME,
    StatusCategory.DONE_LATE,
    StatusCategory.IN_PROGRESS,
    StatusCategory.OVERDUE,
    StatusCategory.ONGOING,
]
TREND_MONTHS = 12
UPCOMING_DAYS = 14


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier, clamped to the month's end (31/3 → 28/2)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Scope:
    """What a dashboard looks at: a day, and optionally one directive and one kind of agency."""

    as_of: datetime.date
    directive: str = ""  # slug
    agency_kind: str = ""
    include_closed: bool = False  # rank agencies closed by `as_of` too ("gồm cơ quan đã giải thể/sáp nhập")

    def list_params(self, **extra) -> dict:
        """The list-filter parameters of this scope; `as_of` is always given so the list
        applies the same "assigned by then, not withdrawn" rule as the figure."""
        return {"directive": self.directive, "agency_kind": self.agency_kind, "as_of": self.as_of, **extra}

    def url(self, **extra) -> str:
        return assignment_list_url(**self.list_params(**extra))

    def url_maker(self, **extra):
        """`url` for many figures sharing `extra` (see `assignment_list_url_maker`)."""
        return assignment_list_url_maker(**self.list_params(**extra))

    def cache_params(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "directive": self.directive,
            "kind": self.agency_kind,
            "closed": self.include_closed,
        }

    def with_as_of(self, as_of: datetime.date) -> "Scope":
        return Scope(
            as_of=as_of, directive=self.directive, agency_kind=self.agency_kind, include_closed=self.include_closed
        )

    def ranked(self, agencies: QuerySet) -> QuerySet:
        """The agencies a ranking shows: the holders active on `as_of` (closed ones' figures stay
        on their successor's page), or all of them when asked."""
        return agencies if self.include_closed else agencies.active_on(self.as_of)


def _scoped(scope: Scope, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Assignment.objects.all() if queryset is None else queryset
    if scope.directive:
        queryset = queryset.filter(task__directive__slug=scope.directive)
    if scope.agency_kind:
        queryset = queryset.filter(holder__kind=scope.agency_kind)
    return queryset


def _live(queryset: QuerySet, day: datetime.date) -> QuerySet:
    """AssignmentFilterSet.filter_as_of: assigned by then and not withdrawn by then."""
    return queryset.filter(assigned_on__lte=day).exclude(withdrawn_on__lte=day)


def _status_at(day: datetime.date) -> Case:
    """The status on `day`, or "" for work not assigned yet or withdrawn by then."""
    return Case(
        When(Q(assigned_on__gt=day) | Q(withdrawn_on__lte=day), then=Value("")),
        default=status_category_expression(day),
        output_field=CharField(),
    )


# --- status counts -----------------------------------------------------------------------


@dataclass
class Figure:
    count: int
    url: str
    percent: float | None = None


@dataclass
class StatusCounts:
    as_of: datetime.date
    total: Figure
    categories: list[tuple[StatusCategory, Figure]]

    def count(self, category) -> int:
        return next(figure.count for cat, figure in self.categories if cat == category)


def _status_counts(scope: Scope, counts: dict[str, int], **extra) -> StatusCounts:
    total = sum(counts.get(cat.value, 0) for cat in CATEGORIES)
    return StatusCounts(
        as_of=scope.as_of,
        total=Figure(total, scope.url(**extra)),
        categories=[
            (
                cat,
                Figure(
                    counts.get(cat.value, 0),
                    scope.url(status=cat.value, **extra),
                    round(100 * counts.get(cat.value, 0) / total, 1) if total else None,
                ),
            )
            for cat in CATEGORIES
        ],
    )


def status_snapshots(scope: Scope, days: list[datetime.date], queryset: QuerySet | None = None) -> list[dict[str, int]]:
    """Counts per status category on each of `days`, in one query.

    Rows are grouped by their statuses on all the days at once (a handful of groups, since
    status only moves forward), and the groups are summed per day.
    """
    if queryset is None and _use_rollup(scope):
        return _rollup_snapshots(scope, days)
    names = [f"s{i}" for i in range(len(days))]
    rows = (
        _scoped(scope, queryset)
        .filter(assigned_on__lte=max(days))
        .annotate(**{name: _status_at(day) for name, day in zip(names, days, strict=True)})
        .values(*names)
        .annotate(n=Count("id"))
        .order_by()
    )
    snapshots: list[dict[str, int]] = [defaultdict(int) for _ in days]
    for row in rows:
        for i, name in enumerate(names):
            if row[name]:
                snapshots[i][row[name]] += row["n"]
    return [dict(snapshot) for snapshot in snapshots]


def _use_rollup(scope: Scope) -> bool:
    """Province-wide and per-agency figures read the rollup (`dashboards.rollup`) on
    PostgreSQL; one directive's few hundred rows are counted live."""
    return not scope.directive and rollup.enabled()


def _rollup_rows(scope: Scope, agency: Agency | None = None) -> QuerySet:
    rows = StatusRollup.objects.all()
    if scope.agency_kind:
        rows = rows.filter(holder_id__in=Agency.objects.filter(kind=scope.agency_kind).values("pk"))
    if agency is not None:
        rows = rows.filter(Q(holder_id=agency.pk) | Q(agency_id=agency.pk))
    return rows


def _rollup_snapshots(scope: Scope, days: list[datetime.date], agency: Agency | None = None) -> list[dict[str, int]]:
    """`status_snapshots` from the rollup in one query: the rollup rows any of `days` needs,
    summed per (level, period, category) — a few hundred grouped rows — then added up per day."""
    rows = list(
        _rollup_rows(scope, agency)
        .filter(rollup.through_any(days))
        .values_list("level", "day", "category")
        .annotate(n=Sum("count"))
        .order_by()
    )
    snapshots: list[dict[str, int]] = []
    for day in days:
        counts: dict[str, int] = defaultdict(int)
        for level, period, category, n in rows:
            if rollup.counts_on(level, period, day):
                counts[category] += n
        snapshots.append({category: n for category, n in counts.items() if n})
    return snapshots


@dataclass
class ProvinceFigures:
    scope: Scope
    now: StatusCounts
    previous_month: StatusCounts
    previous_quarter: StatusCounts
    trend: list[StatusCounts]
    backlog: list["AgencyRow"]
    deadlines: list[dict]
    report_days: list[dict]

    def changes(self) -> list[dict]:
        rows = []
        for (cat, now), (_, month), (_, quarter) in zip(
            self.now.categories, self.previous_month.categories, self.previous_quarter.categories, strict=True
        ):
            rows.append(
                {
                    "category": cat,
                    "now": now,
                    "month": month,
                    "quarter": quarter,
                    "month_change": now.count - month.count,
                    "quarter_change": now.count - quarter.count,
                }
            )
        return rows


def province_figures(scope: Scope) -> ProvinceFigures:
    """The leaders' home: status counts now, a month and a quarter ago, a monthly trend,
    the agencies with the most overdue work, and the next 14 days. Six queries from the
    rollup (seven counted live)."""
    days = [months_before(scope.as_of, k) for k in range(TREND_MONTHS - 1, -1, -1)]
    snapshots = status_snapshots(scope, days)  # query 1
    trend = [_status_counts(scope.with_as_of(day), counts) for day, counts in zip(days, snapshots, strict=True)]
    backlog = backlog_rows(scope)  # queries 2–4 (2–5 counted live)
    return ProvinceFigures(
        scope=scope,
        now=trend[-1],
        previous_month=trend[-2],
        previous_quarter=trend[-4],
        trend=trend,
        backlog=backlog,
        deadlines=upcoming_deadlines(scope),  # query 6
        report_days=upcoming_report_days(scope),  # query 7
    )


def upcoming_deadlines(scope: Scope, days: int = UPCOMING_DAYS) -> list[dict]:
    """Work not done whose deadline falls in the next `days` days, counted per day."""
    end = scope.as_of + datetime.timedelta(days=days)
    rows = (
        _live(_scoped(scope), scope.as_of)
        .filter(effective_due_on__gte=scope.as_of, effective_due_on__lte=end)
        .alias(status=status_category_expression(scope.as_of))
        .filter(status=StatusCategory.IN_PROGRESS)
        .values("effective_due_on")
        .annotate(n=Count("id"))
        .order_by("effective_due_on")
    )
    return [
        {
            "day": row["effective_due_on"],
            "count": row["n"],
            "url": scope.url(
                status=StatusCategory.IN_PROGRESS.value,
                due_from=row["effective_due_on"],
                due_to=row["effective_due_on"],
            ),
        }
        for row in rows
    ]


def upcoming_report_days(scope: Scope, days: int = UPCOMING_DAYS) -> list[dict]:
    """Report days of the open directives in the next `days` days (ReportingRule.due_dates_between)."""
    end = scope.as_of + datetime.timedelta(days=days)
    rules = ReportingRule.objects.select_related("directive", "reporter").filter(directive__state="open")
    if scope.directive:
        rules = rules.filter(directive__slug=scope.directive)
    found = []
    for rule in rules:
        for day in rule.due_dates_between(scope.as_of, end):
            found.append({"day": day, "rule": rule, "directive": rule.directive, "reporter": rule.reporter})
    return sorted(found, key=lambda item: (item["day"], item["directive"].slug))


# --- agencies ----------------------------------------------------------------------------


@dataclass
class AgencyRow:
    """One agency's line of the scorecard (bảng xếp hạng)."""

    code: str
    name: str
    short_name: str
    kind: str
    lead: Figure
    coordinating: Figure
    total: Figure
    done_on_time: Figure
    done_late: Figure
    in_progress: Figure
    overdue: Figure
    ongoing: Figure
    late_count: int
    late_days: int
    reports_due: int = 0
    reports_on_time: int = 0
    directions_open: int = 0  # leaders' directions not answered yet (collaboration)

    @property
    def on_time_rate(self) -> float | None:
        """Done on time ÷ work whose outcome is known (done, or overdue)."""
        judged = self.done_on_time.count + self.done_late.count + self.overdue.count
        return round(100 * self.done_on_time.count / judged, 1) if judged else None

    @property
    def average_days_late(self) -> float | None:
        return round(self.late_days / self.late_count, 1) if self.late_count else None

    @property
    def reports_rate(self) -> float | None:
        return round(100 * self.reports_on_time / self.reports_due, 1) if self.reports_due else None


SORT_KEYS = {
    "name": lambda r: r.name.lower(),
    "lead": lambda r: r.lead.count,
    "coordinating": lambda r: r.coordinating.count,
    "total": lambda r: r.total.count,
    "done_on_time": lambda r: r.done_on_time.count,
    "on_time_rate": lambda r: -1 if r.on_time_rate is None else r.on_time_rate,
    "overdue": lambda r: r.overdue.count,
    "average_days_late": lambda r: -1 if r.average_days_late is None else r.average_days_late,
    "reports_rate": lambda r: -1 if r.reports_rate is None else r.reports_rate,
    "directions_open": lambda r: r.directions_open,
}


def _grouped(queryset: QuerySet, key: str, as_of: datetime.date) -> QuerySet:
    return (
        queryset.annotate(status=status_category_expression(as_of))
        .values(key, "role", "status")
        .annotate(n=Count("id"), late=Sum(days_late_expression(as_of)))
        .order_by()
    )


def _rollup_agency_counts(scope: Scope, only: Agency | None = None) -> dict[int, dict]:
    """`_agency_counts` from the rollup: one grouped query by (holder, named agency, role,
    category); a row counts for its holder and, when it differs, for the named agency."""
    rows = (
        _rollup_rows(scope, only)
        .filter(rollup.through(scope.as_of))
        .values("holder_id", "agency_id", "role", "category")
        .annotate(n=Sum("count"), weight=Sum("weight"))
        .order_by()
    )
    today = rollup.epoch_days(scope.as_of)
    counts: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        if not row["n"]:
            continue
        status = row["category"]
        ids = [row["holder_id"]] if row["agency_id"] == row["holder_id"] else [row["holder_id"], row["agency_id"]]
        for agency_id in ids:
            bucket = counts[agency_id]
            bucket[status] += row["n"]
            bucket[row["role"]] += row["n"]
            if status == StatusCategory.DONE_LATE:
                bucket["late_count"] += row["n"]
                bucket["late_days"] += row["weight"]
            elif status == StatusCategory.OVERDUE:
                bucket["late_count"] += row["n"]
                bucket["late_days"] += row["n"] * today - row["weight"]
    return counts


def _agency_counts(scope: Scope, queryset: QuerySet | None = None) -> dict[int, dict]:
    """Counts per agency id: its work as holder, plus work it was named for that another
    agency holds now (two grouped queries; the list's `agency` filter matches either)."""
    base = _live(_scoped(scope, queryset), scope.as_of)
    counts: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for key, queryset_part in (
        ("holder_id", base),
        ("agency_id", base.exclude(agency_id=F("holder_id"))),
    ):
        for row in _grouped(queryset_part, key, scope.as_of):
            bucket = counts[row[key]]
            bucket[row["status"]] += row["n"]
            bucket[row["role"]] += row["n"]
            if row["status"] in (StatusCategory.DONE_LATE, StatusCategory.OVERDUE):
                bucket["late_count"] += row["n"]
                bucket["late_days"] += row["late"].days if row["late"] is not None else 0
    return counts


def _report_counts(scope: Scope, agency_ids: list[int] | None = None) -> dict[int, tuple[int, int]]:
    """Periodic reports per agency: (due by `as_of`, sent on or before the due day)."""
    submissions = ReportSubmission.objects.filter(due_on__lte=scope.as_of)
    if scope.directive:
        submissions = submissions.filter(directive__slug=scope.directive)
    if scope.agency_kind:
        submissions = submissions.filter(agency__kind=scope.agency_kind)
    if agency_ids is not None:
        submissions = submissions.filter(agency_id__in=agency_ids)
    submitted_day = TruncDate("submitted_at", tzinfo=timezone.get_current_timezone())
    rows = (
        submissions.annotate(submitted_day=submitted_day)
        .values("agency_id")
        .annotate(
            due=Count("id"),
            on_time=Count("id", filter=Q(submitted_day__lte=F("due_on"))),  # due_on ≤ as_of already
        )
        .order_by()
    )
    return {row["agency_id"]: (row["due"], row["on_time"]) for row in rows}


def _row(scope: Scope, agency: Agency, bucket: dict, reports: tuple[int, int]) -> AgencyRow:
    url = scope.url_maker(agency=agency.code)

    def figure(count, **extra):
        return Figure(count, url(**extra))

    return AgencyRow(
        code=agency.code,
        name=agency.name,
        short_name=agency.display_short,
        kind=agency.kind,
        lead=figure(bucket.get(AssignmentRole.LEAD, 0), role=AssignmentRole.LEAD.value),
        coordinating=figure(bucket.get(AssignmentRole.COORDINATING, 0), role=AssignmentRole.COORDINATING.value),
        total=figure(sum(bucket.get(cat.value, 0) for cat in CATEGORIES)),
        done_on_time=figure(bucket.get(StatusCategory.DONE_ON_TIME, 0), status=StatusCategory.DONE_ON_TIME.value),
        done_late=figure(bucket.get(StatusCategory.DONE_LATE, 0), status=StatusCategory.DONE_LATE.value),
        in_progress=figure(bucket.get(StatusCategory.IN_PROGRESS, 0), status=StatusCategory.IN_PROGRESS.value),
        overdue=figure(bucket.get(StatusCategory.OVERDUE, 0), status=StatusCategory.OVERDUE.value),
        ongoing=figure(bucket.get(StatusCategory.ONGOING, 0), status=StatusCategory.ONGOING.value),
        late_count=bucket.get("late_count", 0),
        late_days=bucket.get("late_days", 0),
        reports_due=reports[0],
        reports_on_time=reports[1],
    )


def _counts_per_agency(scope: Scope, only: Agency | None = None, queryset: QuerySet | None = None) -> dict[int, dict]:
    if queryset is None and _use_rollup(scope):
        return _rollup_agency_counts(scope, only)  # one query
    if only is not None:
        queryset = (Assignment.objects.all() if queryset is None else queryset).filter(
            Q(agency_id=only.pk) | Q(holder_id=only.pk)
        )
    return _agency_counts(scope, queryset)  # two queries


def backlog_rows(scope: Scope, limit: int = 10) -> list[AgencyRow]:
    """The agencies with the most overdue work (then by name): scorecard rows built only for
    those `limit`, since a row's links cost more than its counts. Three or four queries."""
    counts = _counts_per_agency(scope)
    overdue = {
        pk: bucket[StatusCategory.OVERDUE] for pk, bucket in counts.items() if bucket.get(StatusCategory.OVERDUE)
    }
    agencies = sorted(
        scope.ranked(Agency.objects.filter(pk__in=overdue)).only("code", "name", "short_name", "kind"),
        key=lambda agency: (-overdue[agency.pk], agency.name),
    )[:limit]
    reports = _report_counts(scope, [agency.pk for agency in agencies])
    return [_row(scope, agency, counts[agency.pk], reports.get(agency.pk, (0, 0))) for agency in agencies]


def agency_rows(scope: Scope, *, only: Agency | None = None, queryset: QuerySet | None = None) -> list[AgencyRow]:
    """The scorecard: one row per agency with work in scope (or only `only`). Three queries
    from the rollup, four when counted live."""
    counts = _counts_per_agency(scope, only, queryset)
    if only is not None:
        counts = {only.pk: counts.get(only.pk, {})}
    reports = _report_counts(scope, None if only is None else [only.pk])
    ids = set(counts) | set(reports)
    directions = unanswered_by_agency(None if only is None else [only.pk])
    ids |= set(directions) if only is None else set()
    agencies = (
        [only]
        if only is not None
        else scope.ranked(Agency.objects.filter(pk__in=ids)).only("code", "name", "short_name", "kind")
    )
    rows = [_row(scope, agency, counts.get(agency.pk, {}), reports.get(agency.pk, (0, 0))) for agency in agencies]
    for row, agency in zip(rows, agencies, strict=True):
        row.directions_open = directions.get(agency.pk, 0)
    return rows


def scorecard(
    scope: Scope, *, sort: str = "overdue", descending: bool = True, only: Agency | None = None
) -> list[AgencyRow]:
    rows = agency_rows(scope, only=only)
    key = SORT_KEYS.get(sort, SORT_KEYS["overdue"])
    rows.sort(key=lambda r: r.name.lower())
    rows.sort(key=key, reverse=descending)
    return rows


@dataclass
class AgencyFigures:
    scope: Scope
    row: AgencyRow
    trend: list[StatusCounts]
    by_directive: list[dict] = field(default_factory=list)


def agency_figures(scope: Scope, agency: Agency) -> AgencyFigures:
    """One agency over time: its scorecard line, a monthly trend and its work per directive."""
    mine = Assignment.objects.filter(Q(agency_id=agency.pk) | Q(holder_id=agency.pk))
    row = agency_rows(scope, only=agency)[0]  # queries 1–3
    days = [months_before(scope.as_of, k) for k in range(TREND_MONTHS - 1, -1, -1)]
    if _use_rollup(scope):
        snapshots = _rollup_snapshots(scope, days, agency)  # query 4
    else:
        snapshots = status_snapshots(scope, days, mine)  # query 4
    trend = [
        _status_counts(scope.with_as_of(day), counts, agency=agency.code)
        for day, counts in zip(days, snapshots, strict=True)
    ]
    rows = (
        _live(_scoped(scope, mine), scope.as_of)
        .annotate(status=status_category_expression(scope.as_of))
        .values("task__directive__slug", "task__directive__number", "task__directive__kind", "status")
        .annotate(n=Count("id"))
        .order_by("task__directive__slug")
    )  # query 5
    by_directive: dict[str, dict] = {}
    for r in rows:
        slug = r["task__directive__slug"]
        entry = by_directive.setdefault(slug, {"slug": slug, "number": r["task__directive__number"], "counts": {}})
        entry["counts"][r["status"]] = entry["counts"].get(r["status"], 0) + r["n"]
    directive_rows = []
    for slug, entry in by_directive.items():
        directive_scope = Scope(as_of=scope.as_of, directive=slug, agency_kind=scope.agency_kind)
        directive_rows.append(
            {
                "slug": slug,
                "number": entry["number"],
                "counts": _status_counts(directive_scope, entry["counts"], agency=agency.code),
            }
        )
    return AgencyFigures(scope=scope, row=row, trend=trend, by_directive=directive_rows)


# --- one directive -----------------------------------------------------------------------


@dataclass
class DirectiveFigures:
    scope: Scope
    directive: Directive
    now: StatusCounts
    sections: list[dict]
    agencies: list[AgencyRow]
    calendar: list[dict]


def directive_figures(scope: Scope, directive: Directive) -> DirectiveFigures:
    """Progress of one directive by section and by agency, and its reporting calendar."""
    scope = Scope(as_of=scope.as_of, directive=directive.slug, agency_kind=scope.agency_kind)
    live = _live(_scoped(scope), scope.as_of)
    rows = (
        live.annotate(status=status_category_expression(scope.as_of))
        .values("task__section_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )  # query 1
    per_section: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    total: dict[str, int] = defaultdict(int)
    for row in rows:
        per_section[row["task__section_id"]][row["status"]] += row["n"]
        total[row["status"]] += row["n"]
    sections = [
        {"section": section, "counts": _status_counts(scope, per_section[section.pk])}
        for section in Section.objects.filter(directive=directive).order_by("position")  # query 2
        if section.pk in per_section
    ]
    if None in per_section:
        sections.append({"section": None, "counts": _status_counts(scope, per_section[None])})
    agencies = scorecard(scope, sort="name", descending=False)  # queries 3–6
    return DirectiveFigures(
        scope=scope,
        directive=directive,
        now=_status_counts(scope, total),
        sections=sections,
        agencies=agencies,
        calendar=reporting_calendar(scope, directive, agencies),  # queries 7–8
    )


def reporting_calendar(scope: Scope, directive: Directive, agencies: list[AgencyRow]) -> list[dict]:
    """Each report day of the directive up to a year after `as_of`, and who has reported."""
    start = directive.issued_on or months_before(scope.as_of, 36)
    end = scope.as_of + datetime.timedelta(days=365)
    rules = list(ReportingRule.objects.filter(directive=directive).select_related("reporter"))
    submissions: dict[datetime.date, dict[int, ReportSubmission]] = defaultdict(dict)
    for submission in ReportSubmission.objects.filter(directive=directive).select_related("agency"):
        submissions[submission.due_on][submission.agency_id] = submission
    holders = [row for row in agencies if row.total.count]
    days: list[dict] = []
    for rule in rules:
        for day in rule.due_dates_between(start, end):
            expected = (
                [(rule.reporter.code, rule.reporter.display_short)]
                if rule.reporter
                else [(row.code, row.short_name) for row in holders]
            )
            days.append({"day": day, "rule": rule, "expected": expected})
    calendar_rows = []
    for entry in sorted(days, key=lambda d: d["day"]):
        sent = {s.agency.code: s for s in submissions.get(entry["day"], {}).values()}
        lines = []
        for code, name in entry["expected"]:
            submission = sent.get(code)
            if submission and submission.submitted_at:
                state = "on_time" if submission.submitted_on_time else "late"
            elif entry["day"] < scope.as_of:
                state = "missing"
            else:
                state = "pending"
            lines.append({"code": code, "name": name, "state": state, "submission": submission})
        for code, submission in sent.items():
            if code not in {line["code"] for line in lines} and submission.submitted_at:
                lines.append(
                    {
                        "code": code,
                        "name": submission.agency.display_short,
                        "state": "on_time" if submission.submitted_on_time else "late",
                        "submission": submission,
                    }
                )
        calendar_rows.append(
            {
                **entry,
                "lines": lines,
                "sent": sum(1 for line in lines if line["state"] in ("on_time", "late")),
                "past": entry["day"] < scope.as_of,
            }
        )
    return calendar_rows


# --- indicators --------------------------------------------------------------------------


def indicator_board(*, user, group: str = "") -> list[Indicator]:
    """Indicators of the directives the user may open, with their yearly values, focal agency
    and the tasks behind them that the user may see (4 queries)."""
    indicators = (
        Indicator.objects.filter(directive__in=Directive.objects.visible_to(user))
        .select_related("directive", "focal_agency")
        .prefetch_related("values", Prefetch("tasks", queryset=Task.objects.visible_to(user)))
        .order_by("group", "directive__slug", "position")
    )
    if group:
        indicators = indicators.filter(group=group)
    return list(indicators)
