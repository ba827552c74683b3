"""Forms of the work screens (progress, completion, extensions) and of directive editing.

Ids of other rows never come from the form: the assignment or request comes from the URL
and is looked up through the permission helpers; the choices a form offers (sections of
this directive, active agencies) are the only values it accepts.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyGroup

from .deadlines import DeadlineKind, deadline_resolve, quarter_of, roman_quarter
from .evidence import ACCEPT_ATTRIBUTE, evidence_check
from .models import Directive, ReportingPeriod, ReportingRule, Section, Task
from .services.editing import NO_LEAD_MESSAGE
from .services.work import REPORTABLE_LIFECYCLES
from .status import Lifecycle


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Several evidence files, each checked by its content and size."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        errors = []
        for upload in uploads:
            super().clean(upload, initial)
            try:
                evidence_check(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return list(uploads)


class OwnIdsMixin:
    """Several forms share one page: each gets its own element ids (names stay plain)."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


FILES_HELP = _(
    "PDF, Word (DOCX), Excel (XLSX), ảnh PNG/JPEG. Có thể chọn nhiều tệp. Nếu biểu mẫu báo lỗi, cần chọn lại tệp."
)


class ProgressForm(OwnIdsMixin, forms.Form):
    id_prefix = "progress"
    lifecycle = forms.ChoiceField(
        label=_("Tình trạng thực hiện"),
        choices=[(value, label) for value, label in Lifecycle.choices if value in REPORTABLE_LIFECYCLES],
        initial=Lifecycle.IN_PROGRESS,
    )
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Nội dung báo cáo"), widget=forms.Textarea(attrs={"rows": 4}))
    files = EvidenceFilesField(label=_("Tệp minh chứng"), help_text=FILES_HELP)

    def __init__(self, *args, assignment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if assignment is not None:
            self.fields["percent"].initial = assignment.progress_percent
            if assignment.lifecycle in REPORTABLE_LIFECYCLES:
                self.fields["lifecycle"].initial = assignment.lifecycle
            if not assignment.is_lead:
                self.fields["note"].label = _("Ý kiến, kết quả phối hợp")


class MarkDoneForm(OwnIdsMixin, forms.Form):
    id_prefix = "done"
    completed_on = forms.DateField(label=_("Ngày hoàn thành"), widget=DateInput)
    note = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 3}))
    files = EvidenceFilesField(label=_("Tệp minh chứng"), help_text=FILES_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].initial = timezone.localdate()

    def clean_completed_on(self):
        day = self.cleaned_data["completed_on"]
        if day > timezone.localdate():
            raise ValidationError(_("Ngày hoàn thành không được sau hôm nay."))
        return day


class ExtensionRequestForm(OwnIdsMixin, forms.Form):
    id_prefix = "extension"
    requested_due_on = forms.DateField(label=_("Đề nghị gia hạn đến ngày"), widget=DateInput)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, assignment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment = assignment

    def clean_requested_due_on(self):
        day = self.cleaned_data["requested_due_on"]
        current = self.assignment and (self.assignment.extended_due_on or self.assignment.due_on)
        if current and day <= current:
            raise ValidationError(
                _("Thời hạn đề nghị phải sau thời hạn hiện tại (%(date)s).") % {"date": current.strftime("%d/%m/%Y")}
            )
        return day


