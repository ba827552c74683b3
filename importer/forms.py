"""Forms of the import page: the upload, and every field of the proposal for review."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from agencies.models import AgencyKind
from directives.deadlines import DeadlineKind, Recurrence, deadline_resolve
from directives.models import Directive, DirectiveKind, SectionKind
from directives.models.reporting import ReportingPeriod

from .reading import MAX_BYTES, UnreadableFile, text_from_upload

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )


class LinesField(forms.CharField):
    """A list of strings, one per line."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp văn bản (.docx, .pdf có lớp chữ, .txt)"), required=False)
    text = forms.CharField(
        label=_("Hoặc dán nội dung văn bản"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), (cleaned.get("text") or "").strip()
        if not upload and not text:
            raise forms.ValidationError(_("Hãy chọn một tệp hoặc dán nội dung văn bản."))
        if upload:
            try:
                if upload.size > MAX_BYTES:  # refused before it is read into memory
                    raise UnreadableFile(_("Tệp quá lớn (tối đa 10 MB)."))
                cleaned["source"] = text_from_upload(upload.name, upload.read())
            except UnreadableFile as error:
                raise forms.ValidationError(str(error)) from error
        else:
            cleaned["source"] = text
        if len(cleaned["source"].strip()) < 40:
            raise forms.ValidationError(_("Nội dung quá ngắn để nhận dạng một văn bản."))
        return cleaned


class DirectiveForm(forms.Form):
    slug = forms.SlugField(label=_("Mã định danh"), max_length=100)
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DirectiveKind.choices)
    number = forms.CharField(label=_("Số, ký hiệu"), required=False)
    issued_on = _date_field(_("Ngày ban hành"))
    issued_text = forms.CharField(label=_("Dòng địa danh, ngày tháng (khi không đủ)"), required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"))
    title = forms.CharField(
        label=_("Trích yếu"),
        required=False,
        max_length=Directive._meta.get_field("title").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    signer = forms.CharField(label=_("Người ký"), required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), required=False)
    implements = LinesField(label=_("Văn bản được triển khai (mỗi dòng một số hiệu)"), required=False)
    recipients = LinesField(label=_("Nơi nhận / Kính gửi (mỗi dòng một nơi)"), required=False)
    focal_agency = forms.CharField(label=_("Cơ quan đầu mối"), required=False)
    uncertain = forms.CharField(required=False, widget=forms.HiddenInput)
    source = forms.CharField(required=False, widget=forms.HiddenInput)


class ReportingRuleForm(forms.Form):
    """One reporting rule (chế độ báo cáo) of the exchange format, field by field."""

    period = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=[("", "—"), *ReportingPeriod.choices], required=False)
    day = forms.IntegerField(label=_("Ngày"), required=False, min_value=1, max_value=31)
    month_of_quarter = forms.IntegerField(label=_("Tháng thứ mấy của quý"), required=False, min_value=1, max_value=3)
    month = forms.IntegerField(label=_("Tháng (báo cáo năm, 6 tháng)"), required=False, min_value=1, max_value=12)
    months = forms.CharField(label=_("Các tháng (vd. 3, 6, 9)"), required=False)
    due = _date_field(_("Hạn (báo cáo một lần)"))
    reporter = forms.CharField(label=_("Đơn vị báo cáo (“all” = mọi đơn vị được giao)"), initial="all")
    recipient = forms.CharField(label=_("Nơi nhận báo cáo"), required=False)
    text = forms.CharField(label=_("Câu trong văn bản"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_months(self):
        raw = self.cleaned_data.get("months") or ""
        try:
            months = [int(x) for x in re.findall(r"\d+", raw)]
        except ValueError:  # pragma: no cover - findall gives digits only
            months = []
        if any(not 1 <= m <= 12 for m in months):
            raise forms.ValidationError(_("Tháng phải từ 1 đến 12."))
        return months

    def clean(self):
        cleaned = super().clean()
        period = cleaned.get("period")
        if not period:
            self.add_error("period", _("Chọn kỳ báo cáo (hoặc đánh dấu xóa dòng này)."))
        if period == ReportingPeriod.ONCE and not cleaned.get("due"):
            self.add_error("due", _("Báo cáo một lần cần ngày hạn."))
        if period == ReportingPeriod.QUARTERLY:
            if not cleaned.get("day"):
                self.add_error("day", _("Báo cáo quý cần ngày trong tháng."))
            if not cleaned.get("month_of_quarter"):
                self.add_error("month_of_quarter", _("Báo cáo quý cần tháng của quý (1–3)."))
        if period in (ReportingPeriod.ANNUAL, ReportingPeriod.HALF_YEARLY):
            if not cleaned.get("day"):
                self.add_error("day", _("Báo cáo năm cần ngày."))
            if not cleaned.get("month"):
                self.add_error("month", _("Báo cáo năm cần tháng."))
        return cleaned

    def rule(self) -> dict:
        """The rule in the exchange format (only the keys its period uses)."""
        c = self.cleaned_data
        rule = {
            "period": c["period"],
            "reporter": (c.get("reporter") or "all").strip(),
            "recipient": c.get("recipient") or "",
            "text": c.get("text") or "",
        }
        if c["period"] == ReportingPeriod.ONCE:
            rule["due"] = c["due"].isoformat()
        elif c["period"] == ReportingPeriod.QUARTERLY:
            rule.update(day=c["day"], month_of_quarter=c["month_of_quarter"])
            if c.get("months"):
                rule["months"] = c["months"]
        else:
            rule.update(day=c["day"], month=c["month"])
        return rule

    @staticmethod
    def initial_of(rule: dict) -> dict:
        return {
            **rule,
            "months": ", ".join(str(m) for m in rule.get("months") or []),
            "due": datetime.date.fromisoformat(rule["due"]) if rule.get("due") else None,
        }


class IndicatorForm(forms.Form):
    """A numeric target of the plan's Mục tiêu, proposed as an indicator (chỉ tiêu)."""

    code = forms.CharField(label=_("Mã"), max_length=40)
    name = forms.CharField(label=_("Chỉ tiêu"), widget=forms.Textarea(attrs={"rows": 2}))
    unit = forms.CharField(label=_("Đơn vị tính"), required=False, max_length=40)
    target = forms.DecimalField(label=_("Mục tiêu"), required=False, max_digits=14, decimal_places=4, localize=True)
    target_year = forms.IntegerField(label=_("Năm mục tiêu"), required=False, min_value=2000, max_value=2100)
    target_text = forms.CharField(label=_("Mục tiêu như văn bản ghi"), required=False)
    group = forms.CharField(required=False, widget=forms.HiddenInput, initial="MUC_TIEU")

    def indicator(self) -> dict:
        c = self.cleaned_data
        return {
            "code": c["code"],
            "name": c["name"],
            "group": c.get("group") or "MUC_TIEU",
            "focal_agency": None,
            "unit": c.get("unit") or "",
            "baseline": None,
            "baseline_year": None,
            "target": str(c["target"]) if c.get("target") is not None else None,
            "target_year": c.get("target_year"),
            "target_text": c.get("target_text") or "",
            "tasks": [],
        }


class SectionForm(forms.Form):
    ref = forms.CharField(label=_("Số hiệu"), max_length=40)
    title = forms.CharField(label=_("Tiêu đề"), required=False, widget=forms.Textarea(attrs={"rows": 1}))
    parent = forms.CharField(label=_("Mục cha"), required=False, max_length=40)
    kind = forms.ChoiceField(label=_("Loại"), choices=SectionKind.choices)


class TaskForm(forms.Form):
    ref = forms.CharField(label=_("Số hiệu"), max_length=40)
    section = forms.CharField(label=_("Mục"), required=False, max_length=40)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))
    lead = LinesField(label=_("Chủ trì (mỗi dòng một cơ quan)"), required=False)
    coordinating = LinesField(label=_("Phối hợp (mỗi dòng một cơ quan)"), required=False)
    deadline_kind = forms.ChoiceField(label=_("Loại thời hạn"), choices=DeadlineKind.choices)
    due = _date_field(_("Hạn"))
    due_text = forms.CharField(label=_("Thời hạn như văn bản ghi"), required=False)
    recurrence = forms.ChoiceField(label=_("Chu kỳ"), choices=Recurrence.choices, required=False)
    output = forms.CharField(label=_("Sản phẩm, kết quả đầu ra"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 1}))
    uncertain = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        """The deadline rule of the task form (`directives.deadlines.deadline_resolve`): what the
        reviewer typed decides the kind, a contradiction is refused on its field."""
        cleaned = super().clean()
        if "deadline_kind" not in cleaned:
            return cleaned
        try:
            deadline = deadline_resolve(
                kind=cleaned["deadline_kind"],
                due_on=cleaned.get("due"),
                recurrence=cleaned.get("recurrence") or "",
                due_text=cleaned.get("due_text") or "",
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error({"due_on": "due", "quarter": "due"}.get(field, field), messages)
            return cleaned
        cleaned.update(
            deadline_kind=deadline.kind, due=deadline.due_on, recurrence=deadline.recurrence, due_text=deadline.due_text
        )
        return cleaned


class NewAgencyForm(forms.Form):
    """A name the registry does not know: use a registry name instead (the closest first),
    create it, or give it no task."""

    use = forms.CharField(label=_("Dùng cơ quan có trong danh mục"), required=False, widget=forms.Select)
    accept = forms.BooleanField(label=_("Tạo mới"), required=False)
    name = forms.CharField(label=_("Tên cơ quan"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại cơ quan"), choices=AgencyKind.choices)
    is_group = forms.BooleanField(label=_("Là nhóm cơ quan"), required=False)
    refs = forms.CharField(required=False, widget=forms.HiddenInput)
    closest = forms.CharField(required=False, widget=forms.HiddenInput)  # registry names, "|"-separated

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        raw = self["closest"].value() or ""
        names = [n for n in raw.split("|") if n]
        self.fields["use"].widget.choices = [("", _("— không, dùng tên như văn bản ghi —"))] + [(n, n) for n in names]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("use") and cleaned.get("accept"):
            self.add_error("use", _("Chọn một: dùng cơ quan có sẵn hoặc tạo mới, không cả hai."))
        return cleaned


SectionFormSet = formset_factory(SectionForm, extra=0, can_delete=True)
TaskFormSet = formset_factory(TaskForm, extra=0, can_delete=True)
ReportingRuleFormSet = formset_factory(ReportingRuleForm, extra=1, can_delete=True)
IndicatorFormSet = formset_factory(IndicatorForm, extra=0, can_delete=True)
NewAgencyFormSet = formset_factory(NewAgencyForm, extra=0)
