import datetime

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from agencies.models import AgencyKind
from directives.exchange import EARLIEST_DAY
from directives.models import Directive

from .selectors import SORT_KEYS, Scope


class PlainSelect(forms.Select):
    """A <select> drawn in one pass of Python: Django's Select renders a template per
    option, about 0.1 ms each, and the directive list can hold thousands of directives."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = {**self.build_attrs(self.attrs, attrs), "name": name}
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, " selected" if str(key) in chosen else "", label) for key, label in self.choices),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


class ScopeForm(forms.Form):
    """The choices above every dashboard: directive, kind of agency, "as of" day."""

    directive = forms.ChoiceField(label=_("Văn bản"), required=False, widget=PlainSelect)
    agency_kind = forms.ChoiceField(
        label=_("Loại cơ quan"), required=False, choices=[("", _("Tất cả"))] + list(AgencyKind.choices)
    )
    as_of = forms.DateField(
        label=_("Tính đến ngày"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Để trống: hôm nay. Một ngày đã qua cho số liệu như tại ngày đó."),
    )

    include_closed = forms.BooleanField(
        label=_("Gồm cơ quan đã giải thể/sáp nhập"),
        required=False,
        help_text=_("Mặc định chỉ xếp hạng các cơ quan đang hoạt động vào ngày đã chọn."),
    )

    def __init__(self, *args, directives=None, **kwargs):
        super().__init__(*args, **kwargs)
        if directives is None:
            self.fields.pop("directive")
        else:
            self.fields["directive"].choices = [("", _("Tất cả văn bản"))] + [
                (slug, f"{number or _('(không rõ số)')} — {title[:70]}") for slug, number, title in directives
            ]

    def clean_as_of(self):
        as_of = self.cleaned_data.get("as_of")
        if as_of and as_of > timezone.localdate():
            raise forms.ValidationError(_("Chỉ xem được số liệu đến hôm nay, không xem ngày trong tương lai."))
        if as_of and as_of < EARLIEST_DAY:  # a month and a quarter before it must stay in the calendar
            raise forms.ValidationError(
                _("Chỉ xem được số liệu từ ngày %(day)s.") % {"day": EARLIEST_DAY.strftime("%d/%m/%Y")}
            )
        return as_of

    def scope(self) -> Scope:
        """The scope chosen; fields that did not validate fall back to their default."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return Scope(
            as_of=data.get("as_of") or timezone.localdate(),
            directive=data.get("directive") or "",
            agency_kind=data.get("agency_kind") or "",
            include_closed=bool(data.get("include_closed")),
        )


def directives_for_choice(user):
    """(slug, number, title) of every directive the user may open, newest first (plain tuples:
    thousands of demo directives would otherwise cost tens of milliseconds of model instances)."""
    return Directive.objects.visible_to(user).order_by("-issued_on", "slug").values_list("slug", "number", "title")


class ScorecardSortForm(forms.Form):
    sort = forms.ChoiceField(choices=[(key, key) for key in SORT_KEYS], required=False)
    order = forms.ChoiceField(choices=[("asc", "asc"), ("desc", "desc")], required=False)


class CommaDecimalField(forms.DecimalField):
    """Accepts the Vietnamese decimal comma (7,31) as well as a point (7.31)."""

    def to_python(self, value):
        if isinstance(value, str) and value.count(",") == 1 and "." not in value:
            value = value.replace(",", ".")
        return super().to_python(value)


class IndicatorValueForm(forms.Form):
    """A yearly actual value and where it comes from (e.g. the published PCI results)."""

    year = forms.IntegerField(label=_("Năm"), min_value=2000)
    value = CommaDecimalField(label=_("Giá trị thực tế"), max_digits=14, decimal_places=4)
    source = forms.CharField(
        label=_("Nguồn số liệu"),
        max_length=255,
        help_text=_("Ví dụ: Báo cáo PCI 2023 do VCCI công bố ngày 07/5/2024."),
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("Chưa thể có số liệu thực tế của năm %(year)s.") % {"year": year})
        return year


def today() -> datetime.date:
    return timezone.localdate()
