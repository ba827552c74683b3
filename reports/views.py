"""Pages of periodic reporting: agencies' submissions, compiled reports and their files.

Thin: each reads through a selector that applies the visibility rules and writes through a
service; a row the user may not see is a 404, an action they may not take a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role
from directives.selectors_work import directive_for_page, directives_with_reporting_rules
from langson_portal.actions import post_action
from langson_portal.uploads import stored_file_response

from . import services
from .forms import BuildForm, SubmissionForm, plan_name
from .models import CompiledKind, CompiledReport, ReportSubmission, SubmissionAttachment, SubmissionState
from .periods import Period, PeriodCodeError
from .selectors import compiled_report_list, directive_periods, reports_owed
from .selectors import submission_list as submission_list_selector
from .selectors import submission_tracking as submission_tracking_selector

PAGE_SIZE = 25


def _period_or_404(code: str) -> Period:
    try:
        return Period.parse(code)
    except PeriodCodeError:
        raise Http404(_("Kỳ báo cáo không hợp lệ.")) from None


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@require_GET
@login_required
def compiled_list(request):
    return _render_compiled_list(request)


def _render_compiled_list(request, *, failed: BuildForm | None = None, status: int = 200):
    """The list of compiled reports with a "build now" form per directive; `failed` is the
    form that was refused, shown again on its directive's row with what was typed."""
    reports = compiled_report_list(request.user)
    if request.GET.get("directive"):
        reports = reports.filter(directive__slug=request.GET["directive"])
    page = _page(request, reports)
    directives = list(directives_with_reporting_rules()) if request.user.is_office_staff else []
    for directive in directives:
        directive.build_form = failed if failed is not None and failed.directive.pk == directive.pk else None
    shown = any(directive.build_form for directive in directives)
    return render(
        request,
        "reports/compiled_list.html",
        {"page": page, "directives": directives, "build_form": BuildForm(), "failed": None if shown else failed},
        status=status,
    )


@require_GET
@login_required
def compiled_detail(request, pk):
    report = get_object_or_404(
        CompiledReport.objects.visible_to(request.user).select_related("directive", "built_by"), pk=pk
    )
    return render(request, "reports/compiled_detail.html", {"report": report, "f": report.figures})


@require_GET
@login_required
def compiled_download(request, pk, fmt):
    report = get_object_or_404(CompiledReport.objects.visible_to(request.user).select_related("directive"), pk=pk)
    if fmt not in ("pdf", "xlsx") or not getattr(report, fmt):
        raise Http404
    name = f"bao-cao-{report.directive.slug}-{report.period}-{report.kind}.{fmt}"
    return FileResponse(getattr(report, fmt).open("rb"), as_attachment=True, filename=name)


@login_required
@post_action(lambda request, slug: reverse("reports:compiled_list"))
def compiled_build(request, slug):
    if not request.user.is_office_staff:
        raise PermissionDenied
    directive = directive_for_page(user=request.user, slug=slug)
    form = BuildForm(request.POST, directive=directive)
    if not form.is_valid():
        return _render_compiled_list(request, failed=form, status=400)
    try:
        report = services.compiled_report_build(
            directive=directive, period_code=form.cleaned_data["period"], kind=CompiledKind.DRAFT, actor=request.user
        )
    except ValidationError as error:
        form.add_error("period", f"{plan_name(directive)}: {' '.join(error.messages)}")
        return _render_compiled_list(request, failed=form, status=400)
    except services.ReportBusy:
        form.add_error("period", _("Báo cáo này đang được lập; vui lòng thử lại sau ít phút."))
        return _render_compiled_list(request, failed=form, status=409)
    messages.success(request, _("Đã lập dự thảo báo cáo."))
    return redirect(report)


