"""Forms of the discussion and of leaders' directions. What they are about (the task, the
assignment, the direction) comes from the URL, never from a posted id."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directives.forms import FILES_HELP, DateInput, EvidenceFilesField, OwnIdsMixin


class MessageForm(OwnIdsMixin, forms.Form):
    id_prefix = "message"
    body = forms.CharField(
        label=_("Nội dung trao đổi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nhắc tên một cơ quan hay một người bằng @: “@Sở Y tế”, “@canbo.syt”; họ sẽ nhận thông báo."),
    )
    files = EvidenceFilesField(label=_("Tệp đính kèm"), help_text=FILES_HELP)


class MessageEditForm(OwnIdsMixin, forms.Form):
    id_prefix = "edit"
    body = forms.CharField(label=_("Nội dung trao đổi"), widget=forms.Textarea(attrs={"rows": 4}))


class DirectionForm(OwnIdsMixin, forms.Form):
    id_prefix = "direction"
    body = forms.CharField(label=_("Nội dung chỉ đạo"), widget=forms.Textarea(attrs={"rows": 3}))
    proposed_due_on = forms.DateField(
        label=_("Đề xuất thời hạn mới (không bắt buộc)"),
        required=False,
        widget=DateInput,
        help_text=_("Chuyên viên theo dõi xem xét đề xuất; thời hạn chỉ đổi khi được quyết định."),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Trả lời ý kiến chỉ đạo"), widget=forms.Textarea(attrs={"rows": 3}))
