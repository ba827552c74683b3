"""Import of whole directives in the exchange format: one transaction, all or nothing.

Importing the same file twice changes nothing: rows are matched by slug and ref and saved
only when a value differs, so history records only real changes, each naming the actor.
Work already started on an assignment is never deleted: an agency dropped from a task is
withdrawn, not erased. New assignments are announced to their holders after commit, as
when office staff assign in the browser (`signals.assignment_created`).
"""

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from agencies.membership import members_on
from agencies.models import Agency, AgencyGroup
from agencies.registry import AgencyRegistry
from langson_portal.services import model_update

from .. import signals
from ..deadlines import DeadlineKind
from ..exchange import DirectivePlan, ImportProblems, TaskPlan, reference_day, validate
from ..models import (
    Assignment,
    AssignmentRole,
    Directive,
    Indicator,
    ReportingRule,
    Section,
    SectionKind,
    Task,
)
from ..spreadsheet import payload_from_workbook
from ..status import Lifecycle


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    slugs: list[str] = field(default_factory=list)
    new_assignment_ids: list[int] = field(default_factory=list)
    actor: object = None

    def count(self, bucket: str, model: str) -> None:
        target = self.created if bucket == "created" else self.updated
        target[model] = target.get(model, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _save_if_changed(instance, values: dict, report: ImportReport, label: str) -> None:
    """Save the row when it is new or a value differs, counting it; history names the importer."""
    new = instance.pk is None
    if model_update(instance=instance, data=values, actor=report.actor) or new:
        report.count("created" if new else "updated", label)


def payload_from_file(*, name: str, data: bytes):
    """The exchange payload in a JSON or Excel file, by its extension."""
    if name.lower().endswith(".xlsx"):
        return payload_from_workbook(data, name=name)
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportProblems([f"Tệp JSON không đọc được: {error}"]) from error
    except RecursionError:  # json's decoder recurses once per nesting level
        raise ImportProblems(["Tệp JSON lồng quá nhiều tầng, không phải tệp văn bản của cổng."]) from None


def directives_import(
    *, payload, actor, today: datetime.date | None = None, dry_run: bool = False, notify: bool = True
) -> ImportReport:
    """Validate the whole payload, then write it in one transaction (rolled back on a dry run,
    which gives the preview its counts).

    `actor` is the person importing, or None for a system load; `notify=False` only for
    loading the historical seed documents, whose work nobody is newly given.
    """
    registry = AgencyRegistry.load()
    today = today or timezone.localdate()
    plans = validate(payload, registry, today=today)
    report = ImportReport(actor=actor)
    with transaction.atomic():
        for plan in plans:
            _import_directive(plan, actor=actor, today=today, report=report)
        if dry_run:
            transaction.set_rollback(True)
        elif notify:
            announce_new_assignments(report=report)
    return report


def announce_new_assignments(*, report: ImportReport) -> None:
    """After commit, tell the holders of the assignments this import or assignment created."""
    ids, actor = list(report.new_assignment_ids), report.actor
    if ids:
        transaction.on_commit(
            lambda: signals.assignment_created.send(
                sender=Assignment, assignment_ids=ids, actor_id=actor.pk if actor else None
            )
        )


def _import_directive(plan: DirectivePlan, *, actor, today, report: ImportReport) -> Directive:
    raw = plan.data
    directive = Directive.objects.filter(slug=raw["slug"]).first() or Directive(slug=raw["slug"], created_by=actor)
    _save_if_changed(
        directive,
        {
            "kind": raw["kind"],
            "number": raw.get("number") or "",
            "issued_on": datetime.date.fromisoformat(raw["issued_on"]) if raw.get("issued_on") else None,
            "issued_text": raw.get("issued_text") or "",
            "issuer": raw.get("issuer") or "UBND tỉnh Lạng Sơn",
            "title": raw.get("title") or "",
            "signer": raw.get("signer") or "",
            "signer_title": raw.get("signer_title") or "",
            "implements": list(raw.get("implements") or []),
            "recipients": list(raw.get("recipients") or []),
            "focal_agency": plan.focal_agency,
        },
        report,
        "directive",
    )
    report.slugs.append(directive.slug)
    sections = _import_sections(directive, raw.get("sections") or [], report)
    tasks = _import_tasks(directive, plan, sections, report, reference_day=reference_day(plan.data, today), today=today)
    _import_rules(directive, plan, report)
    _import_indicators(directive, plan, tasks, report)
    return directive


def _import_sections(directive, rows, report) -> dict[str, Section]:
    existing = {s.ref: s for s in directive.sections.all()}
    kept: dict[str, Section] = {}
    for position, row in enumerate(rows):
        section = existing.get(row["ref"]) or Section(directive=directive, ref=row["ref"])
        _save_if_changed(
            section,
            {
                "title": row.get("title") or "",
                "kind": row.get("kind") or SectionKind.TASKS,
                "parent": kept.get(row.get("parent")) if row.get("parent") else None,
                "position": position,
            },
            report,
            "section",
        )
        kept[section.ref] = section
    for ref, section in existing.items():
        if ref not in kept:
            section.delete()
            report.count("updated", "section_deleted")
    return kept


def _import_tasks(directive, plan, sections, report, *, reference_day, today) -> dict[str, Task]:
    existing = {t.ref: t for t in directive.tasks.all()}
    kept: dict[str, Task] = {}
    new_assignments: list[Assignment] = []
    holders = _Holders()
    for position, task_plan in enumerate(plan.tasks):
        row = task_plan.data
        task = existing.get(row["ref"]) or Task(directive=directive, ref=row["ref"])
        is_new = task.pk is None
        kind = row.get("deadline_kind") or DeadlineKind.NONE
        _save_if_changed(
            task,
            {
                "section": sections.get(row.get("section")) if row.get("section") else None,
                "position": position,
                "content": row["content"].strip(),
                "deadline_kind": kind,
                "due_on": datetime.date.fromisoformat(row["due"]) if row.get("due") else None,
                "due_text": row.get("due_text") or "",
                "recurrence": row.get("recurrence") or "",
                "note": row.get("note") or "",
                "output": row.get("output") or "",
            },
            report,
            "task",
        )
        kept[task.ref] = task
        new_assignments += _import_assignments(
            task, task_plan, report, reference_day=reference_day, today=today, holders=holders, is_new=is_new
        )
    # New assignments in bulk (with their history rows): a plan can make thousands at once.
    _bulk_create(new_assignments, report)
    for ref, task in existing.items():
        if ref not in kept:
            if Assignment.objects.filter(task=task).exclude(lifecycle=Lifecycle.NOT_STARTED).exists():
                raise ImportProblems(
                    [
                        f"Văn bản “{directive.slug}”, nhiệm vụ “{ref}”: đã có đơn vị thực hiện, không thể xóa khi nhập lại."
                    ]
                )
            task.delete()
            report.count("updated", "task_deleted")
    return kept


def desired_assignments(task_plan: TaskPlan, *, reference_day) -> dict[Agency, tuple[str, AgencyGroup | None]]:
    """Agency → (role, group it came through). A named agency beats a group; lead beats coordinating."""
    wanted: dict[Agency, tuple[str, AgencyGroup | None]] = {}
    for role, targets in (
        (AssignmentRole.LEAD, task_plan.leads),
        (AssignmentRole.COORDINATING, task_plan.coordinators),
    ):
        for target in targets:
            if isinstance(target, Agency) and target not in wanted:
                wanted[target] = (role, None)
    for role, targets in (
        (AssignmentRole.LEAD, task_plan.leads),
        (AssignmentRole.COORDINATING, task_plan.coordinators),
    ):
        for target in targets:
            if isinstance(target, AgencyGroup):
                for member in members_on(target, reference_day):
                    if member not in wanted:
                        wanted[member] = (role, target)
    return wanted


def task_assignments_sync(*, task: Task, task_plan: TaskPlan, reference_day, today, report: ImportReport):
    """Make one task's assignments match its plan (the import's rules), saving the new ones
    with their history (ids in `report.new_assignment_ids`). Used by the import and by office
    staff assigning in the browser."""
    new = _import_assignments(
        task, task_plan, report, reference_day=reference_day, today=today, holders=_Holders(), is_new=False
    )
    _bulk_create(new, report)
    return report


def _bulk_create(assignments: list[Assignment], report: ImportReport) -> None:
    created = bulk_create_with_history(assignments, Assignment, batch_size=500, default_user=report.actor)
    report.new_assignment_ids += [a.pk for a in created]
    for _ in created:
        report.count("created", "assignment")


class _Holders(dict):
    """Agency id → the agency holding its work now, each successor chain walked once."""

    def __missing__(self, agency: Agency) -> Agency:
        self[agency] = agency.current_holder()
        return self[agency]


def _import_assignments(task, task_plan, report, *, reference_day, today, holders, is_new) -> list[Assignment]:
    """Update the task's existing assignments in place; return the new ones, unsaved."""
    wanted = desired_assignments(task_plan, reference_day=reference_day)
    existing = {} if is_new else {a.agency_id: a for a in task.assignments.all()}
    new: list[Assignment] = []
    for agency, (role, group) in wanted.items():
        values = {"role": role, "via_group": group, "due_on": task.due_on, "withdrawn_on": None}
        assignment = existing.pop(agency.pk, None)
        if assignment is None:
            new.append(
                Assignment(task=task, agency=agency, holder=holders[agency], assigned_on=reference_day, **values)
            )
        else:
            _save_if_changed(assignment, values, report, "assignment")
    for assignment in existing.values():
        if assignment.withdrawn_on:
            continue
        if assignment.lifecycle == Lifecycle.NOT_STARTED and not assignment.updates.exists():
            assignment.delete()
            report.count("updated", "assignment_deleted")
        else:
            assignment._history_user = report.actor
            assignment.withdrawn_on = today
            assignment.save(update_fields=["withdrawn_on", "updated_at"])
            report.count("updated", "assignment_withdrawn")
    return new


def _rule_values(rule: dict, reporter) -> dict:
    period = rule["period"]
    return {
        "period": period,
        "due_on": datetime.date.fromisoformat(rule["due"]) if period == "once" else None,
        "day": rule.get("day") if period != "once" else None,
        "month_of_quarter": rule.get("month_of_quarter") if period == "quarterly" else None,
        "months": list(rule.get("months") or []) if period == "quarterly" else [],
        "month": rule.get("month") if period in ("annual", "half_yearly") else None,
        "reporter": reporter,
        "recipient": rule.get("recipient") or "",
        "text": rule.get("text") or "",
    }


def _import_rules(directive, plan, report) -> None:
    rules = list(directive.reporting_rules.all())
    rows = plan.data.get("reporting_rules") or []
    for position, (row, reporter) in enumerate(zip(rows, plan.rule_reporters, strict=True)):
        rule = rules[position] if position < len(rules) else ReportingRule(directive=directive)
        _save_if_changed(rule, {**_rule_values(row, reporter), "position": position}, report, "reporting_rule")
    for rule in rules[len(rows) :]:
        rule.delete()
        report.count("updated", "reporting_rule_deleted")


def _import_indicators(directive, plan, tasks, report) -> None:
    existing = {i.code: i for i in directive.indicators.prefetch_related("tasks")}
    kept = set()
    for position, row in enumerate(plan.data.get("indicators") or []):
        indicator = existing.get(row["code"]) or Indicator(directive=directive, code=row["code"])
        _save_if_changed(
            indicator,
            {
                "name": row["name"],
                "group": row["group"],
                "focal_agency": plan.indicator_agencies.get(row["code"]),
                "unit": row.get("unit") or "",
                "baseline": _dec(row.get("baseline")),
                "baseline_year": row.get("baseline_year"),
                "target": _dec(row.get("target")),
                "target_year": row.get("target_year"),
                "target_text": row.get("target_text") or "",
                "position": position,
            },
            report,
            "indicator",
        )
        wanted = {tasks[ref].pk for ref in row.get("tasks") or []}
        if wanted != {t.pk for t in indicator.tasks.all()}:
            indicator.tasks.set(wanted)
            report.count("updated", "indicator_tasks")
        kept.add(indicator.code)
    for code, indicator in existing.items():
        if code not in kept:
            indicator.delete()
            report.count("updated", "indicator_deleted")


def _dec(value):
    if value in (None, ""):
        return None
    return Decimal(str(value)).quantize(Decimal("0.0001"))
