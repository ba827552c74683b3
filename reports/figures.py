"""The figures of a compiled report, computed "as of" a day and returned as plain JSON.

Status comes from `directives.status.status_category(today=as_of)`: work counts as done
only if completed by that day; an assignment given after it, or withdrawn by it, is left
out; an extension approved after it does not move the deadline yet; an agency closed
after it still answers for its own work. So the same period built again later gives the
same figures, and the figures are stored with the report (`CompiledReport.figures`).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from agencies.models import Agency
from directives.models import Assignment, ExtensionRequest, ExtensionState, Indicator
from directives.status import StatusCategory, days_late, status_category
from langson_portal.text import nfc

from .models import ReportSubmission, SubmissionState
from .periods import Period

CATEGORIES = [c.value for c in StatusCategory]
OVERDUE_LIST_LIMIT = 1000  # kept in the figures (and the Excel file); the PDF prints the first PDF_OVERDUE_ROWS


def _empty_counts() -> dict:
    return {category: 0 for category in CATEGORIES} | {"total": 0}


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _deadline_as_of(row: dict, approved: dict, as_of: datetime.date) -> datetime.date | None:
    """The extended deadline known on `as_of`: the last extension approved by then."""
    extended = row["extended_due_on"]
    decisions = approved.get(row["id"])
    if extended is None or not decisions:
        return extended
    known = [due for decided_on, due in decisions if decided_on <= as_of]
    return known[-1] if known else None


def _assignment_rows(directive_id: int, as_of: datetime.date) -> list[dict]:
    return list(
        Assignment.objects.filter(task__directive_id=directive_id, assigned_on__lte=as_of)
        .exclude(withdrawn_on__lte=as_of)
        .order_by("task__position", "task_id", "role", "id")
        .values(
            "id",
            "task_id",
            "task__ref",
            "task__content",
            "agency_id",
            "holder_id",
            "role",
            "lifecycle",
            "due_on",
            "extended_due_on",
            "completed_on",
        )
    )


def _approved_extensions(directive_id: int) -> dict[int, list[tuple[datetime.date, datetime.date]]]:
    approved: dict[int, list] = {}
    rows = (
        ExtensionRequest.objects.filter(assignment__task__directive_id=directive_id, state=ExtensionState.APPROVED)
        .exclude(decided_at__isnull=True)
        .order_by("decided_at", "id")
        .values_list("assignment_id", "decided_at", "requested_due_on")
    )
    for assignment_id, decided_at, due in rows:
        approved.setdefault(assignment_id, []).append((timezone.localtime(decided_at).date(), due))
    return approved


def _statuses(directive_id: int, as_of: datetime.date) -> list[dict]:
    """One row per assignment counted on `as_of`, with its status and its deadline then."""
    approved = _approved_extensions(directive_id)
    rows = _assignment_rows(directive_id, as_of)
    for row in rows:
        extended = _deadline_as_of(row, approved, as_of)
        row["deadline"] = extended or row["due_on"]
        row["status"] = status_category(
            lifecycle=row["lifecycle"],
            deadline=row["due_on"],
            extended_deadline=extended,
            completed_on=row["completed_on"],
            today=as_of,
        ).value
    return rows


def _responsible(rows: list[dict], as_of: datetime.date) -> dict[int, dict]:
    """Agencies by id; an assignment answers to its named agency while that one was open on `as_of`."""
    ids = {row["agency_id"] for row in rows} | {row["holder_id"] for row in rows}
    agencies = {a["id"]: a for a in Agency.objects.filter(id__in=ids).values("id", "name", "short_name", "closed_on")}
    for row in rows:
        named = agencies[row["agency_id"]]
        open_then = named["closed_on"] is None or named["closed_on"] > as_of
        row["responsible_id"] = row["agency_id"] if open_then else row["holder_id"]
    return agencies


def count_statuses(rows: list[dict]) -> dict:
    counts = _empty_counts()
    for row in rows:
        counts[row["status"]] += 1
        counts["total"] += 1
    return counts


def _totals(counts: dict) -> dict:
    total = counts["total"]
    return counts | {f"{c}_percent": _percent(counts[c], total) for c in CATEGORIES}


def _submissions(directive_id: int, period_code: str, due_on: datetime.date | None) -> dict[int, dict]:
    result = {}
    rows = ReportSubmission.objects.filter(directive_id=directive_id, period=period_code).values(
        "agency_id", "state", "submitted_at", "due_on", "narrative", "signed_off_at"
    )
    for row in rows:
        submitted = row["submitted_at"] and row["state"] != SubmissionState.DRAFT
        submitted_on = timezone.localtime(row["submitted_at"]).date() if submitted else None
        result[row["agency_id"]] = {
            "submitted_on": submitted_on.isoformat() if submitted_on else None,
            "on_time": bool(submitted_on and submitted_on <= (due_on or row["due_on"])),
            "signed_off": row["state"] == SubmissionState.SIGNED_OFF,
            "narrative": nfc(row["narrative"]).strip() if submitted else "",
        }
    return result


def _indicators(directive_id: int, year: int) -> list[dict]:
    result = []
    for indicator in (
        Indicator.objects.filter(directive_id=directive_id).prefetch_related("values").order_by("position")
    ):
        values = [v for v in indicator.values.all() if v.year <= year]
        actual = max(values, key=lambda v: v.year) if values else None
        gap = actual.value - indicator.target if actual and indicator.target is not None else None
        result.append(
            {
                "code": indicator.code,
                "name": nfc(indicator.name),
                "unit": indicator.unit,
                "baseline": _number(indicator.baseline),
                "baseline_year": indicator.baseline_year,
                "target": _number(indicator.target),
                "target_year": indicator.target_year,
                "target_text": nfc(indicator.target_text),
                "actual": _number(actual.value) if actual else None,
                "actual_year": actual.year if actual else None,
                "gap": _number(gap),
            }
        )
    return result


def _number(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value.normalize(), "f")


def compile_figures(*, directive, period: Period, cutoff_day: int | None, as_of: datetime.date, due_on) -> dict:
    """Everything the PDF and the Excel file show, as JSON-ready data."""
    start, end = period.window(cutoff_day)
    rows = _statuses(directive.id, as_of)
    agencies = _responsible(rows, as_of)
    totals = count_statuses(rows)

    previous = period.previous()
    previous_block = None
    if previous is not None:
        prev_end = previous.window(cutoff_day)[1]
        prev_counts = count_statuses(_statuses(directive.id, prev_end))
        previous_block = {
            "code": previous.code,
            "label": previous.label,
            "as_of": prev_end.isoformat(),
            "totals": _totals(prev_counts),
            "change": {key: totals[key] - prev_counts[key] for key in [*CATEGORIES, "total"]},
        }

    submissions = _submissions(directive.id, period.code, due_on)
    by_agency: dict[int, dict] = {}
    for row in rows:
        counts = by_agency.setdefault(row["responsible_id"], _empty_counts())
        counts[row["status"]] += 1
        counts["total"] += 1
    agency_rows = []
    for agency_id, counts in by_agency.items():
        agency = agencies[agency_id]
        submission = submissions.get(agency_id)
        agency_rows.append(
            {
                "agency": nfc(agency["name"]),
                "counts": counts,
                "report": (
                    "on_time"
                    if submission and submission["on_time"]
                    else "late"
                    if submission and submission["submitted_on"]
                    else "missing"
                ),
                "report_submitted_on": submission["submitted_on"] if submission else None,
            }
        )
    agency_rows.sort(key=lambda r: (-r["counts"][StatusCategory.OVERDUE], r["agency"]))

    overdue = [
        {
            "ref": row["task__ref"],
            "content": nfc(row["task__content"])[:400],
            "agency": nfc(agencies[row["responsible_id"]]["name"]),
            "role": row["role"],
            "deadline": row["deadline"].isoformat(),
            "days_late": days_late(
                lifecycle=row["lifecycle"],
                deadline=row["deadline"],
                extended_deadline=None,
                completed_on=None,
                today=as_of,
            ),
        }
        for row in rows
        if row["status"] == StatusCategory.OVERDUE
    ]
    overdue.sort(key=lambda r: (-r["days_late"], r["ref"], r["agency"]))

    narratives = [
        {
            "agency": nfc(agencies[agency_id]["name"]) if agency_id in agencies else _agency_name(agency_id),
            "submitted_on": s["submitted_on"],
            "signed_off": s["signed_off"],
            "text": s["narrative"],
        }
        for agency_id, s in submissions.items()
        if s["narrative"]
    ]
    narratives.sort(key=lambda r: r["agency"])

    return {
        "version": 1,
        "period": {
            "code": period.code,
            "kind": period.kind,
            "label": period.label,
            "start": start.isoformat() if start else None,
            "end": end.isoformat(),
            "cutoff_day": cutoff_day,
        },
        "as_of": as_of.isoformat(),
        "due_on": due_on.isoformat() if due_on else None,
        "empty": totals["total"] == 0,
        "tasks": len({row["task_id"] for row in rows}),
        "totals": _totals(totals),
        "previous": previous_block,
        "agencies": agency_rows,
        "reports_expected": len(agency_rows),
        "reports_on_time": sum(1 for r in agency_rows if r["report"] == "on_time"),
        "reports_late": sum(1 for r in agency_rows if r["report"] == "late"),
        "overdue": overdue[:OVERDUE_LIST_LIMIT],
        "overdue_count": len(overdue),
        "indicators": _indicators(directive.id, as_of.year),
        "narratives": narratives,
    }


def _agency_name(agency_id: int) -> str:
    return nfc(Agency.objects.filter(id=agency_id).values_list("name", flat=True).first() or "")
