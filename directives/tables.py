"""Tables of the list pages. HTML cells link and show badges; value_* give the plain text
that CSV and Excel exports carry."""

import functools
from urllib.parse import quote

import django_tables2 as tables
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from langson_portal.tables import FastTable
from langson_portal.template_filters import UNKNOWN

from .models import Assignment, Directive, Task
from .selectors import Progress, overall_status, status_counts
from .status import StatusCategory

_MARKER = 987654321  # stands for the one argument while a URL is reversed once (an int: fits int and slug)


@functools.lru_cache(maxsize=128)
def _url_parts(name: str, kwarg: str, urlconf, prefix: str) -> tuple[str, str] | None:
    try:
        url = reverse(name, kwargs={kwarg: _MARKER})
    except NoReverseMatch:
        return None
    head, _, tail = url.partition(str(_MARKER))
    return head, tail


def fast_reverse(name: str, **kwargs) -> str | None:
    """reverse() for a URL of one int or slug argument, its pattern resolved once per process:
    a table page links three times a row, and reverse() was a fifth of its render time."""
    ((kwarg, value),) = kwargs.items()
    parts = _url_parts(name, kwarg, get_urlconf(), get_script_prefix())
    if parts is None:
        return None
    return parts[0] + quote(str(value), safe="-_") + parts[1]


@functools.lru_cache(maxsize=64)
def _choice_labels(field, language: str) -> dict:
    return {value: str(label) for value, label in field.flatchoices}


def choice_label(record, name: str) -> str:
    """get_FOO_display() with the labels translated once per process and language."""
    field = record._meta.get_field(name)
    value = getattr(record, name)
    return _choice_labels(field, get_language()).get(value, value)


def link(url: str | None, text) -> str:
    """format_html('<a href="{}">{}</a>', url, text) written out: three calls a row."""
    text = conditional_escape(text)
    return SafeString(f'<a href="{conditional_escape(url)}">{text}</a>') if url else text


def status_badge(category: str) -> str:
    return _status_badge(category, get_language())


@functools.lru_cache(maxsize=64)
def _status_badge(category: str, language: str) -> str:
    return format_html('<span class="badge status-{}">{}</span>', category, StatusCategory(category).label)


def agency_label(assignment) -> str:
    """The agency the document named, and the one holding the work now when it has changed."""
    agency, holder = assignment.agency, assignment.holder
    if holder.pk != agency.pk:
        return f"{agency.name} → {_('nay')}: {holder.name}"
    if agency.closed_on and agency.successor_id:
        return f"{agency.name} → {_('nay')}: {agency.successor.name}"
    return agency.name


def agency_html(assignment) -> str:
    agency, holder = assignment.agency, assignment.holder
    now = holder if holder.pk != agency.pk else (agency.successor if agency.closed_on and agency.successor_id else None)
    named = link(fast_reverse("agencies:detail", code=agency.code), agency.display_short)
    if now is None:
        return named
    return format_html(
        '{} <span class="successor">→ {}: {}</span>',
        named,
        _("nay"),
        link(fast_reverse("agencies:detail", code=now.code), now.display_short),
    )


def deadline_text(assignment) -> str:
    if assignment.effective_due_on is None:
        return assignment.task.due_text or str(_("Không có thời hạn"))
    text = assignment.effective_due_on.strftime("%d/%m/%Y")
    if assignment.extended_due_on and assignment.due_on and assignment.extended_due_on != assignment.due_on:
        text += f" ({_('gia hạn từ')} {assignment.due_on:%d/%m/%Y})"
    return text


class AssignmentTable(FastTable):
    directive = tables.Column(
        verbose_name=_("Văn bản"),
        accessor="task__directive",
        order_by=("task__directive__issued_on", "task__directive__slug"),
    )
    task_ref = tables.Column(verbose_name=_("Số hiệu"), accessor="task__ref", orderable=False)
    task = tables.Column(verbose_name=_("Nhiệm vụ"), accessor="task__content", orderable=False)
    agency = tables.Column(verbose_name=_("Cơ quan"), accessor="agency__name", order_by=("agency__name",))
    role = tables.Column(verbose_name=_("Vai trò"))
    effective_due_on = tables.Column(verbose_name=_("Thời hạn"), order_by=("effective_due_on", "id"))
    status = tables.Column(verbose_name=_("Tình trạng so với thời hạn"), orderable=False)
    lifecycle = tables.Column(verbose_name=_("Tình trạng thực hiện"))
    progress_percent = tables.Column(verbose_name=_("Tiến độ (%)"))
    completed_on = tables.DateColumn(verbose_name=_("Ngày hoàn thành"), format="d/m/Y", visible=False)

    class Meta:
        model = Assignment
        fields: list[str] = []
        sequence = (
            "directive",
            "task_ref",
            "task",
            "agency",
            "role",
            "effective_due_on",
            "status",
            "lifecycle",
            "progress_percent",
            "completed_on",
        )
        order_by = ("effective_due_on",)
        empty_text = _("Không có phân công nào khớp điều kiện lọc.")
        template_name = "lists/table.html"

    def render_directive(self, record):
        directive = record.task.directive
        return link(fast_reverse("directives:directive_detail", slug=directive.slug), directive.display_number)

    def value_directive(self, record):
        return record.task.directive.display_number

    def render_task(self, record):
        text = record.task.content if len(record.task.content) <= 160 else record.task.content[:157] + "…"
        return link(fast_reverse("directives:assignment_detail", pk=record.pk), text)

    def value_task(self, record):
        return record.task.content

    def render_agency(self, record):
        return agency_html(record)

    def value_agency(self, record):
        return agency_label(record)

    def render_role(self, record):
        return choice_label(record, "role")

    def value_role(self, record):
        return record.get_role_display()

    def render_effective_due_on(self, record):
        return deadline_text(record)

    def value_effective_due_on(self, record):
        return record.effective_due_on

    def render_status(self, record):
        return status_badge(record.status)

    def value_status(self, record):
        return StatusCategory(record.status).label

    def render_lifecycle(self, record):
        return choice_label(record, "lifecycle")

    def value_lifecycle(self, record):
        return record.get_lifecycle_display()

    def value_completed_on(self, record):
        return record.completed_on


