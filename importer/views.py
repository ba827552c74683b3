"""The import page: upload or paste a directive, review the proposal, save it."""

import datetime
from dataclasses import dataclass
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
from directives.selectors_work import directive_with_counts
from langson_portal.actions import post_action

from .forms import (
    DirectiveForm,
    IndicatorFormSet,
    NewAgencyFormSet,
    ReportingRuleForm,
    ReportingRuleFormSet,
    SectionFormSet,
    TaskFormSet,
    UploadForm,
)
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


HEADER_FIELDS = (
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


def _review_forms(proposal, registry):
    d = proposal.directive
    directive_form = DirectiveForm(
        initial={
            **{k: d.get(k) for k in HEADER_FIELDS},
            "issued_on": _iso_to_date(d.get("issued_on")),
            "uncertain": ",".join(proposal.uncertain.get("header", [])),
            "source": proposal.source,
        }
    )
    rules = ReportingRuleFormSet(
        prefix="rule", initial=[ReportingRuleForm.initial_of(r) for r in d.get("reporting_rules") or []]
    )
    indicators = IndicatorFormSet(prefix="indicator", initial=d.get("indicators") or [])
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
            {
                # a group the registry lacks would be created without members: not by default
                "accept": not a.is_group,
                "name": a.name,
                "kind": a.kind,
                "is_group": a.is_group,
                "refs": ", ".join(a.refs),
                "closest": "|".join(registry.closest(a.name, n=5)),
            }
            for a in proposal.new_agencies
        ],
    )
    return ReviewForms(directive_form, rules, indicators, sections, tasks, agencies)


@dataclass
class ReviewForms:
    directive: DirectiveForm
    rules: object
    indicators: object
    sections: object
    tasks: object
    agencies: object

    def all(self):
        return (self.directive, self.rules, self.indicators, self.sections, self.tasks, self.agencies)

    @classmethod
    def bound(cls, data):
        return cls(
            DirectiveForm(data),
            ReportingRuleFormSet(data, prefix="rule"),
            IndicatorFormSet(data, prefix="indicator"),
            SectionFormSet(data, prefix="section"),
            TaskFormSet(data, prefix="task"),
            NewAgencyFormSet(data, prefix="agency"),
        )


def _marks(value):
    return [FIELD_LABELS.get(code, code) for code in (value or "").split(",") if code]


def _render_review(request, forms, problems=(), status=200):
    task_rows = [(form, _marks(form["uncertain"].value())) for form in forms.tasks.forms]
    header_marks = _marks(forms.directive["uncertain"].value())
    # every doubt, listed at the top with a link to its field
    doubts = [(_("Thông tin văn bản"), "#import-header", header_marks)] if header_marks else []
    doubts += [
        (_("Nhiệm vụ %(ref)s") % {"ref": form["ref"].value()}, f"#task-{index}", marks)
        for index, (form, marks) in enumerate(task_rows)
        if marks
    ]
    doubts += [
        (_("Cơ quan “%(name)s”") % {"name": form["name"].value()}, f"#agency-{index}", [_("chưa có trong danh mục")])
        for index, form in enumerate(forms.agencies.forms)
    ]
    return render(
        request,
        "importer/review.html",
        {
            "directive_form": forms.directive,
            "header_marks": header_marks,
            "rules": forms.rules,
            "indicators": forms.indicators,
            "sections": forms.sections,
            "tasks": forms.tasks,
            "task_rows": task_rows,
            "agencies": forms.agencies,
            "doubts": doubts,
            "problems": problems,
            "source": forms.directive["source"].value() or "",
        },
        status=status,
    )


@office_staff_required
@require_http_methods(["GET", "POST"])
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        registry = AgencyRegistry.load()
        proposal = parse_directive(form.cleaned_data["source"], registry=registry)
        return _render_review(request, _review_forms(proposal, registry))
    return render(request, "importer/upload.html", {"form": form}, status=400 if form.errors else 200)


def _directive_from(forms: ReviewForms) -> dict:
    header = forms.directive.cleaned_data
    return {
        **{
            k: header[k]
            for k in ("slug", "kind", "issued_text", "issuer", "title", "signer_title", "implements", "recipients")
        },
        "number": header["number"] or None,
        "issued_on": header["issued_on"].isoformat() if header["issued_on"] else None,
        "signer": header["signer"] or None,
        "focal_agency": header["focal_agency"] or None,
        "reporting_rules": [f.rule() for f in forms.rules.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")],
        "indicators": [
            f.indicator() for f in forms.indicators.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ],
        "sections": [
            {k: f.cleaned_data[k] or (None if k == "parent" else "") for k in ("ref", "title", "parent", "kind")}
            for f in forms.sections.forms
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
                **({"output": f.cleaned_data["output"]} if f.cleaned_data.get("output") else {}),
            }
            for f in forms.tasks.forms
            if not f.cleaned_data.get("DELETE")
        ],
    }


@office_staff_required
@post_action(lambda request: reverse("importer:upload"))
def save(request):
    forms = ReviewForms.bound(request.POST)
    if not all(f.is_valid() for f in forms.all()):
        return _render_review(
            request, forms, problems=[_("Có trường chưa hợp lệ, xem các ô được đánh dấu bên dưới.")], status=400
        )
    directive = _directive_from(forms)
    new_agencies = [f.cleaned_data for f in forms.agencies.forms]
    try:
        report = directive_import_reviewed(directive=directive, new_agencies=new_agencies, actor=request.user)
    except ImportProblems as error:
        return _render_review(request, forms, problems=error.problems, status=400)
    except RegistryError as error:
        return _render_review(request, forms, problems=[str(error)], status=400)
    messages.success(
        request,
        _("Đã lưu văn bản “%(slug)s”: %(n)s bản ghi mới.")
        % {"slug": directive["slug"], "n": sum(report.created.values())},
    )
    return redirect("importer:saved", slug=directive["slug"])


@office_staff_required
@require_http_methods(["GET"])
def saved(request, slug):
    """After a save: where the new directive and its assignments are."""
    directive, counts = directive_with_counts(slug=slug)
    return render(request, "importer/saved.html", {"directive": directive, **counts})