@login_required
@post_action(lambda request, pk: reverse("reports:compiled_detail", kwargs={"pk": pk}))
def compiled_publish(request, pk):
    if not request.user.is_office_staff:
        raise PermissionDenied
    draft = get_object_or_404(CompiledReport.objects.visible_to(request.user).select_related("directive"), pk=pk)
    try:
        report = services.compiled_report_publish(
            directive=draft.directive, period_code=draft.period, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(draft)
    except services.ReportBusy:
        messages.error(request, _("Báo cáo này đang được lập; vui lòng thử lại sau ít phút."))
        return redirect(draft)
    messages.success(request, _("Đã phát hành báo cáo chính thức."))
    return redirect(report)


@require_GET
@login_required
def submission_tracking(request, slug, period):
    """Office staff and leaders: who has reported for a period, who is late, who is missing."""
    if not request.user.sees_everything:
        raise PermissionDenied
    directive = directive_for_page(user=request.user, slug=slug)
    period = _period_or_404(period)
    tracking = submission_tracking_selector(directive, period, today=timezone.localdate())
    return render(
        request,
        "reports/submission_tracking.html",
        {
            "directive": directive,
            "period": period,
            "tracking": tracking,
            "periods": directive_periods(directive, today=timezone.localdate()),
        },
    )


@require_GET
@login_required
def submission_list(request):
    page = _page(request, submission_list_selector(request.user))
    today = timezone.localdate()
    owed = []
    if request.user.agency_id and not request.user.sees_everything:
        owed = reports_owed(agency_id=request.user.agency_id, today=today)
    return render(request, "reports/submission_list.html", {"page": page, "owed": owed, "today": today})


@require_http_methods(["GET", "POST"])
@login_required
def submission_edit(request, slug, period):
    """The officer's own agency's report for a directive and a period; the agency is never taken from the request."""
    user = request.user
    if not user.agency_id or not (user.has_role(Role.OFFICER) or user.has_role(Role.AGENCY_HEAD)):
        raise PermissionDenied
    directive = directive_for_page(user=user, slug=slug)
    period = _period_or_404(period)
    submission = ReportSubmission.objects.filter(
        directive=directive, agency_id=user.agency_id, period=period.code
    ).first()
    if submission and submission.state != SubmissionState.DRAFT:
        return redirect(submission)
    form = SubmissionForm(
        request.POST or None, request.FILES or None, initial={"narrative": getattr(submission, "narrative", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.report_submission_save(
                directive=directive, period_code=period.code, narrative=form.cleaned_data["narrative"], actor=user
            )
            if form.cleaned_data["attachment"]:
                services.report_submission_attach(
                    submission=submission, uploaded=form.cleaned_data["attachment"], actor=user
                )
            if "submit" in request.POST:
                submission = services.report_submission_submit(submission=submission, actor=user)
                messages.success(request, _("Đã gửi báo cáo của đơn vị."))
                return redirect(submission)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu dự thảo báo cáo."))
            return redirect("reports:submission_edit", slug=directive.slug, period=period.code)
    attachments = submission.attachments.all() if submission else []
    return render(
        request,
        "reports/submission_edit.html",
        {"form": form, "directive": directive, "period": period, "submission": submission, "attachments": attachments},
    )


@require_GET
@login_required
def submission_detail(request, pk):
    return _render_submission(request, _visible_submission(request, pk))


def _visible_submission(request, pk) -> ReportSubmission:
    return get_object_or_404(
        ReportSubmission.objects.visible_to(request.user).select_related(
            "directive", "agency", "submitted_by", "signed_off_by"
        ),
        pk=pk,
    )


def _render_submission(request, submission, *, status=200):
    can_sign = (
        request.user.has_role(Role.AGENCY_HEAD)
        and request.user.agency_id == submission.agency_id
        and submission.state == SubmissionState.SUBMITTED
    )
    context = {"submission": submission, "attachments": submission.attachments.all(), "can_sign": can_sign}
    return render(request, "reports/submission_detail.html", context, status=status)


@login_required
@post_action(lambda request, pk: reverse("reports:submission_detail", kwargs={"pk": pk}))
def submission_sign_off(request, pk):
    submission = _visible_submission(request, pk)
    try:
        services.report_submission_sign_off(submission=submission, actor=request.user)
    except PermissionDenied as refusal:  # not the agency's head, or the one who sent it: said on the page
        messages.error(request, str(refusal))
        return _render_submission(request, submission, status=403)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã duyệt báo cáo của đơn vị."))
    return redirect(submission)


@require_GET
@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(SubmissionAttachment.objects.visible_to(request.user), pk=pk)
    # as evidence downloads: the type recorded from the bytes at upload, never the name's
    return stored_file_response(attachment)
