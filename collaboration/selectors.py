"""Reads of working together: follows, directions waiting for answers, the calendar."""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from agencies.models import Agency
from directives.models import Assignment, Directive, ReportingRule
from directives.status import Lifecycle

from . import rules
from .models import Direction, Follow, Message, MessageAttachment

# --- follows ----------------------------------------------------------------------------


def is_following(*, user, directive: Directive, task=None) -> bool:
    """Whether `user` gets the notices of the task (or of the directive when no task). One query."""
    rows = Follow.objects.filter(user=user).filter(
        Q(directive=directive) | (Q(task=task) if task is not None else Q(pk__in=[]))
    )
    choices = {("task" if f.task_id else "directive"): f.following for f in rows}
    if task is not None and "task" in choices:
        return choices["task"]
    return rules.follows(
        explicit=choices.get("directive"), created_it=bool(user.is_office_staff and directive.created_by_id == user.pk)
    )


# --- messages and attachments ------------------------------------------------------------


def message_for_edit(*, user, pk: int) -> Message:
    return get_object_or_404(Message.objects.visible_to(user).select_related("task__directive"), pk=pk)


def attachment_for_download(*, user, pk: int) -> MessageAttachment:
    return get_object_or_404(MessageAttachment.objects.visible_to(user), pk=pk)


def direction_for_action(*, user, pk: int) -> Direction:
    return get_object_or_404(Direction.objects.visible_to(user).select_related("agency", "directive"), pk=pk)


def directive_directions(*, user, directive: Directive) -> list[Direction]:
    """Directions on the whole directive (not on one of its tasks), newest first."""
    return list(
        Direction.objects.visible_to(user)
        .filter(directive=directive, task__isnull=True)
        .select_related("author", "agency", "acknowledged_by", "answered_by", "directive")
    )


def unanswered_directions(*, user, agency: Agency | None = None) -> QuerySet:
    """Directions the named agency has not answered yet, oldest first (the list behind the counts)."""
    rows = Direction.objects.visible_to(user).unanswered()
    if agency is not None:
        rows = rows.filter(agency=agency)
    return rows.select_related("author", "agency", "directive", "task", "assignment__agency").order_by(
        "created_at", "id"
    )


def unanswered_count(*, user=None) -> int:
    rows = Direction.objects.unanswered() if user is None else Direction.objects.visible_to(user).unanswered()
    return rows.count()


def unanswered_by_agency(agency_ids=None) -> dict[int, int]:
    """Unanswered directions per named agency, for the scorecard column. One query."""
    rows = Direction.objects.unanswered().filter(agency__isnull=False)
    if agency_ids is not None:
        rows = rows.filter(agency_id__in=agency_ids)
    return dict(rows.values_list("agency_id").annotate(n=Count("id")).order_by())


# --- the calendar -----------------------------------------------------------------------


@dataclass
class Day:
    day: datetime.date
    in_month: bool
    deadlines: list = field(default_factory=list)
    deadline_count: int = 0
    reports: list = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.deadline_count - len(self.deadlines)


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


def _calendar_assignments(*, user, agency: Agency | None) -> QuerySet:
    rows = Assignment.objects.visible_to(user).live().filter(effective_due_on__isnull=False)
    if agency is not None:
        rows = rows.filter(Q(holder=agency) | Q(agency=agency))
    return rows


def _report_rules(*, user, agency: Agency | None) -> list[ReportingRule]:
    rules_qs = ReportingRule.objects.filter(directive__state="open", directive__in=Directive.objects.visible_to(user))
    if agency is not None:
        held = Assignment.objects.live().filter(Q(holder=agency) | Q(agency=agency)).values("task__directive_id")
        rules_qs = rules_qs.filter(Q(reporter=agency) | Q(reporter__isnull=True, directive_id__in=held))
    return list(rules_qs.select_related("directive", "reporter"))


