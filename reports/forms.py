from django import forms
from django.utils.translation import gettext_lazy as _

from .periods import EXAMPLES, Period, PeriodCodeError


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
    """The period of a compiled report, as office staff type it; the error names the plan."""

    period = forms.CharField(
        label=_("Kỳ báo cáo"),
        max_length=40,
        help_text=_("Ví dụ: Quý II/2022 hoặc 2022-Q2 (quý), 6 tháng đầu năm 2022 (6 tháng), năm 2022 (năm)."),
    )

    def __init__(self, *args, directive=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.directive = directive

    def clean_period(self):
        typed = self.cleaned_data["period"]
        try:
            return Period.parse(typed).code
        except PeriodCodeError:
            raise forms.ValidationError(
                _("%(plan)s: kỳ báo cáo “%(typed)s” không hợp lệ; ví dụ: %(examples)s.")
                % {"plan": plan_name(self.directive), "typed": typed, "examples": EXAMPLES}
            ) from None


def plan_name(directive) -> str:
    """ "Kế hoạch 46/KH-UBND" — how an error names the directive it is about."""
    if directive is None:
        return _("Văn bản")
    return f"{directive.get_kind_display()} {directive.display_number}"
