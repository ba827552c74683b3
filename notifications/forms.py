from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ESSENTIAL_KINDS, OPTIONAL_CATEGORIES, Category, Delivery, Kind

OPTIONAL_CHOICES = [(k.value, k.label) for k in Kind if k not in ESSENTIAL_KINDS] + [
    (c.value, c.label) for c in Category if c in OPTIONAL_CATEGORIES
]


class PreferenceForm(forms.Form):
    delivery = forms.ChoiceField(label=_("Cách nhận thông báo"), choices=Delivery.choices, widget=forms.RadioSelect)
    muted_kinds = forms.MultipleChoiceField(
        label=_("Không nhận các loại thông báo sau"),
        choices=OPTIONAL_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Thông báo việc quá hạn của đơn vị mình luôn được gửi, không thể tắt."),
        error_messages={"invalid_choice": _("Không thể tắt loại thông báo “%(value)s”.")},
    )
