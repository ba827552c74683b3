"""Office staff import whole directives from a file after a preview, and export them."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from ..exchange import ImportProblems, export_directives, unwrap
from ..models import Directive
from ..permissions import can_manage
from ..services.imports import directives_import, payload_from_file
from ..spreadsheet import workbook_from_payload

SESSION_KEY = "directive_import_payload"
CHANGE_LABELS = {
    "directive": gettext_lazy("văn bản"),
    "section": gettext_lazy("mục"),
    "task": gettext_lazy("nhiệm vụ"),
    "assignment": gettext_lazy("phân công cho cơ quan"),
    "reporting_rule": gettext_lazy("quy định báo cáo"),
    "indicator": gettext_lazy("chỉ số, chỉ tiêu"),
    "indicator_tasks": gettext_lazy("liên kết chỉ số với nhiệm vụ"),
    "section_deleted": gettext_lazy("mục bị xóa"),
    "task_deleted": gettext_lazy("nhiệm vụ bị xóa"),
    "assignment_deleted": gettext_lazy("phân công bị xóa (chưa bắt đầu)"),
    "assignment_withdrawn": gettext_lazy("phân công thu hồi (đã có tiến độ, giữ lịch sử)"),
    "reporting_rule_deleted": gettext_lazy("quy định báo cáo bị xóa"),
    "indicator_deleted": gettext_lazy("chỉ số bị xóa"),
}
MAX_IMPORT_BYTES = 10 * 1024 * 1024


class ImportFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp văn bản (JSON hoặc Excel .xlsx)"),
        help_text=gettext_lazy("Định dạng như tệp xuất ra từ cổng; xem docs/directive-json.md."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 10 MB."))
        if not upload.name.lower().endswith((".json", ".xlsx")):
            raise forms.ValidationError(_("Chỉ nhận tệp .json hoặc .xlsx."))
        return upload


def _require_manager(request):
    if not can_manage(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def directive_import(request):
    """Step 1 (upload → preview, nothing saved) and step 2 (confirm → saved in one transaction)."""
    _require_manager(request)
    if request.method == "POST" and request.POST.get("confirm"):
        payload = request.session.get(SESSION_KEY)
        if not payload:
            messages.error(request, _("Phiên xem trước đã hết; hãy tải tệp lên lại."))
            return redirect("directives:import")
        try:
            report = directives_import(payload=json.loads(payload), actor=request.user)
        except ImportProblems as problems:
            return render(request, "directives/import.html", {"form": ImportFileForm(), "problems": problems.problems})
        del request.session[SESSION_KEY]
        messages.success(
            request,
            _("Đã nhập %(n)s văn bản: %(created)s bản ghi mới, %(updated)s bản ghi cập nhật.")
            % {
                "n": len(report.slugs),
                "created": sum(report.created.values()),
                "updated": sum(report.updated.values()),
            },
        )
        return redirect("home")
    form = ImportFileForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            payload = payload_from_file(name=upload.name, data=upload.read())
            preview = directives_import(payload=payload, actor=request.user, dry_run=True)
        except ImportProblems as problems:
            context["problems"] = problems.problems
        else:
            request.session[SESSION_KEY] = json.dumps(payload, ensure_ascii=False)
            existing = set(Directive.objects.filter(slug__in=preview.slugs).values_list("slug", flat=True))
            context.update(
                preview=preview,
                changes=[(_("tạo mới"), CHANGE_LABELS.get(k, k), v) for k, v in preview.created.items()]
                + [(_("cập nhật"), CHANGE_LABELS.get(k, k), v) for k, v in preview.updated.items()],
                file_name=upload.name,
                directives=[
                    {
                        "slug": d["slug"],
                        "number": d.get("number"),
                        "title": d.get("title"),
                        "tasks": len(d.get("tasks") or []),
                        "exists": d["slug"] in existing,
                    }
                    for d in unwrap(payload)
                ],
            )
    return render(request, "directives/import.html", context)


@login_required
@require_GET
def directive_export(request):
    """The whole directive(s) as JSON or Excel, for office staff and leaders."""
    if not request.user.sees_everything:
        raise PermissionDenied
    queryset = Directive.objects.filter(is_demo=False).order_by("slug")
    slug = request.GET.get("directive")
    if slug:
        queryset = Directive.objects.filter(slug=slug)
    payload = export_directives(queryset)
    stamp = timezone.localdate().strftime("%Y%m%d")
    name = f"van-ban-{slug or 'tat-ca'}-{stamp}"
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            workbook_from_payload(payload),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response
