"""Office staff enter and edit directives, their sections, reporting rules and tasks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from langson_portal.actions import post_action

from ..forms import CloseDirectiveForm, DirectiveForm, ReportingRuleFormSetFactory, SectionFormSetFactory, TaskForm
from ..history import history_for
from ..models import Assignment, Directive, ReportingRule, Section, Task
from ..permissions import can_manage
from ..services import editing as services


def _require_manager(request):
    if not can_manage(request.user):
        raise PermissionDenied(_("Chỉ chuyên viên theo dõi mới được soạn, sửa văn bản và nhiệm vụ."))


def _add_service_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _directive_forms(request, directive):
    data = request.POST if request.method == "POST" else None
    return (
        DirectiveForm(data, instance=directive),
        SectionFormSetFactory(data, directive=directive, prefix="sections"),
        ReportingRuleFormSetFactory(data, directive=directive, prefix="rules"),
    )


def _render_directive_form(request, directive, form, sections, rules, status=200):
    context = {"directive": directive, "form": form, "sections": sections, "rules": rules}
    if directive and directive.pk:
        context["tasks"] = directive.tasks.select_related("section").prefetch_related(
            Prefetch(
                "assignments", queryset=Assignment.objects.filter(withdrawn_on__isnull=True).select_related("agency")
            )
        )
        context["close_form"] = CloseDirectiveForm()
        context["history"] = history_for(
            [
                Directive.history.filter(id=directive.pk),
                Section.history.filter(directive_id=directive.pk),
                ReportingRule.history.filter(directive_id=directive.pk),
                Task.history.filter(directive_id=directive.pk),
            ]
        )
    return render(request, "directives/directive_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def directive_create(request):
    _require_manager(request)
    form, sections, rules = _directive_forms(request, None)
    if request.method == "POST" and form.is_valid() and sections.is_valid() and rules.is_valid():
        try:
            directive = services.directive_create(
                actor=request.user, values=form.cleaned_data, sections=sections.rows(), rules=rules.rows()
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Đã tạo văn bản. Thêm các nhiệm vụ bên dưới."))
            return redirect("directives:directive_edit", slug=directive.slug)
    status = 400 if request.method == "POST" else 200
    if status == 400:
        messages.error(request, _("Chưa lưu được: kiểm tra các mục báo lỗi bên dưới."))
    return _render_directive_form(request, None, form, sections, rules, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def directive_edit(request, slug: str):
    _require_manager(request)
    directive = get_object_or_404(Directive, slug=slug)
    form, sections, rules = _directive_forms(request, directive)
    if request.method == "POST" and form.is_valid() and sections.is_valid() and rules.is_valid():
        try:
            services.directive_update(
                directive=directive,
                actor=request.user,
                values=form.cleaned_data,
                sections=sections.rows(),
                rules=rules.rows(),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu văn bản."))
            return redirect("directives:directive_edit", slug=directive.slug)
    status = 400 if request.method == "POST" else 200
    if status == 400:
        messages.error(request, _("Chưa lưu được: kiểm tra các mục báo lỗi bên dưới."))
        directive.refresh_from_db()
    return _render_directive_form(request, directive, form, sections, rules, status=status)


@login_required
@post_action(lambda request, slug: reverse("directives:directive_edit", kwargs={"slug": slug}))
def directive_close(request, slug: str):
    _require_manager(request)
    directive = get_object_or_404(Directive, slug=slug)
    form = CloseDirectiveForm(request.POST)
    if form.is_valid():
        try:
            services.directive_close(directive=directive, actor=request.user, closed_on=form.cleaned_data["closed_on"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã kết thúc theo dõi văn bản."))
    else:
        messages.error(request, _("Ngày kết thúc theo dõi không hợp lệ."))
    return redirect("directives:directive_edit", slug=directive.slug)


def _render_task_form(request, directive, task, form, status=200):
    context = {"directive": directive, "task": task, "form": form}
    if task is not None:
        context["history"] = history_for(
            [
                Task.history.filter(id=task.pk),
                Assignment.history.filter(task_id=task.pk),
            ]
        )
        context["assignments"] = task.assignments.select_related("agency", "holder", "via_group")
    return render(request, "directives/task_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def task_create(request, slug: str):
    _require_manager(request)
    directive = get_object_or_404(Directive, slug=slug)
    next_position = (directive.tasks.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    form = TaskForm(request.POST or None, directive=directive, initial={"position": next_position})
    if request.method == "POST":
        if form.is_valid():
            leads, coordinators = form.targets()
            try:
                task = services.task_create(
                    directive=directive,
                    actor=request.user,
                    values=form.values(),
                    leads=leads,
                    coordinators=coordinators,
                    unassigned_ok=form.cleaned_data["unassigned_ok"],
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, _("Đã thêm nhiệm vụ %(ref)s.") % {"ref": task.ref})
                return redirect("directives:directive_edit", slug=directive.slug)
        messages.error(request, _("Chưa lưu được: kiểm tra các mục báo lỗi bên dưới."))
        return _render_task_form(request, directive, None, form, status=400)
    return _render_task_form(request, directive, None, form)


@require_http_methods(["GET", "POST"])
@login_required
def task_edit(request, pk: int):
    _require_manager(request)
    task = get_object_or_404(Task.objects.select_related("directive"), pk=pk)
    leads, coordinators = services.current_targets(task)
    form = TaskForm(
        request.POST or None, instance=task, directive=task.directive, leads=leads, coordinators=coordinators
    )
    if request.method == "POST":
        if form.is_valid():
            leads, coordinators = form.targets()
            try:
                services.task_update(
                    task=task,
                    actor=request.user,
                    values=form.values(),
                    leads=leads,
                    coordinators=coordinators,
                    unassigned_ok=form.cleaned_data["unassigned_ok"],
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu nhiệm vụ %(ref)s.") % {"ref": task.ref})
                return redirect("directives:task_detail", pk=task.pk)
        messages.error(request, _("Chưa lưu được: kiểm tra các mục báo lỗi bên dưới."))
        task.refresh_from_db()
        return _render_task_form(request, task.directive, task, form, status=400)
    return _render_task_form(request, task.directive, task, form)
