"""The directive exchange format (docs/directive-json.md): validation of what comes in,
and the export of what is stored. Writing is in `directives.services.imports`."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from agencies.membership import target_refusal
from agencies.models import Agency, AgencyGroup
from agencies.registry import AgencyRegistry, UnknownAgencyName

from .deadlines import DeadlineKind, deadline_resolve
from .models import (
    Assignment,
    AssignmentRole,
    Directive,
    DirectiveKind,
    Indicator,
    ReportingPeriod,
    ReportingRule,
    Section,
    SectionKind,
    Task,
)

FORMAT_NAME = "langson-directives"
FORMAT_VERSION = 1


class ImportProblems(ValueError):
    """Everything wrong with a file, each message naming where (directive, row) and what."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class TaskPlan:
    data: dict
    leads: list[Agency | AgencyGroup] = field(default_factory=list)
    coordinators: list[Agency | AgencyGroup] = field(default_factory=list)


@dataclass
class DirectivePlan:
    data: dict
    focal_agency: Agency | None
    tasks: list[TaskPlan]
    indicator_agencies: dict[str, Agency | None]
    rule_reporters: list[Agency | None]


# --- the shape of the format (docs/directive-json.md) -----------------------------------
#
# Every value is checked for its JSON type before anything reads it, and every value that is
# stored is checked against its model field (length, slug characters, integer range), so a
# file of the wrong shape gets a list of Vietnamese messages, never a server error.

TEXT, TEXTS, NUMBER, INTEGER, INTEGERS, OBJECTS = "text", "texts", "number", "integer", "integers", "objects"
DIRECTIVE_SHAPE = {
    "slug": TEXT,
    "kind": TEXT,
    "number": TEXT,
    "issued_on": TEXT,
    "issued_text": TEXT,
    "issuer": TEXT,
    "title": TEXT,
    "signer": TEXT,
    "signer_title": TEXT,
    "implements": TEXTS,
    "focal_agency": TEXT,
    "recipients": TEXTS,
    "reporting_rules": OBJECTS,
    "sections": OBJECTS,
    "indicators": OBJECTS,
    "tasks": OBJECTS,
}
RULE_SHAPE = {
    "period": TEXT,
    "due": TEXT,
    "day": INTEGER,
    "month_of_quarter": INTEGER,
    "months": INTEGERS,
    "month": INTEGER,
    "reporter": TEXT,
    "recipient": TEXT,
    "text": TEXT,
}
SECTION_SHAPE = {"ref": TEXT, "title": TEXT, "parent": TEXT, "kind": TEXT}
INDICATOR_SHAPE = {
    "code": TEXT,
    "name": TEXT,
    "group": TEXT,
    "focal_agency": TEXT,
    "unit": TEXT,
    "baseline": NUMBER,
    "baseline_year": INTEGER,
    "target": NUMBER,
    "target_year": INTEGER,
    "target_text": TEXT,
    "tasks": TEXTS,
}
TASK_SHAPE = {
    "ref": TEXT,
    "section": TEXT,
    "content": TEXT,
    "lead": TEXTS,
    "coordinating": TEXTS,
    "deadline_kind": TEXT,
    "due": TEXT,
    "due_text": TEXT,
    "recurrence": TEXT,
    "note": TEXT,
}
# (key of a list in DIRECTIVE, shape of its items, model its values are stored in, how a
# message names an item)
CHILDREN = [
    ("reporting_rules", RULE_SHAPE, ReportingRule, "quy định báo cáo"),
    ("sections", SECTION_SHAPE, Section, "mục"),
    ("indicators", INDICATOR_SHAPE, Indicator, "chỉ số"),
    ("tasks", TASK_SHAPE, Task, "nhiệm vụ"),
]
# Dates a directive can carry; outside them a date is a typing slip, and date arithmetic
# (reminders a week before a deadline) would leave the calendar.
EARLIEST_DAY, LATEST_DAY = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)

_TYPE_NAMES = {
    TEXT: "một chuỗi chữ",
    TEXTS: "một danh sách chuỗi chữ",
    NUMBER: "một số",
    INTEGER: "một số nguyên",
    INTEGERS: "một danh sách số nguyên",
    OBJECTS: "một danh sách đối tượng",
}


