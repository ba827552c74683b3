"""Forms of the import page: the upload, and every field of the proposal for review."""

import json

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from agencies.models import AgencyKind
from directives.deadlines import DeadlineKind, Recurrence
from directives.models import DirectiveKind, SectionKind

from .reading import UnreadableFile, text_from_upload

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
    title = forms.CharField(label=_("Trích yếu"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    signer = forms.CharField(label=_("Người ký"), required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), required=False)
    implements = LinesField(label=_("Văn bản được triển khai (mỗi dòng một số hiệu)"), required=False)
    recipients = LinesField(label=_("Nơi nhận / Kính gửi (mỗi dòng một nơi)"), required=False)
    focal_agency = forms.CharField(label=_("Cơ quan đầu mối"), required=False)
    reporting_rules = forms.CharField(
        label=_("Chế độ báo cáo (JSON)"), required=False, widget=forms.Textarea(attrs={"rows": 4, "class": "mono"})
    )
    uncertain = forms.CharField(required=False, widget=forms.HiddenInput)
    source = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_reporting_rules(self):
        raw = self.cleaned_data.get("reporting_rules") or "[]"
        try:
            rules = json.loads(raw)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("Chế độ báo cáo không phải JSON hợp lệ: %(error)s") % {"error": error}
            ) from error
        except RecursionError:
            raise forms.ValidationError(_("Chế độ báo cáo lồng quá nhiều tầng.")) from None
        if not isinstance(rules, list):
            raise forms.ValidationError(_("Chế độ báo cáo phải là một danh sách."))
        return rules


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
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 1}))
    uncertain = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("deadline_kind")
        if kind in (DeadlineKind.DATE, DeadlineKind.QUARTER) and not cleaned.get("due"):
            self.add_error("due", _("Thời hạn loại này cần một ngày."))
        if kind not in (DeadlineKind.DATE, DeadlineKind.QUARTER):
            cleaned["due"] = None
        if kind == DeadlineKind.RECURRING and not cleaned.get("recurrence"):
            self.add_error("recurrence", _("Thời hạn định kỳ cần chu kỳ."))
        if kind != DeadlineKind.RECURRING:
            cleaned["recurrence"] = ""
        return cleaned


class NewAgencyForm(forms.Form):
    accept = forms.BooleanField(label=_("Tạo mới"), required=False)
    name = forms.CharField(label=_("Tên cơ quan"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại cơ quan"), choices=AgencyKind.choices)
    is_group = forms.BooleanField(label=_("Là nhóm cơ quan"), required=False)
    refs = forms.CharField(required=False, widget=forms.HiddenInput)


SectionFormSet = formset_factory(SectionForm, extra=0, can_delete=True)
TaskFormSet = formset_factory(TaskForm, extra=0, can_delete=True)
NewAgencyFormSet = formset_factory(NewAgencyForm, extra=0)
