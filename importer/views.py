"""The import page: upload or paste a directive, review the proposal, save it."""

import datetime
import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agencies.registry import AgencyRegistry
from agencies.services import RegistryError
from directives.exchange import ImportProblems
from langson_portal.actions import post_action

from .forms import DirectiveForm, NewAgencyFormSet, SectionFormSet, TaskFormSet, UploadForm
from .parser import parse_directive
from .services import directive_import_reviewed

FIELD_LABELS = {
    "lead": _("chưa xác định cơ quan chủ trì"),
    "lead_inherited": _("chủ trì lấy từ tiêu đề mục"),
    "new_agency": _("có cơ quan chưa có trong danh mục"),
    "deadline": _("thời hạn suy ra, cần kiểm tra"),
    "content": _("tách từ một mục nhiều đoạn"),
    "number": _("chưa thấy số, ký hiệu"),
    "issued_on": _("chưa thấy ngày ban hành"),
    "signer": _("chưa thấy người ký"),
    "title": _("chưa thấy trích yếu"),
    "kind": _("loại văn bản đoán định"),
    "issuer": _("cơ quan ban hành đoán định"),
}


def office_staff_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_office_staff:
            raise PermissionDenied(_("Chỉ chuyên viên Văn phòng được nhập văn bản."))
        return view(request, *args, **kwargs)

    return wrapper


def _iso_to_date(value):
    return datetime.date.fromisoformat(value) if value else None


def _review_forms(proposal):
    d = proposal.directive
    directive_form = DirectiveForm(
        initial={
            **{
                k: d.get(k)
                for k in (
                    "slug",
                    "kind",
                    "number",
                    "issued_text",
                    "issuer",
                    "title",
                    "signer",
                    "signer_title",
                    "implements",
                    "recipients",
                    "focal_agency",
                )
            },
            "issued_on": _iso_to_date(d.get("issued_on")),
            "reporting_rules": json.dumps(d.get("reporting_rules") or [], ensure_ascii=False, indent=1),
            "uncertain": ",".join(proposal.uncertain.get("header", [])),
            "source": proposal.source,
        }
    )
    sections = SectionFormSet(prefix="section", initial=d.get("sections") or [])
    tasks = TaskFormSet(
        prefix="task",
        initial=[
            {**t, "due": _iso_to_date(t.get("due")), "uncertain": ",".join(proposal.uncertain.get(t["ref"], []))}
            for t in d.get("tasks") or []
        ],
    )
    agencies = NewAgencyFormSet(
        prefix="agency",
        initial=[
            {"accept": True, "name": a.name, "kind": a.kind, "is_group": a.is_group, "refs": ", ".join(a.refs)}
            for a in proposal.new_agencies
        ],
    )
    return directive_form, sections, tasks, agencies


def _render_review(request, directive_form, sections, tasks, agencies, problems=(), status=200):
    def marks(value):
        return [FIELD_LABELS.get(code, code) for code in (value or "").split(",") if code]

    task_rows = [(form, marks(form["uncertain"].value())) for form in tasks.forms]
    return render(
        request,
        "importer/review.html",
        {
            "directive_form": directive_form,
            "header_marks": marks(directive_form["uncertain"].value()),
            "sections": sections,
            "tasks": tasks,
            "task_rows": task_rows,
            "agencies": agencies,
            "problems": problems,
            "source": directive_form["source"].value() or "",
        },
        status=status,
    )


@office_staff_required
@require_http_methods(["GET", "POST"])
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        proposal = parse_directive(form.cleaned_data["source"], registry=AgencyRegistry.load())
        return _render_review(request, *_review_forms(proposal))
    return render(request, "importer/upload.html", {"form": form}, status=400 if form.errors else 200)


@office_staff_required
@post_action(lambda request: reverse("importer:upload"))
def save(request):
    directive_form = DirectiveForm(request.POST)
    sections = SectionFormSet(request.POST, prefix="section")
    tasks = TaskFormSet(request.POST, prefix="task")
    agencies = NewAgencyFormSet(request.POST, prefix="agency")
    if not all(f.is_valid() for f in (directive_form, sections, tasks, agencies)):
        return _render_review(
            request,
            directive_form,
            sections,
            tasks,
            agencies,
            problems=[_("Có trường chưa hợp lệ, xem các ô được đánh dấu bên dưới.")],
            status=400,
        )
    header = directive_form.cleaned_data
    directive = {
        **{
            k: header[k]
            for k in (
                "slug",
                "kind",
                "issued_text",
                "issuer",
                "title",
                "signer_title",
                "implements",
                "recipients",
                "reporting_rules",
            )
        },
        "number": header["number"] or None,
        "issued_on": header["issued_on"].isoformat() if header["issued_on"] else None,
        "signer": header["signer"] or None,
        "focal_agency": header["focal_agency"] or None,
        "indicators": [],
        "sections": [
            {k: f.cleaned_data[k] or (None if k == "parent" else "") for k in ("ref", "title", "parent", "kind")}
            for f in sections.forms
            if not f.cleaned_data.get("DELETE")
        ],
        "tasks": [
            {
                **{
                    k: f.cleaned_data[k]
                    for k in (
                        "ref",
                        "content",
                        "lead",
                        "coordinating",
                        "deadline_kind",
                        "due_text",
                        "recurrence",
                        "note",
                    )
                },
                "section": f.cleaned_data["section"] or None,
                "due": f.cleaned_data["due"].isoformat() if f.cleaned_data["due"] else None,
            }
            for f in tasks.forms
            if not f.cleaned_data.get("DELETE")
        ],
    }
    new_agencies = [f.cleaned_data for f in agencies.forms]
    try:
        report = directive_import_reviewed(directive=directive, new_agencies=new_agencies, actor=request.user)
    except ImportProblems as error:
        return _render_review(request, directive_form, sections, tasks, agencies, problems=error.problems, status=400)
    except RegistryError as error:
        return _render_review(request, directive_form, sections, tasks, agencies, problems=[str(error)], status=400)
    messages.success(
        request,
        _("Đã lưu văn bản “%(slug)s”: %(n)s bản ghi mới.")
        % {"slug": directive["slug"], "n": sum(report.created.values())},
    )
    return redirect("importer:upload")
