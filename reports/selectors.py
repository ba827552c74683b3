"""Reads the report pages and jobs need; each owns its joins so query counts are fixed."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Min, Prefetch, QuerySet

from agencies.models import Agency
from directives.models import Assignment, Directive, DirectiveState, ReportingRule

from .models import CompiledReport, DirectiveReportSettings, ReportSubmission, SubmissionState
from .periods import ND09_CUTOFF_DAY, RULE_KINDS, Period, owed_periods, period_for_due_day


def report_settings_for(directive: Directive) -> tuple[int | None, int]:
    """(cut-off day, draft lead days) of a directive; defaults when it has no settings row."""
    default_lead = settings.REPORTS_DRAFT_LEAD_DAYS
    row = DirectiveReportSettings.objects.filter(directive=directive).first()
    if row is None:
        return ND09_CUTOFF_DAY, default_lead
    return row.cutoff_day, default_lead if row.draft_lead_days is None else row.draft_lead_days


def due_day_for(directive: Directive, period: Period) -> datetime.date | None:
    """The due day the directive's reporting rules set for `period`, if any rule covers it."""
    if period.kind == "once":
        return period.day
    start = datetime.date(period.year, 1, 1)
    end = datetime.date(period.year + 1, 2, 28)
    for rule in directive.reporting_rules.all():
        if RULE_KINDS.get(rule.period) != period.kind:
            continue
        for due in rule.due_dates_between(start, end):
            if period_for_due_day(rule_period=rule.period, due_day=due) == period:
                return due
    return None


def reports_due_for_draft(*, today: datetime.date) -> list[tuple[int, str]]:
    """(directive id, period code) of every draft the schedule should build on `today`.

    A draft is due from `lead` days before a due day up to the due day itself, so a beat
    that missed a day catches up; one already built (draft or final) is not built again.
    """
    default_lead = settings.REPORTS_DRAFT_LEAD_DAYS
    leads = dict(DirectiveReportSettings.objects.values_list("directive_id", "draft_lead_days"))
    horizon = max([default_lead, *(v for v in leads.values() if v is not None)])
    wanted: list[tuple[int, str]] = []
    rules = ReportingRule.objects.filter(directive__state=DirectiveState.OPEN).order_by(
        "directive_id", "position", "id"
    )
    for rule in rules:
        lead = leads.get(rule.directive_id)
        lead = default_lead if lead is None else lead
        for due in rule.due_dates_between(today, today + datetime.timedelta(days=horizon)):
            if (due - today).days <= lead:
                key = (rule.directive_id, period_for_due_day(rule_period=rule.period, due_day=due).code)
                if key not in wanted:
                    wanted.append(key)
    if not wanted:
        return []
    built = set(
        CompiledReport.objects.filter(directive_id__in={d for d, _ in wanted}).values_list("directive_id", "period")
    )
    return [key for key in wanted if key not in built]


def compiled_report_list(user) -> QuerySet:
    return (
        CompiledReport.objects.visible_to(user)
        .select_related("directive", "built_by")
        .order_by("-period_end", "directive__slug", "kind")
    )


def submission_list(user) -> QuerySet:
    return (
        ReportSubmission.objects.visible_to(user)
        .select_related("directive", "agency", "submitted_by", "signed_off_by")
        .order_by("-due_on", "directive__slug", "agency__name")
    )


def owing_agencies(directive: Directive, period: Period, *, cutoff_day: int | None) -> QuerySet:
    """Agencies that owe a report for the period: those holding work of the directive at its end."""
    end = period.window(cutoff_day)[1]
    holders = Assignment.objects.filter(
        task__directive=directive, assigned_on__lte=end, withdrawn_on__isnull=True
    ).values("holder_id")
    return Agency.objects.filter(id__in=holders).order_by("name")


def submission_tracking(directive: Directive, period: Period, *, today: datetime.date) -> dict:
    """Who has reported, who is late and who is missing, for office staff."""
    cutoff_day, _lead = report_settings_for(directive)
    due_on = due_day_for(directive, period)
    submissions = {
        s.agency_id: s
        for s in ReportSubmission.objects.filter(directive=directive, period=period.code).select_related("agency")
    }
    rows = []
    for agency in owing_agencies(directive, period, cutoff_day=cutoff_day):
        submission = submissions.get(agency.id)
        sent = submission is not None and submission.state != SubmissionState.DRAFT
        if sent:
            state = "on_time" if submission.submitted_on_time else "late"
        elif due_on and today > due_on:
            state = "missing"
        else:
            state = "pending"
        rows.append({"agency": agency, "submission": submission, "state": state})
    return {"due_on": due_on, "rows": rows}


def directive_periods(directive: Directive, *, today: datetime.date) -> list[Period]:
    """Periods the directive's rules have set up to a year ahead, newest first."""
    seen: list[Period] = []
    start = directive.issued_on or datetime.date(today.year - 3, 1, 1)
    for rule in directive.reporting_rules.all():
        for due in rule.due_dates_between(start, today + datetime.timedelta(days=365)):
            period = period_for_due_day(rule_period=rule.period, due_day=due)
            if period not in seen:
                seen.append(period)
    return sorted(seen, key=lambda p: p.window()[1], reverse=True)


@dataclass(frozen=True)
class OwedReport:
    """A periodic report an agency has not sent: its directive, period and due day."""

    directive: Directive
    period: Period
    due_on: datetime.date
    overdue: bool
    draft: ReportSubmission | None  # what the agency has saved without sending, if anything


def reports_owed(*, agency_id: int, today: datetime.date) -> list[OwedReport]:
    """Every report the agency owes and has not sent, on every directive it holds work in:
    overdue ones and the next due per rule, oldest due day first (`periods.owed_periods`).
    Four queries whatever the number of directives."""
    first_assigned = dict(
        Assignment.objects.filter(holder_id=agency_id, withdrawn_on__isnull=True)
        .values("task__directive_id")
        .annotate(first=Min("assigned_on"))
        .values_list("task__directive_id", "first")
    )
    directives = (
        Directive.objects.filter(id__in=first_assigned, reporting_rules__isnull=False)
        .distinct()
        .prefetch_related(Prefetch("reporting_rules", queryset=ReportingRule.objects.order_by("position", "id")))
    )
    cutoffs = dict(
        DirectiveReportSettings.objects.filter(directive_id__in=first_assigned).values_list(
            "directive_id", "cutoff_day"
        )
    )
    sent, drafts = set(), {}
    for submission in ReportSubmission.objects.filter(agency_id=agency_id, directive_id__in=first_assigned):
        if submission.state == SubmissionState.DRAFT:
            drafts[(submission.directive_id, submission.period)] = submission
        else:
            sent.add((submission.directive_id, submission.period))
    horizon = today + datetime.timedelta(days=400)  # the next due day of any rule, yearly ones included
    owed = []
    for directive in directives:
        since = first_assigned[directive.pk]
        until = directive.closed_on if directive.state == DirectiveState.CLOSED else None
        # due days from a month before the first assignment: a period can end a few days after its due day
        start = since - datetime.timedelta(days=62)
        rules = [(rule.period, rule.due_dates_between(start, horizon)) for rule in directive.reporting_rules.all()]
        for period, due in owed_periods(
            rules=rules,
            since=since,
            today=today,
            sent={code for d, code in sent if d == directive.pk},
            cutoff_day=cutoffs.get(directive.pk, ND09_CUTOFF_DAY),
            until=until,
        ):
            owed.append(OwedReport(directive, period, due, due < today, drafts.get((directive.pk, period.code))))
    return sorted(owed, key=lambda o: (o.due_on, o.directive.slug, o.period.code))