class ConfirmForm(OwnIdsMixin, forms.Form):
    id_prefix = "confirm"
    note = forms.CharField(label=_("Ý kiến (không bắt buộc)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(OwnIdsMixin, forms.Form):
    id_prefix = "return"
    reason = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(OwnIdsMixin, forms.Form):
    id_prefix = "decision"
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("approve", _("Đồng ý gia hạn")), ("refuse", _("Không đồng ý"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Cần ghi ý kiến khi không đồng ý gia hạn."))
        return data


# --- Editing directives ---------------------------------------------------------------


def active_agencies():
    return Agency.objects.active_on(timezone.localdate()).order_by("name")


class DirectiveForm(forms.ModelForm):
    class Meta:
        model = Directive
        fields = [
            "kind",
            "number",
            "issued_on",
            "issued_text",
            "issuer",
            "title",
            "signer",
            "signer_title",
            "focal_agency",
        ]
        widgets = {"issued_on": DateInput, "title": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focal_agency"].queryset = active_agencies()


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["ref", "title", "kind", "position"]
        widgets = {"title": forms.TextInput}


class ReportingRuleForm(forms.ModelForm):
    class Meta:
        model = ReportingRule
        fields = ["period", "due_on", "day", "month_of_quarter", "month", "reporter", "recipient", "text", "position"]
        widgets = {"due_on": DateInput, "text": forms.TextInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporter"].queryset = active_agencies()

    def clean(self):
        data = super().clean()
        period = data.get("period")
        if period == ReportingPeriod.ONCE and not data.get("due_on"):
            self.add_error("due_on", _("Báo cáo một lần cần ngày hạn."))
        if period == ReportingPeriod.QUARTERLY:
            for name in ("day", "month_of_quarter"):
                if not data.get(name):
                    self.add_error(name, _("Báo cáo hằng quý cần ngày và tháng thứ mấy của quý."))
        if period in (ReportingPeriod.ANNUAL, ReportingPeriod.HALF_YEARLY):
            for name in ("day", "month"):
                if not data.get(name):
                    self.add_error(name, _("Báo cáo hằng năm, 6 tháng cần ngày và tháng."))
        return data

    def validate_constraints(self, exclude=None):
        # The clean() above says the same thing in Vietnamese, field by field.
        pass


class DirectiveChildFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, directive=None, **kwargs):
        self.directive = directive
        queryset = (
            self.model.objects.filter(directive=directive) if directive and directive.pk else self.model.objects.none()
        )
        super().__init__(*args, queryset=queryset, **kwargs)

    def clean(self):
        super().clean()
        for form in self.forms:
            posted = (form.cleaned_data or {}).get("id")
            if posted is not None and posted.directive_id != getattr(self.directive, "pk", None):
                raise ValidationError(_("Dòng không thuộc văn bản này."))

    def rows(self) -> list[dict]:
        """Rows for the editing services: {"instance", "delete", **cleaned fields}."""
        rows = []
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            data = {name: value for name, value in form.cleaned_data.items() if name not in ("id", "DELETE")}
            rows.append(
                {
                    **data,
                    "instance": form.instance if form.instance.pk else None,
                    "delete": bool(form.cleaned_data.get("DELETE")),
                }
            )
        return rows


class SectionFormSet(DirectiveChildFormSet):
    def clean(self):
        super().clean()
        refs = [f.cleaned_data.get("ref") for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        duplicates = {ref for ref in refs if ref and refs.count(ref) > 1}
        if duplicates:
            raise ValidationError(_("Số hiệu mục bị trùng: %(refs)s.") % {"refs": ", ".join(sorted(duplicates))})


SectionFormSetFactory = forms.modelformset_factory(
    Section, form=SectionForm, formset=SectionFormSet, extra=2, can_delete=True
)
ReportingRuleFormSetFactory = forms.modelformset_factory(
    ReportingRule, form=ReportingRuleForm, formset=DirectiveChildFormSet, extra=1, can_delete=True
)


class CloseDirectiveForm(forms.Form):
    closed_on = forms.DateField(label=_("Ngày kết thúc theo dõi"), widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()


def assignee_choices():
    """Groups first (a group binds each member), then active agencies; values `g:<id>`, `a:<id>`."""
    groups = [(f"g:{g.pk}", g.name) for g in AgencyGroup.objects.order_by("name")]
    agencies = [(f"a:{a.pk}", a.name) for a in active_agencies()]
    return [(_("Nhóm cơ quan"), groups), (_("Cơ quan, đơn vị"), agencies)]


def resolve_assignees(values) -> list:
    agency_ids = [int(v[2:]) for v in values if v.startswith("a:")]
    group_ids = [int(v[2:]) for v in values if v.startswith("g:")]
    agencies = Agency.objects.in_bulk(agency_ids)
    groups = AgencyGroup.objects.select_related("replaced_by").prefetch_related("members").in_bulk(group_ids)
    return [agencies[i] for i in agency_ids] + [groups[i] for i in group_ids]


def assignee_value(target) -> str:
    return f"g:{target.pk}" if isinstance(target, AgencyGroup) else f"a:{target.pk}"


class TaskForm(forms.ModelForm):
    quarter = forms.CharField(
        label=_("Quý"),
        required=False,
        help_text=_("Ví dụ: Quý II/2022 — hạn là ngày cuối quý."),
    )
    leads = forms.MultipleChoiceField(
        label=_("Cơ quan chủ trì"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Giữ Ctrl (hoặc Shift + mũi tên) để chọn nhiều. Chọn một nhóm là giao cho từng thành viên."),
    )
    coordinators = forms.MultipleChoiceField(
        label=_("Cơ quan phối hợp"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    unassigned_ok = forms.BooleanField(
        label=_("Lưu khi chưa giao cơ quan nào"),
        required=False,
        help_text=_("Nhiệm vụ được đưa vào danh sách “chưa giao việc” trên trang Theo dõi chung để giao sau."),
    )

    class Meta:
        model = Task
        fields = [
            "section",
            "ref",
            "position",
            "content",
            "deadline_kind",
            "due_on",
            "quarter",
            "recurrence",
            "due_text",
            "note",
        ]
        widgets = {
            "due_on": DateInput,
            "content": forms.Textarea(attrs={"rows": 4}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"due_text": _("Để trống: hệ thống tự ghi theo loại thời hạn.")}

    def __init__(self, *args, directive, leads=(), coordinators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.directive = directive
        self.fields["section"].queryset = Section.objects.filter(directive=directive)
        choices = assignee_choices()
        self.fields["leads"].choices = choices
        self.fields["coordinators"].choices = choices
        if not self.is_bound:
            self.initial["leads"] = [assignee_value(t) for t in leads]
            self.initial["coordinators"] = [assignee_value(t) for t in coordinators]
            task = self.instance
            if task.pk and task.deadline_kind == DeadlineKind.QUARTER and task.due_on:
                year, quarter = quarter_of(task.due_on)
                self.initial["quarter"] = f"Quý {roman_quarter(quarter)}/{year}"
        self.fields["due_on"].help_text = _("Với thời hạn là ngày cụ thể.")

    def clean_ref(self):
        ref = self.cleaned_data["ref"].strip()
        clash = Task.objects.filter(directive=self.directive, ref=ref).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("Văn bản đã có nhiệm vụ số hiệu “%(ref)s”.") % {"ref": ref})
        return ref

    def clean(self):
        data = super().clean()
        if "deadline_kind" in data:
            try:
                deadline = deadline_resolve(
                    kind=data.get("deadline_kind"),
                    due_on=data.get("due_on"),
                    quarter=data.get("quarter") or "",
                    recurrence=data.get("recurrence") or "",
                    due_text=data.get("due_text") or "",
                    not_before=self.directive.issued_on,
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages)
            else:
                data.update(
                    deadline_kind=deadline.kind,
                    due_on=deadline.due_on,
                    due_text=deadline.due_text,
                    recurrence=deadline.recurrence,
                )
        if data.get("coordinators") and not data.get("leads"):
            self.add_error("leads", _("Cần ít nhất một cơ quan chủ trì khi đã có cơ quan phối hợp."))
        elif not data.get("leads") and not data.get("unassigned_ok"):
            self.add_error("leads", NO_LEAD_MESSAGE)
        overlap = set(data.get("leads") or []) & set(data.get("coordinators") or [])
        if overlap:
            self.add_error("coordinators", _("Một cơ quan không thể vừa chủ trì vừa phối hợp."))
        return data

    def _post_clean(self):
        # The model's deadline constraint is checked by clean() above with field messages.
        self.instance.due_on = self.cleaned_data.get("due_on")

    def values(self) -> dict:
        return {
            name: self.cleaned_data.get(name)
            for name in (
                "section",
                "ref",
                "position",
                "content",
                "deadline_kind",
                "due_on",
                "due_text",
                "recurrence",
                "note",
            )
        }

    def targets(self) -> tuple[list, list]:
        return resolve_assignees(self.cleaned_data.get("leads") or []), resolve_assignees(
            self.cleaned_data.get("coordinators") or []
        )


class WithdrawCompletionForm(OwnIdsMixin, forms.Form):
    id_prefix = "withdraw"
    reason = forms.CharField(
        label=_("Lý do rút báo cáo (không bắt buộc)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
