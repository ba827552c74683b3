import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from directives.models import Assignment
from directives.selectors import Progress, status_counts
from langson_portal.tables import FastTable

from .models import Agency


class AgencyTable(FastTable):
    code = tables.Column(verbose_name=_("Mã"))
    name = tables.Column(verbose_name=_("Tên cơ quan, đơn vị"))
    short_name = tables.Column(verbose_name=_("Tên viết tắt"), orderable=False)
    kind = tables.Column(verbose_name=_("Loại"))
    state = tables.Column(verbose_name=_("Tình trạng"), empty_values=(), orderable=False)
    open_work = tables.Column(verbose_name=_("Việc đang thực hiện"), empty_values=(), orderable=False)
    overdue = tables.Column(verbose_name=_("Quá hạn"), empty_values=(), orderable=False)

    class Meta:
        model = Agency
        fields: list[str] = []
        sequence = ("code", "name", "short_name", "kind", "state", "open_work", "overdue")
        order_by = ("name",)
        empty_text = _("Không có cơ quan nào khớp điều kiện lọc.")
        template_name = "lists/table.html"

    def prepare_records(self, records):
        """Open and overdue work of these agencies, over the assignments the user may see."""
        ids = [a.pk for a in records]
        visible = Assignment.objects.filter(holder_id__in=ids).visible_to(self.request.user)
        counts = status_counts(assignments=visible, today=timezone.localdate(), by="holder_id")
        for agency in records:
            agency.progress = Progress(counts.get(agency.pk))

    def render_name(self, record):
        return format_html('<a href="{}">{}</a>', reverse("agencies:detail", kwargs={"code": record.code}), record.name)

    def render_kind(self, record):
        return record.get_kind_display()

    def value_kind(self, record):
        return record.get_kind_display()

    def value_state(self, record):
        if record.closed_on is None:
            return str(_("Đang hoạt động"))
        text = f"{_('Chấm dứt từ')} {record.closed_on:%d/%m/%Y}"
        if record.successor_id:
            text += f" → {_('nay')}: {record.successor.name}"
        return text

    def render_state(self, record):
        if record.closed_on is None:
            return _("Đang hoạt động")
        if record.successor_id:
            url = reverse("agencies:detail", kwargs={"code": record.successor.code})
            return format_html(
                '{} {} → {}: <a href="{}">{}</a>',
                _("Chấm dứt từ"),
                f"{record.closed_on:%d/%m/%Y}",
                _("nay"),
                url,
                record.successor.name,
            )
        return format_html("{} {}", _("Chấm dứt từ"), f"{record.closed_on:%d/%m/%Y}")

    def render_open_work(self, record):
        return getattr(record, "progress", None) and record.progress.total - record.progress.done or 0

    def value_open_work(self, record):
        return self.render_open_work(record)

    def render_overdue(self, record):
        return getattr(record, "progress", None) and record.progress.overdue or 0

    def value_overdue(self, record):
        return self.render_overdue(record)