def _json_type(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    return {str: "chuỗi", int: "số", float: "số", list: "danh sách", dict: "đối tượng"}.get(type(value), "null")


def _is(kind: str, value) -> bool:
    if value is None:
        return True  # a missing value is the field's default; required values are checked later
    if kind == TEXT:
        return isinstance(value, str)
    if kind == INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == NUMBER:
        return isinstance(value, int | float | str) and not isinstance(value, bool)
    if not isinstance(value, list):
        return False
    item = {TEXTS: TEXT, INTEGERS: INTEGER}.get(kind)
    if item:
        return all(v is not None and _is(item, v) for v in value)
    return all(isinstance(v, dict) for v in value)


def _shape_problems(values: dict, shape: dict, where: str) -> list[str]:
    return [
        _("%(where)s: “%(key)s” phải là %(kind)s, không phải %(got)s.")
        % {"where": where, "key": key, "kind": _TYPE_NAMES[kind], "got": _json_type(values[key])}
        for key, kind in shape.items()
        if key in values and not _is(kind, values[key])
    ]


def _limit_problems(values: dict, shape: dict, model, where: str) -> list[str]:
    """Each stored value against its model field's own validators (length, slug, range)."""
    problems = []
    for key in shape:
        value = values.get(key)
        if value in (None, "") or shape[key] not in (TEXT, INTEGER):
            continue
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:  # not a column (section, lead, due…): checked by the rules below
            continue
        if not field.concrete or field.is_relation:
            continue
        try:
            field.run_validators(value)
        except ValidationError as error:
            problems.append(
                _("%(where)s: %(field)s — %(error)s")
                % {"where": where, "field": field.verbose_name, "error": " ".join(error.messages)}
            )
    return problems


def shape_problems(raw: dict, where: str) -> list[str]:
    """Everything of the wrong type or past its field's limits in one directive, before any
    rule reads it: `"tasks": "not a list"` is named here, not met as an AttributeError."""
    problems = _shape_problems(raw, DIRECTIVE_SHAPE, where)
    if problems:
        return problems
    problems += _limit_problems(raw, DIRECTIVE_SHAPE, Directive, where)
    for key, shape, model, label in CHILDREN:
        for n, item in enumerate(raw.get(key) or [], start=1):
            item_where = _("%(where)s, %(label)s thứ %(n)s") % {"where": where, "label": label, "n": n}
            found = _shape_problems(item, shape, item_where)
            problems += found or _limit_problems(item, shape, model, item_where)
    return problems


def unwrap(payload) -> list[dict]:
    """The list of directives in a file: the wrapper object, a bare list, or one directive."""
    if isinstance(payload, dict) and "directives" in payload:
        if payload.get("format", FORMAT_NAME) != FORMAT_NAME:
            raise ImportProblems([_("Tệp không đúng định dạng “%(name)s”.") % {"name": FORMAT_NAME}])
        if not isinstance(payload["directives"], list):
            raise ImportProblems([_("Khóa “directives” phải là một danh sách văn bản.")])
        return payload["directives"]
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict) and "slug" in payload:
        return [payload]
    raise ImportProblems([_("Tệp không chứa danh sách văn bản (khóa “directives”).")])


def reference_day(raw: dict, today: datetime.date) -> datetime.date:
    """The day group membership is read on: the issue date, else the earliest deadline, else today."""
    try:
        if raw.get("issued_on"):
            return datetime.date.fromisoformat(raw["issued_on"])
        dues = [datetime.date.fromisoformat(t["due"]) for t in raw.get("tasks") or [] if t.get("due")]
        dues += [datetime.date.fromisoformat(r["due"]) for r in raw.get("reporting_rules") or [] if r.get("due")]
    except (TypeError, ValueError):
        return today  # a bad date is reported on its own line
    return min(dues) if dues else today


def validate(payload, registry: AgencyRegistry, *, today: datetime.date | None = None) -> list[DirectivePlan]:
    """Check a whole file before anything is written; raise ImportProblems listing every fault."""
    from django.utils import timezone

    today = today or timezone.localdate()
    directives = unwrap(payload)
    problems: list[str] = []
    plans: list[DirectivePlan] = []
    seen_slugs: set[str] = set()
    for index, raw in enumerate(directives, start=1):
        where = _("Văn bản thứ %(n)s") % {"n": index}
        if not isinstance(raw, dict):
            problems.append(_("%(where)s: không phải một đối tượng JSON.") % {"where": where})
            continue
        slug = raw.get("slug") or ""
        if slug and isinstance(slug, str):
            where = _("Văn bản “%(slug)s”") % {"slug": slug[:120]}
        found = shape_problems(raw, where)
        if found:
            problems += found
            continue
        plan = _validate_directive(raw, where, registry, problems, seen_slugs, today)
        if plan:
            plans.append(plan)
    if problems:
        raise ImportProblems(problems)
    return plans


