"""The pages where agencies work on their assignments and office staff decide on that work.

GET pages only read. Each action posts to its own URL; the assignment or request comes
from the URL through the permission helpers (404 when the user may not see it, 403 when
they may see but not act), never from a posted id.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from collaboration import views as collaboration
from langson_portal.actions import post_action
from langson_portal.uploads import stored_file_response

from ..forms import (
    ConfirmForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    MarkDoneForm,
    ProgressForm,
    ReturnForm,
    WithdrawCompletionForm,
)
from ..permissions import can_manage, can_work_on
from ..selectors_work import (
    assignment_for_page,
    assignment_page_data,
    evidence_for_download,
    extension_request_for_decision,
    task_for_page,
    task_page_data,
)
from ..services import work as services
from ..status import Lifecycle


def _forms_for(user, assignment, bound: dict):
    """The forms the user may use on this assignment; a bound (failed) one replaces its blank twin."""
    forms = {}
    if can_work_on(user, assignment):
        if assignment.lifecycle not in services.CLOSED_LIFECYCLES:
            forms["progress_form"] = ProgressForm(assignment=assignment)
            forms["done_form"] = MarkDoneForm()
            if assignment.effective_due_on:
                forms["extension_form"] = ExtensionRequestForm(assignment=assignment)
    if assignment.lifecycle == Lifecycle.AWAITING_CONFIRMATION and services.may_withdraw(
        user, assignment, asker_id=None
    ):
        forms["withdraw_form"] = WithdrawCompletionForm()
    forms["may_withdraw"] = services.may_withdraw(user, assignment, asker_id=None)
    if can_manage(user) and assignment.lifecycle == Lifecycle.AWAITING_CONFIRMATION:
        forms["confirm_form"] = ConfirmForm()
        forms["return_form"] = ReturnForm()
    if can_manage(user):
        forms["decision_form"] = ExtensionDecisionForm()
    forms.update(bound)
    return forms


def _render_assignment(request, assignment, *, bound=None, status=200):
    today = timezone.localdate()
    context = {
        "assignment": assignment,
        "task": assignment.task,
        "status": assignment.status_on(today),
        "today": today,
        "can_work": can_work_on(request.user, assignment),
        "can_manage": can_manage(request.user),
        **assignment_page_data(user=request.user, assignment=assignment),
        **collaboration.assignment_context(request, assignment, bound or {}),
        **_forms_for(request.user, assignment, bound or {}),
    }
    return render(request, "directives/assignment_detail.html", context, status=status)


def render_assignment(request, assignment, *, bound=None, status=200):
    """The assignment page, with `bound` (failed) forms kept open with what was typed."""
    return _render_assignment(request, assignment, bound=bound, status=status)


@require_GET
@login_required
def assignment_detail(request, pk: int):
    return _render_assignment(request, assignment_for_page(user=request.user, pk=pk))


def _act(request, assignment, form, form_name: str, action, success: str):
    """Validate the form, call the service; on any fault show the page again with what was typed.

    A refusal of the service (four eyes: the asker may not decide) is shown on the form too,
    with status 403, rather than as a bare error page.
    """
    status = 400
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
            status = 403
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, success)
            return redirect(assignment.get_absolute_url())
    messages.error(request, _("Chưa lưu được: kiểm tra các mục báo lỗi bên dưới."))
    assignment.refresh_from_db()
    return _render_assignment(request, assignment, bound={form_name: form}, status=status)


def _assignment_page(request, pk):
    """Where the forms of an assignment live (a GET on one of their action URLs goes there)."""
    return assignment_for_page(user=request.user, pk=pk)


def _extension_request_page(request, pk):
    extension_request = extension_request_for_decision(user=request.user, pk=pk)
    return assignment_for_page(user=request.user, pk=extension_request.assignment_id)


def _assignment_to_work_on(request, pk):
    assignment = assignment_for_page(user=request.user, pk=pk)
    if not can_work_on(request.user, assignment):
        raise PermissionDenied(_("Bạn chỉ cập nhật được phân công của đơn vị mình."))
    return assignment


def _assignment_to_manage(request, pk):
    assignment = assignment_for_page(user=request.user, pk=pk)
    if not can_manage(request.user):
        raise PermissionDenied(_("Chỉ chuyên viên theo dõi mới được thực hiện thao tác này."))
    return assignment


@login_required
@post_action(_assignment_page)
def assignment_progress(request, pk: int):
    assignment = _assignment_to_work_on(request, pk)
    form = ProgressForm(request.POST, request.FILES, assignment=assignment)
    return _act(
        request,
        assignment,
        form,
        "progress_form",
        lambda data: services.assignment_update_progress(
            assignment=assignment,
            actor=request.user,
            lifecycle=data["lifecycle"],
            percent=data["percent"],
            note=data["note"],
            files=data["files"],
        ),
        _("Đã lưu báo cáo tiến độ."),
    )


@login_required
@post_action(_assignment_page)
def assignment_done(request, pk: int):
    assignment = _assignment_to_work_on(request, pk)
    form = MarkDoneForm(request.POST, request.FILES)
    return _act(
        request,
        assignment,
        form,
        "done_form",
        lambda data: services.assignment_mark_done(
            assignment=assignment,
            actor=request.user,
            completed_on=data["completed_on"],
            note=data["note"],
            files=data["files"],
        ),
        _("Đã báo hoàn thành; chờ chuyên viên theo dõi xác nhận."),
    )


@login_required
@post_action(_assignment_page)
def extension_request_create(request, pk: int):
    assignment = _assignment_to_work_on(request, pk)
    form = ExtensionRequestForm(request.POST, assignment=assignment)
    return _act(
        request,
        assignment,
        form,
        "extension_form",
        lambda data: services.extension_request_create(
            assignment=assignment, actor=request.user, requested_due_on=data["requested_due_on"], reason=data["reason"]
        ),
        _("Đã gửi đề nghị gia hạn."),
    )


@login_required
@post_action(_assignment_page)
def assignment_confirm(request, pk: int):
    assignment = _assignment_to_manage(request, pk)
    form = ConfirmForm(request.POST)
    return _act(
        request,
        assignment,
        form,
        "confirm_form",
        lambda data: services.assignment_confirm_completion(
            assignment=assignment, actor=request.user, note=data["note"]
        ),
        _("Đã xác nhận hoàn thành."),
    )


@login_required
@post_action(_assignment_page)
def assignment_return(request, pk: int):
    assignment = _assignment_to_manage(request, pk)
    form = ReturnForm(request.POST)
    return _act(
        request,
        assignment,
        form,
        "return_form",
        lambda data: services.assignment_return(assignment=assignment, actor=request.user, reason=data["reason"]),
        _("Đã trả lại báo cáo hoàn thành."),
    )


@login_required
@post_action(_extension_request_page)
def extension_request_decide(request, pk: int):
    extension_request = extension_request_for_decision(user=request.user, pk=pk)
    if not can_manage(request.user):
        raise PermissionDenied(_("Chỉ chuyên viên theo dõi mới quyết định gia hạn."))
    assignment = assignment_for_page(user=request.user, pk=extension_request.assignment_id)
    form = ExtensionDecisionForm(request.POST)

    def decide(data):
        services.extension_request_decide(
            extension_request=extension_request,
            actor=request.user,
            approve=data["decision"] == "approve",
            comment=data["comment"],
        )

    approve = request.POST.get("decision") == "approve"
    success = (
        _("Đã đồng ý gia hạn; đơn vị được thông báo.")
        if approve
        else _("Đã không đồng ý gia hạn; đơn vị được thông báo.")
    )
    return _act(request, assignment, form, "decision_form", decide, success)


@require_GET
@login_required
def task_detail(request, pk: int):
    return render_task(request, task_for_page(user=request.user, pk=pk))


def render_task(request, task, *, bound=None, status=200):
    """The task page, with `bound` (failed) forms kept open with what was typed."""
    today = timezone.localdate()
    data = task_page_data(user=request.user, task=task)
    for assignment in data["assignments"]:
        assignment.status = assignment.status_on(today)
        assignment.may_work = can_work_on(request.user, assignment)
    return render(
        request,
        "directives/task_detail.html",
        {
            "task": task,
            "today": today,
            "can_manage": can_manage(request.user),
            **data,
            **collaboration.task_context(request, task, bound or {}),
        },
        status=status,
    )


@login_required
@post_action(_assignment_page)
def assignment_withdraw_completion(request, pk: int):
    assignment = _assignment_to_work_on(request, pk)
    form = WithdrawCompletionForm(request.POST)
    return _act(
        request,
        assignment,
        form,
        "withdraw_form",
        lambda data: services.assignment_withdraw_completion(
            assignment=assignment, actor=request.user, reason=data["reason"]
        ),
        _("Đã rút báo cáo hoàn thành; đơn vị tiếp tục thực hiện."),
    )


@login_required
@post_action(_extension_request_page)
def extension_request_withdraw(request, pk: int):
    extension_request = extension_request_for_decision(user=request.user, pk=pk)
    assignment = _assignment_to_work_on(request, extension_request.assignment_id)
    try:
        services.extension_request_withdraw(extension_request=extension_request, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã rút đề nghị gia hạn."))
    return redirect(assignment.get_absolute_url())


@require_GET
@login_required
def evidence_download(request, pk: int):
    return stored_file_response(evidence_for_download(user=request.user, pk=pk))


@require_GET
@login_required
def evidence_preview(request, pk: int):
    """A PDF or an image shown inside the page, with the download's checks (404 for what
    the user may not see); Word and Excel files are only downloaded."""
    return stored_file_response(evidence_for_download(user=request.user, pk=pk), inline=True)
