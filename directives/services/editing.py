"""Office staff's writes to directives: the document, its sections, reporting rules, tasks
and who is assigned to them.

Assigning agencies reuses the import's rules (`desired_assignments` and the same apply
step): a group expands to its members, a named agency beats a group, and an agency taken
off a task after its work started is withdrawn, never deleted, so its history stays.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from agencies.membership import target_refusal
from agencies.models import Agency, AgencyGroup
from langson_portal.services import model_update
from langson_portal.text import fold

from ..deadlines import DeadlineKind, deadline_resolve
from ..exchange import TaskPlan
from ..models import Assignment, Directive, DirectiveState, ReportingRule, Section, Task
from ..permissions import can_manage
from .imports import ImportReport, announce_new_assignments, task_assignments_sync

DIRECTIVE_FIELDS = (
    "kind",
    "number",
    "issued_on",
    "issued_text",
    "issuer",
    "title",
    "signer",
    "signer_title",
    "focal_agency",
)
TASK_FIELDS = ("section", "ref", "position", "content", "deadline_kind", "due_on", "due_text", "recurrence", "note")
SECTION_FIELDS = ("ref", "title", "kind", "position", "parent")
RULE_FIELDS = ("period", "due_on", "day", "month_of_quarter", "month", "reporter", "recipient", "text", "position")


def _require_manager(actor) -> None:
    if not can_manage(actor):
        raise PermissionDenied(_("Chỉ chuyên viên theo dõi mới được sửa văn bản và nhiệm vụ."))


def _fresh(instance):
    """The row as stored: a form may already have written its values onto the caller's object."""
    return type(instance)._default_manager.select_for_update().get(pk=instance.pk)


def _unique_slug(values: dict) -> str:
    year = values["issued_on"].year if values.get("issued_on") else timezone.localdate().year
    base = slugify(fold(f"{values['kind']} {values.get('number') or ''} {year}"))[:100] or "van-ban"
    slug, n = base, 2
    while Directive.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def directive_create(*, actor, values: dict, sections=(), rules=()) -> Directive:
    _require_manager(actor)
    with transaction.atomic():
        directive = Directive(created_by=actor, slug=values.get("slug") or _unique_slug(values))
        model_update(instance=directive, data=values, fields=DIRECTIVE_FIELDS, actor=actor)
        directive_sections_save(directive=directive, actor=actor, rows=sections)
        reporting_rules_save(directive=directive, actor=actor, rows=rules)
    return directive


def directive_update(*, directive: Directive, actor, values: dict, sections=(), rules=()) -> Directive:
    _require_manager(actor)
    with transaction.atomic():
        directive = _fresh(directive)
        model_update(instance=directive, data=values, fields=DIRECTIVE_FIELDS, actor=actor)
        directive_sections_save(directive=directive, actor=actor, rows=sections)
        reporting_rules_save(directive=directive, actor=actor, rows=rules)
    return directive


def directive_close(*, directive: Directive, actor, closed_on: datetime.date | None = None) -> Directive:
    """Stop following a directive (kết thúc theo dõi); its tasks and history stay."""
    _require_manager(actor)
    if directive.state == DirectiveState.CLOSED:
        raise ValidationError(_("Văn bản đã kết thúc theo dõi."))
    with transaction.atomic():
        directive._history_user = actor
        directive.state = DirectiveState.CLOSED
        directive.closed_on = closed_on or timezone.localdate()
        directive.save(update_fields=["state", "closed_on", "updated_at"])
    return directive


def directive_sections_save(*, directive: Directive, actor, rows) -> None:
    """Rows: {"instance": Section | None, "delete": bool, **fields}; deleting a section keeps its tasks."""
    _directive_rows_save(
        directive=directive,
        actor=actor,
        rows=rows,
        model=Section,
        fields=SECTION_FIELDS,
        foreign=_("Mục không thuộc văn bản này."),
    )


def reporting_rules_save(*, directive: Directive, actor, rows) -> None:
    """Rows: {"instance": ReportingRule | None, "delete": bool, **fields}."""
    _directive_rows_save(
        directive=directive,
        actor=actor,
        rows=rows,
        model=ReportingRule,
        fields=RULE_FIELDS,
        foreign=_("Quy định báo cáo không thuộc văn bản này."),
        clean_new=True,
    )


def _directive_rows_save(*, directive, actor, rows, model, fields, foreign, clean_new=False) -> None:
    """Create, change or delete rows that belong to one directive (sections, reporting rules);
    a row of another directive is refused."""
    _require_manager(actor)
    for row in rows:
        instance = row.get("instance")
        if instance is not None and instance.directive_id != directive.pk:
            raise PermissionDenied(foreign)
        if row.get("delete"):
            if instance is not None:
                instance._history_user = actor
                instance.delete()
            continue
        if instance is None:
            instance = model(directive=directive, **{name: row[name] for name in fields if name in row})
            if clean_new:
                instance.full_clean(exclude=["directive"])
        else:
            instance = _fresh(instance)
        model_update(instance=instance, data=row, fields=fields, actor=actor)