def _agency(name, where, registry, problems, *, groups_allowed=True):
    try:
        found = registry.resolve(name)
    except UnknownAgencyName as error:
        hint = (_(" Có phải: %(names)s?") % {"names": "; ".join(error.suggestions)}) if error.suggestions else ""
        problems.append(
            _("%(where)s: cơ quan “%(name)s” không có trong danh mục.%(hint)s")
            % {"where": where, "name": name, "hint": hint}
        )
        return None
    if isinstance(found, AgencyGroup) and not groups_allowed:
        problems.append(_("%(where)s: “%(name)s” là một nhóm, ở đây cần một cơ quan.") % {"where": where, "name": name})
        return None
    return found


def _date(value, where, label, problems):
    if value in (None, ""):
        return None
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        problems.append(
            _("%(where)s: %(label)s “%(value)s” không phải ngày hợp lệ (YYYY-MM-DD).")
            % {"where": where, "label": label, "value": value}
        )
        return None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        problems.append(
            _("%(where)s: %(label)s “%(value)s” nằm ngoài khoảng %(first)s – %(last)s.")
            % {
                "where": where,
                "label": label,
                "value": value,
                "first": EARLIEST_DAY.strftime("%d/%m/%Y"),
                "last": LATEST_DAY.strftime("%d/%m/%Y"),
            }
        )
        return None
    return day


def _check_deadline(task: dict, where: str, issued, problems: list) -> None:
    """The deadline rule (`deadlines.deadline_resolve`); a file names its kind itself, so a date
    under a kind that carries none is a fault here, not a kind to derive."""
    kind = task.get("deadline_kind") or DeadlineKind.NONE
    due = _date(task.get("due"), where, _("thời hạn"), problems)
    try:
        resolved = deadline_resolve(kind=kind, due_on=due, recurrence=task.get("recurrence") or "", not_before=issued)
    except ValidationError as error:
        problems.extend(f"{where}: {message}" for message in error.messages)
        return
    if resolved.kind != kind:
        problems.append(
            _("%(where)s: thời hạn loại “%(kind)s” không mang ngày cụ thể hay chu kỳ.") % {"where": where, "kind": kind}
        )


def _number(value, where, label, problems):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        number = None
    # the model keeps 14 digits, 4 after the point: at most 10 before it
    if number is None or not number.is_finite() or abs(number) >= 10**10:
        problems.append(
            _("%(where)s: %(label)s “%(value)s” không phải số (tối đa 10 chữ số phần nguyên).")
            % {"where": where, "label": label, "value": value}
        )
        return None
    return number


