"""Forms of the transfer (chuyển giao) pages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.selectors import agencies_active_on


class TransferForm(forms.Form):
    to_holder = forms.ModelChoiceField(
        label=_("Chuyển giao cho"),
        queryset=None,
        help_text=_("Chỉ cơ quan đang hoạt động."),
    )
    reason = forms.CharField(label=_("Lý do chuyển giao"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_holder"].queryset = agencies_active_on(timezone.localdate())


class BulkTransferForm(TransferForm):
    ids = forms.TypedMultipleChoiceField(label=_("Phân công"), coerce=int, choices=())

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(a.pk, str(a.pk)) for a in candidates]
        self.fields["ids"].error_messages["required"] = _("Chưa chọn phân công nào để chuyển giao.")
