from django import forms
from django.utils.translation import gettext_lazy as _

from .periods import Period, PeriodCodeError


class SubmissionForm(forms.Form):
    """The agency's report: narrative and, optionally, one more attachment per save."""

    narrative = forms.CharField(
        label=_("Nội dung báo cáo"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        help_text=_("Kết quả thực hiện, khó khăn, vướng mắc, đề xuất của đơn vị trong kỳ."),
    )
    attachment = forms.FileField(label=_("Tệp đính kèm (PDF, DOCX, XLSX, ảnh)"), required=False)


class BuildForm(forms.Form):
    period = forms.CharField(
        label=_("Kỳ báo cáo"), max_length=20, help_text=_("Ví dụ: 2022-Q2 (quý), 2022-H1 (6 tháng), 2022 (năm).")
    )

    def clean_period(self):
        try:
            return Period.parse(self.cleaned_data["period"]).code
        except PeriodCodeError:
            raise forms.ValidationError(_("Kỳ báo cáo không hợp lệ; ví dụ: 2022-Q2, 2022-H1, 2022.")) from None