def _validate_directive(raw, where, registry, problems, seen_slugs, today):
    before = len(problems)
    day = reference_day(raw, today)
    slug = raw.get("slug")
    if not slug:
        problems.append(_("%(where)s: thiếu mã định danh (slug).") % {"where": where})
    elif slug in seen_slugs:
        problems.append(_("%(where)s: mã định danh bị trùng trong tệp.") % {"where": where})
    seen_slugs.add(slug)
    if raw.get("kind") not in DirectiveKind.values:
        problems.append(
            _("%(where)s: loại văn bản “%(kind)s” không hợp lệ.") % {"where": where, "kind": raw.get("kind")}
        )
    issued = _date(raw.get("issued_on"), where, _("ngày ban hành"), problems)
    focal = (
        _agency(raw["focal_agency"], where, registry, problems, groups_allowed=False)
        if raw.get("focal_agency")
        else None
    )

    section_refs = set()
    for s_index, section in enumerate(raw.get("sections") or [], start=1):
        s_where = _("%(where)s, mục %(ref)s") % {"where": where, "ref": section.get("ref") or s_index}
        ref = section.get("ref")
        if not ref:
            problems.append(_("%(where)s: mục thiếu số hiệu.") % {"where": s_where})
        elif ref in section_refs:
            problems.append(_("%(where)s: số hiệu mục bị trùng.") % {"where": s_where})
        if section.get("parent") and section["parent"] not in section_refs:
            problems.append(
                _("%(where)s: mục cha “%(parent)s” không có (hoặc đứng sau mục con).")
                % {"where": s_where, "parent": section["parent"]}
            )
        if section.get("kind", SectionKind.TASKS) not in SectionKind.values:
            problems.append(_("%(where)s: loại mục không hợp lệ.") % {"where": s_where})
        section_refs.add(ref)

    tasks: list[TaskPlan] = []
    task_refs = set()
    for t_index, task in enumerate(raw.get("tasks") or [], start=1):
        ref = task.get("ref")
        t_where = _("%(where)s, nhiệm vụ dòng %(n)s (số hiệu %(ref)s)") % {
            "where": where,
            "n": t_index,
            "ref": ref or "?",
        }
        if not ref:
            problems.append(_("%(where)s: thiếu số hiệu nhiệm vụ.") % {"where": t_where})
        elif ref in task_refs:
            problems.append(_("%(where)s: số hiệu nhiệm vụ bị trùng.") % {"where": t_where})
        task_refs.add(ref)
        if not (task.get("content") or "").strip():
            problems.append(_("%(where)s: thiếu nội dung nhiệm vụ.") % {"where": t_where})
        if task.get("section") and task["section"] not in section_refs:
            problems.append(
                _("%(where)s: mục “%(section)s” không có trong văn bản.")
                % {"where": t_where, "section": task["section"]}
            )
        _check_deadline(task, t_where, issued, problems)
        plan = TaskPlan(data=task)
        for key, bucket in (("lead", plan.leads), ("coordinating", plan.coordinators)):
            for name in task.get(key) or []:
                found = _agency(name, t_where, registry, problems)
                if found is None:
                    continue
                refusal = target_refusal(found, day)
                if refusal:
                    problems.append(f"{t_where}: {refusal}")
                    continue
                bucket.append(found)
        tasks.append(plan)

    indicator_agencies = {}
    codes = set()
    for i_index, indicator in enumerate(raw.get("indicators") or [], start=1):
        code = indicator.get("code")
        i_where = _("%(where)s, chỉ số %(code)s") % {"where": where, "code": code or i_index}
        if not code or code in codes:
            problems.append(_("%(where)s: mã chỉ số thiếu hoặc bị trùng.") % {"where": i_where})
        codes.add(code)
        if indicator.get("group") not in {"PCI", "PGI", "EoDB", "GCI", "MUC_TIEU"}:
            problems.append(
                _("%(where)s: nhóm chỉ số “%(group)s” không hợp lệ.")
                % {"where": i_where, "group": indicator.get("group")}
            )
        for key, label in (("baseline", _("giá trị gốc")), ("target", _("mục tiêu"))):
            _number(indicator.get(key), i_where, label, problems)
        for ref in indicator.get("tasks") or []:
            if ref not in task_refs:
                problems.append(
                    _("%(where)s: nhiệm vụ “%(ref)s” không có trong văn bản.") % {"where": i_where, "ref": ref}
                )
        name = indicator.get("focal_agency")
        indicator_agencies[code] = _agency(name, i_where, registry, problems, groups_allowed=False) if name else None

    reporters = []
    for r_index, rule in enumerate(raw.get("reporting_rules") or [], start=1):
        r_where = _("%(where)s, quy định báo cáo %(n)s") % {"where": where, "n": r_index}
        period = rule.get("period")
        if period not in ReportingPeriod.values:
            problems.append(
                _("%(where)s: kỳ báo cáo “%(period)s” không hợp lệ.") % {"where": r_where, "period": period}
            )
        elif period == ReportingPeriod.ONCE and not _date(rule.get("due"), r_where, _("hạn báo cáo"), problems):
            problems.append(_("%(where)s: báo cáo một lần cần ngày “due”.") % {"where": r_where})
        elif period == ReportingPeriod.QUARTERLY and not (
            rule.get("day") and rule.get("month_of_quarter") in (1, 2, 3)
        ):
            problems.append(_("%(where)s: báo cáo quý cần “day” và “month_of_quarter” (1–3).") % {"where": r_where})
        elif period in (ReportingPeriod.ANNUAL, ReportingPeriod.HALF_YEARLY) and not (
            rule.get("day") and rule.get("month") in range(1, 13)
        ):
            problems.append(_("%(where)s: báo cáo năm cần “day” và “month”.") % {"where": r_where})
        reporter = rule.get("reporter") or "all"
        reporters.append(
            None if reporter == "all" else _agency(reporter, r_where, registry, problems, groups_allowed=False)
        )

    if len(problems) > before:
        return None
    return DirectivePlan(
        data=raw, focal_agency=focal, tasks=tasks, indicator_agencies=indicator_agencies, rule_reporters=reporters
    )


