import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _

from directives.models import Assignment

from . import rollup


class StatusRollup(models.Model):
    """Summed +1/−1 status events of assignments (see `dashboards.rollup`).

    Written only by database triggers on `directives_assignment` (PostgreSQL) and by
    `rollup_rebuild()`; never by Django code. Agency ids are plain numbers (no foreign
    key) so that the trigger needs no lock on `agencies_agency`.
    """

    level = models.CharField(_("cấp"), max_length=1)  # y: year, m: month, t: ten days, d: day
    day = models.DateField(_("ngày đầu kỳ"))
    holder_id = models.BigIntegerField(_("cơ quan đang thực hiện"))
    agency_id = models.BigIntegerField(_("cơ quan được giao"))
    role = models.CharField(_("vai trò"), max_length=10)
    category = models.CharField(_("nhóm trạng thái"), max_length=20)
    count = models.IntegerField(_("số phân công (thay đổi)"))
    weight = models.BigIntegerField(_("trọng số ngày chậm (thay đổi)"))

    class Meta:
        verbose_name = _("tổng hợp trạng thái")
        verbose_name_plural = _("tổng hợp trạng thái")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "day", "holder_id", "agency_id", "role", "category"], name="status_rollup_key"
            ),
        ]

    def __str__(self):
        return f"{self.level} {self.day} {self.holder_id}/{self.agency_id} {self.role} {self.category}: {self.count}"


# The triggers live on the assignments table; the rollup they write is this app's.
pgtrigger.register(*rollup.triggers())(Assignment)