NO_LEAD_MESSAGE = _lazy(
    "Chưa chọn cơ quan chủ trì. Chọn cơ quan, hoặc đánh dấu “Lưu khi chưa giao cơ quan nào” để đưa nhiệm vụ "
    "vào danh sách chưa giao việc."
)


def _check_deadline(values: dict, directive: Directive) -> dict:
    """The deadline rule of `directives.deadlines.deadline_resolve`, on the values of a task."""
    deadline = deadline_resolve(
        kind=values.get("deadline_kind") or DeadlineKind.NONE,
        due_on=values.get("due_on"),
        recurrence=values.get("recurrence") or "",
        due_text=values.get("due_text") or "",
        not_before=directive.issued_on,
    )
    return {
        **values,
        "deadline_kind": deadline.kind,
        "due_on": deadline.due_on,
        "due_text": deadline.due_text,
        "recurrence": deadline.recurrence,
    }


def _check_leads(leads, unassigned_ok: bool) -> None:
    if not leads and not unassigned_ok:
        raise ValidationError({"leads": NO_LEAD_MESSAGE})


def task_create(
    *, directive: Directive, actor, values: dict, leads=(), coordinators=(), unassigned_ok: bool = False
) -> Task:
    """A new task of the directive; without a lead only when office staff say so
    (`unassigned_ok`): it then waits in the "chưa giao việc" list of the tracking overview."""
    _require_manager(actor)
    values = _check_deadline(values, directive)
    _check_leads(leads, unassigned_ok)
    with transaction.atomic():
        task = Task(directive=directive)
        model_update(instance=task, data=values, fields=TASK_FIELDS, actor=actor)
        task_assign(task=task, actor=actor, leads=leads, coordinators=coordinators)
    return task


def task_update(*, task: Task, actor, values: dict, leads=None, coordinators=None, unassigned_ok: bool = False) -> Task:
    """Change a task; a new deadline moves the deadline of every assignment still open on it."""
    _require_manager(actor)
    values = _check_deadline(values, task.directive)
    if leads is not None:
        _check_leads(leads, unassigned_ok)
    with transaction.atomic():
        task = _fresh(task)
        changed = model_update(instance=task, data=values, fields=TASK_FIELDS, actor=actor)
        if "due_on" in changed:
            for assignment in task.assignments.filter(withdrawn_on__isnull=True):
                model_update(instance=assignment, data={"due_on": task.due_on}, actor=actor)
        if leads is not None:
            task_assign(task=task, actor=actor, leads=leads, coordinators=coordinators or [])
    return task


def task_assign(*, task: Task, actor, leads, coordinators) -> list[Assignment]:
    """Make the task's assignments match the named agencies and groups (chủ trì, phối hợp).

    Returns the assignments this call created; `assignment_created` is sent for them after commit.
    """
    _require_manager(actor)
    for target in [*leads, *coordinators]:
        if not isinstance(target, Agency | AgencyGroup):
            raise ValidationError(_("Chỉ giao được cho cơ quan hoặc nhóm cơ quan."))
    if not leads and coordinators:
        raise ValidationError({"leads": _("Cần ít nhất một cơ quan chủ trì khi đã có cơ quan phối hợp.")})
    today = timezone.localdate()
    # Groups bind the members active on the directive's issue date (today without one).
    day = task.directive.issued_on or today
    refusals = {}
    for field, targets in (("leads", leads), ("coordinators", coordinators)):
        messages = [m for m in (target_refusal(t, day) for t in targets) if m]
        if messages:
            refusals[field] = messages
    if refusals:
        raise ValidationError(refusals)
    with transaction.atomic():
        plan = TaskPlan(data={}, leads=list(leads), coordinators=list(coordinators))
        report = ImportReport(actor=actor)
        task_assignments_sync(task=task, task_plan=plan, reference_day=day, today=today, report=report)
        announce_new_assignments(report=report)
    return list(Assignment.objects.filter(pk__in=report.new_assignment_ids).order_by("pk"))


def current_targets(task: Task) -> tuple[list, list]:
    """The agencies and groups a task is given to now, as the edit form shows them."""
    leads: list = []
    coordinators: list = []
    for assignment in task.assignments.filter(withdrawn_on__isnull=True).select_related("agency", "via_group"):
        target = assignment.via_group or assignment.agency
        bucket = leads if assignment.is_lead else coordinators
        if target not in bucket:
            bucket.append(target)
    return leads, coordinators