# --- export -----------------------------------------------------------------------------


def _iso(day):
    return day.isoformat() if day else None


def _decimal(value):
    if value is None:
        return None
    normalised = value.normalize()
    return int(normalised) if normalised == normalised.to_integral() else float(normalised)


def export_directives(directives) -> dict:
    """The whole of each directive in the exchange format; a fixed number of queries."""
    queryset = directives.select_related("focal_agency").prefetch_related(
        "sections__parent",
        "reporting_rules__reporter",
        Prefetch("indicators__tasks"),
        "indicators__focal_agency",
        Prefetch(
            "tasks__assignments",
            queryset=Assignment.objects.filter(withdrawn_on__isnull=True).select_related("agency", "via_group"),
        ),
        "tasks__section",
    )
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "directives": [directive_to_dict(d) for d in queryset]}


def _names_for_role(assignments, role) -> list[str]:
    names: list[str] = []
    for assignment in assignments:
        if assignment.role != role:
            continue
        name = assignment.via_group.name if assignment.via_group_id else assignment.agency.name
        if name not in names:
            names.append(name)
    return names


def directive_to_dict(directive: Directive) -> dict:
    tasks = sorted(directive.tasks.all(), key=lambda t: t.position)
    return {
        "slug": directive.slug,
        "kind": directive.kind,
        "number": directive.number or None,
        "issued_on": _iso(directive.issued_on),
        "issued_text": directive.issued_text,
        "issuer": directive.issuer,
        "title": directive.title,
        "signer": directive.signer or None,
        "signer_title": directive.signer_title,
        "implements": list(directive.implements),
        "focal_agency": directive.focal_agency.name if directive.focal_agency_id else None,
        "recipients": list(directive.recipients),
        "reporting_rules": [_rule_to_dict(rule) for rule in directive.reporting_rules.all()],
        "sections": [
            {
                "ref": s.ref,
                "title": s.title,
                "parent": s.parent.ref if s.parent_id else None,
                "kind": s.kind,
            }
            for s in sorted(directive.sections.all(), key=lambda s: s.position)
        ],
        "indicators": [
            {
                "code": i.code,
                "name": i.name,
                "group": i.group,
                "focal_agency": i.focal_agency.name if i.focal_agency_id else None,
                "unit": i.unit,
                "baseline": _decimal(i.baseline),
                "baseline_year": i.baseline_year,
                "target": _decimal(i.target),
                "target_year": i.target_year,
                "target_text": i.target_text,
                "tasks": [t.ref for t in sorted(i.tasks.all(), key=lambda t: t.position)],
            }
            for i in sorted(directive.indicators.all(), key=lambda i: i.position)
        ],
        "tasks": [
            {
                "ref": t.ref,
                "section": t.section.ref if t.section_id else None,
                "content": t.content,
                "lead": _names_for_role(sorted(t.assignments.all(), key=lambda a: a.pk), AssignmentRole.LEAD),
                "coordinating": _names_for_role(
                    sorted(t.assignments.all(), key=lambda a: a.pk), AssignmentRole.COORDINATING
                ),
                "deadline_kind": t.deadline_kind,
                "due": _iso(t.due_on),
                "due_text": t.due_text,
                "recurrence": t.recurrence,
                "note": t.note,
                # only when the plan names one: exports of directives without outputs stay as they were
                **({"output": t.output} if t.output else {}),
            }
            for t in tasks
        ],
    }


def _rule_to_dict(rule) -> dict:
    out = {"period": rule.period}
    if rule.period == ReportingPeriod.ONCE:
        out["due"] = _iso(rule.due_on)
    elif rule.period == ReportingPeriod.QUARTERLY:
        out.update(day=rule.day, month_of_quarter=rule.month_of_quarter)
        if rule.months:
            out["months"] = list(rule.months)
    else:
        out.update(day=rule.day, month=rule.month)
    out.update(
        reporter=rule.reporter.name if rule.reporter_id else "all",
        recipient=rule.recipient,
        text=rule.text,
    )
    return out
