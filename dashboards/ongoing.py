"""Ongoing duties (thường xuyên) on the province dashboard, read apart from tasks with a deadline.

An ongoing duty has no deadline to be late against; what tells a leader it is being done is
whether the holding agency's periodic report for the directive's last period came in on time.
Four queries whatever the number of rows.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from directives.models import Directive
from directives.status import StatusCategory, status_category_expression
from reports.models import ReportSubmission, SubmissionState

from .selectors import Figure, Scope, StatusCounts, _live, _scoped

STATES = [
    ("on_time", "Báo cáo kỳ gần nhất đúng hạn"),
    ("late", "Báo cáo kỳ gần nhất muộn"),
    ("missing", "Chưa gửi báo cáo kỳ gần nhất"),
    ("no_period", "Văn bản chưa đến kỳ báo cáo nào"),
]


@dataclass
class OngoingReporting:
    as_of: datetime.date
    total: Figure
    states: list[tuple[str, str, int]]  # (key, label, assignments)
    missing_agencies: list[tuple[str, str, int]] = field(default_factory=list)  # (code, name, assignments)

    def count(self, key: str) -> int:
        return next(n for k, _label, n in self.states if k == key)


def last_due_day(directive: Directive, day: datetime.date) -> datetime.date | None:
    """The latest report due day on or before `day` that the directive's rules set."""
    start = directive.issued_on or datetime.date(day.year - 5, 1, 1)
    dues = [due for rule in directive.reporting_rules.all() for due in rule.due_dates_between(start, day)]
    return max((d for d in dues if d <= day), default=None)


def ongoing_reporting(scope: Scope) -> OngoingReporting:
    as_of = scope.as_of
    ongoing = (
        _live(_scoped(scope), as_of)
        .annotate(status=status_category_expression(as_of))
        .filter(status=StatusCategory.ONGOING)
    )
    pairs = list(
        ongoing.values("task__directive_id", "holder_id", "holder__code", "holder__name")
        .annotate(n=Count("id"))
        .order_by()
    )  # query 1
    directives = {
        d.pk: d
        for d in Directive.objects.filter(pk__in={p["task__directive_id"] for p in pairs}).prefetch_related(
            "reporting_rules"
        )
    }  # queries 2–3
    last_due = {pk: last_due_day(d, as_of) for pk, d in directives.items()}
    submissions = {
        (s.directive_id, s.agency_id): s
        for s in ReportSubmission.objects.filter(
            directive_id__in=[pk for pk, due in last_due.items() if due], due_on__lte=as_of
        ).order_by("due_on")  # query 4; the latest due row of a pair wins
        if s.due_on == last_due.get(s.directive_id)
    }
    totals: dict[str, int] = defaultdict(int)
    missing: dict[tuple[str, str], int] = defaultdict(int)
    for pair in pairs:
        due = last_due.get(pair["task__directive_id"])
        submission = submissions.get((pair["task__directive_id"], pair["holder_id"]))
        if due is None:
            state = "no_period"
        elif submission is None or submission.state == SubmissionState.DRAFT or not submission.submitted_at:
            state = "missing"
            missing[(pair["holder__code"], pair["holder__name"])] += pair["n"]
        else:
            state = "on_time" if submission.submitted_on_time else "late"
        totals[state] += pair["n"]
    total = sum(totals.values())
    return OngoingReporting(
        as_of=as_of,
        total=Figure(total, scope.url(status=StatusCategory.ONGOING.value)),
        states=[(key, label, totals.get(key, 0)) for key, label in STATES],
        missing_agencies=sorted(
            ((code, name, n) for (code, name), n in missing.items()), key=lambda row: (-row[2], row[1])
        )[:10],
    )


DEADLINE_CATEGORIES = [
    StatusCategory.DONE_ON_TIME,
    StatusCategory.DONE_LATE,
    StatusCategory.IN_PROGRESS,
    StatusCategory.OVERDUE,
]


def with_deadline(counts: StatusCounts, scope: Scope) -> StatusCounts:
    """The same counts over tasks with a deadline only (ongoing duties are shown apart), with
    each category's share of that smaller total; the total links to those rows only."""
    categories = [(cat, figure) for cat, figure in counts.categories if cat != StatusCategory.ONGOING]
    total = sum(figure.count for _cat, figure in categories)
    return StatusCounts(
        as_of=counts.as_of,
        total=Figure(total, scope.url(status=[c.value for c in DEADLINE_CATEGORIES])),
        categories=[
            (cat, Figure(f.count, f.url, round(100 * f.count / total, 1) if total else None)) for cat, f in categories
        ],
    )