def report_days(*, user, agency: Agency | None, start: datetime.date, end: datetime.date) -> list[dict]:
    found = []
    for rule in _report_rules(user=user, agency=agency):
        for day in rule.due_dates_between(start, end):
            found.append({"day": day, "rule": rule, "directive": rule.directive, "reporter": rule.reporter})
    return sorted(found, key=lambda item: (item["day"], item["directive"].slug, item["rule"].pk))


def month_calendar(*, user, year: int, month: int, agency: Agency | None = None, per_day: int = 5) -> list[list[Day]]:
    """Weeks (Monday first) of one month: each day's deadlines (the first `per_day`, and
    how many in all) and report days, as the user may see them. Four queries."""
    first, last = month_bounds(year, month)
    start = first - datetime.timedelta(days=first.weekday())
    end = last + datetime.timedelta(days=6 - last.weekday())
    rows = _calendar_assignments(user=user, agency=agency).filter(effective_due_on__range=(start, end))
    counts = dict(rows.values_list("effective_due_on").annotate(n=Count("id")).order_by())
    shown: dict[datetime.date, list] = defaultdict(list)
    for assignment in rows.select_related("task__directive", "holder").order_by("effective_due_on", "id")[
        : per_day * 42
    ]:
        if len(shown[assignment.effective_due_on]) < per_day:
            shown[assignment.effective_due_on].append(assignment)
    reports: dict[datetime.date, list] = defaultdict(list)
    for item in report_days(user=user, agency=agency, start=start, end=end):
        reports[item["day"]].append(item)
    weeks, day = [], start
    while day <= end:
        week = []
        for _ in range(7):
            week.append(
                Day(
                    day=day,
                    in_month=day.month == month,
                    deadlines=shown.get(day, []),
                    deadline_count=counts.get(day, 0),
                    reports=reports.get(day, []),
                )
            )
            day += datetime.timedelta(days=1)
        weeks.append(week)
    return weeks


# --- the iCal feed ----------------------------------------------------------------------

FEED_PAST_DAYS = 90
FEED_FUTURE_DAYS = 400


def feed_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return today - datetime.timedelta(days=FEED_PAST_DAYS), today + datetime.timedelta(days=FEED_FUTURE_DAYS)


def feed_items(*, user, today: datetime.date) -> tuple[list[Assignment], list[dict]]:
    """What a person's calendar carries: the deadlines of their agency's open work (office
    staff and leaders: of what they follow) and the report days they owe or follow. Three
    or four queries."""
    start, end = feed_window(today)
    if user.agency_id and not user.sees_everything:
        agency = Agency.objects.get(pk=user.agency_id)
        assignments = Assignment.objects.held_by(user).live()
        rules_for = {"agency": agency}
    else:
        followed = Follow.objects.filter(user=user, following=True)
        directive_ids = set(followed.filter(directive__isnull=False).values_list("directive_id", flat=True))
        directive_ids |= set(Directive.objects.filter(created_by=user).values_list("pk", flat=True))
        directive_ids -= set(
            Follow.objects.filter(user=user, following=False, directive__isnull=False).values_list(
                "directive_id", flat=True
            )
        )
        assignments = Assignment.objects.live().filter(
            Q(task__directive_id__in=directive_ids) | Q(task__in=followed.filter(task__isnull=False).values("task_id"))
        )
        rules_for = {"directive_ids": directive_ids}
    deadlines = list(
        assignments.exclude(lifecycle=Lifecycle.DONE)
        .filter(effective_due_on__range=(start, end))
        .select_related("task__directive", "holder")
        .order_by("effective_due_on", "id")
    )
    if "agency" in rules_for:
        days = report_days(user=user, agency=rules_for["agency"], start=start, end=end)
    else:
        days = [
            item
            for item in report_days(user=user, agency=None, start=start, end=end)
            if item["directive"].pk in rules_for["directive_ids"]
        ]
    return deadlines, days