class TaskTable(FastTable):
    directive = tables.Column(
        verbose_name=_("Văn bản"),
        accessor="directive",
        order_by=("directive__issued_on", "directive__slug", "position"),
    )
    ref = tables.Column(verbose_name=_("Số hiệu"), orderable=False)
    content = tables.Column(verbose_name=_("Nội dung nhiệm vụ"), orderable=False)
    due_on = tables.Column(verbose_name=_("Thời hạn"), order_by=("due_on", "id"))
    agencies = tables.Column(verbose_name=_("Cơ quan chủ trì / phối hợp"), empty_values=(), orderable=False)
    overall = tables.Column(verbose_name=_("Tình trạng chung"), empty_values=(), orderable=False)

    class Meta:
        model = Task
        fields: list[str] = []
        sequence = ("directive", "ref", "content", "due_on", "agencies", "overall")
        empty_text = _("Không có nhiệm vụ nào khớp điều kiện lọc.")
        template_name = "lists/table.html"

    def render_directive(self, record):
        return link(
            fast_reverse("directives:directive_detail", slug=record.directive.slug), record.directive.display_number
        )

    def value_directive(self, record):
        return record.directive.display_number

    def render_content(self, record):
        text = record.content if len(record.content) <= 200 else record.content[:197] + "…"
        return link(fast_reverse("directives:task_detail", pk=record.pk), text)

    def render_due_on(self, record):
        return record.due_text or (record.due_on.strftime("%d/%m/%Y") if record.due_on else _("Không có thời hạn"))

    def value_due_on(self, record):
        return record.due_on or record.due_text

    def render_agencies(self, record):
        return format_html_join(
            "",
            '<div class="agency-line"><span class="role role-{}">{}</span> {} {}</div>',
            (
                (a.role, a.get_role_display(), agency_html(a), status_badge(a.status))
                for a in record.visible_assignments
            ),
        )

    def value_agencies(self, record):
        return "; ".join(
            f"{a.get_role_display()}: {agency_label(a)} ({StatusCategory(a.status).label})"
            for a in record.visible_assignments
        )

    def render_overall(self, record):
        category = overall_status([a.status for a in record.visible_assignments])
        return status_badge(category) if category else "—"

    def value_overall(self, record):
        category = overall_status([a.status for a in record.visible_assignments])
        return StatusCategory(category).label if category else ""


class DirectiveTable(FastTable):
    number = tables.Column(verbose_name=_("Số, ký hiệu"), order_by=("number", "slug"), empty_values=())
    kind = tables.Column(verbose_name=_("Loại"))
    issued_on = tables.DateColumn(
        verbose_name=_("Ngày ban hành"), format="d/m/Y", order_by=("issued_on", "slug"), default=UNKNOWN
    )
    title = tables.Column(verbose_name=_("Trích yếu"), orderable=False)
    focal_agency = tables.Column(
        verbose_name=_("Cơ quan đầu mối"), accessor="focal_agency__name", orderable=False, default=UNKNOWN
    )
    progress = tables.Column(verbose_name=_("Tiến độ"), empty_values=(), orderable=False)
    overdue = tables.Column(verbose_name=_("Quá hạn"), empty_values=(), orderable=False)

    class Meta:
        model = Directive
        fields: list[str] = []
        sequence = ("number", "kind", "issued_on", "title", "focal_agency", "progress", "overdue")
        order_by = ("-issued_on",)
        empty_text = _("Không có văn bản nào khớp điều kiện lọc.")
        template_name = "lists/table.html"

    def render_number(self, record):
        return link(record.get_absolute_url(), record.display_number)

    def value_number(self, record):
        return str(record.display_number)

    def render_kind(self, record):
        return record.get_kind_display()

    def value_kind(self, record):
        return record.get_kind_display()

    def render_title(self, record):
        return link(record.get_absolute_url(), record.title)

    def value_title(self, record):
        return record.title

    def value_issued_on(self, record):
        return record.issued_on

    def value_focal_agency(self, record):
        return record.focal_agency.name if record.focal_agency_id else ""

    def prepare_records(self, records):
        """Progress of these directives, counted over the assignments the user may see."""
        ids = [d.pk for d in records]
        visible = Assignment.objects.filter(task__directive_id__in=ids).visible_to(self.request.user)
        counts = status_counts(assignments=visible, today=timezone.localdate(), by="task__directive_id")
        for directive in records:
            directive.progress = Progress(counts.get(directive.pk))

    def render_progress(self, record):
        progress = getattr(record, "progress", None)
        if progress is None or not progress.total:
            return "—"
        return format_html(
            '<progress max="100" value="{}"></progress> {}% <span class="muted">({}/{})</span>',
            progress.percent_done,
            progress.percent_done,
            progress.done,
            progress.total,
        )

    def value_progress(self, record):
        progress = getattr(record, "progress", None)
        return progress.percent_done if progress else ""

    def render_overdue(self, record):
        progress = getattr(record, "progress", None)
        return progress.overdue if progress else 0

    def value_overdue(self, record):
        progress = getattr(record, "progress", None)
        return progress.overdue if progress else ""
