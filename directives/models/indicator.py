from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class IndicatorGroup(models.TextChoices):
    PCI = "PCI", _("PCI — Năng lực cạnh tranh cấp tỉnh")
    PGI = "PGI", _("PGI — Chỉ số xanh cấp tỉnh")
    EODB = "EoDB", _("EoDB — Môi trường kinh doanh")
    GCI = "GCI", _("GCI 4.0 — Năng lực cạnh tranh toàn cầu")
    OBJECTIVE = "MUC_TIEU", _("Mục tiêu, chỉ tiêu của kế hoạch")


class Indicator(models.Model):
    """A chỉ số or chỉ tiêu a directive aims at, with a baseline, a target and yearly actuals."""

    directive = models.ForeignKey(
        "directives.Directive", verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("mã"), max_length=40)
    name = models.TextField(_("tên chỉ số, chỉ tiêu"))
    group = models.CharField(_("nhóm"), max_length=10, choices=IndicatorGroup.choices)
    focal_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan đầu mối"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focal_indicators",
    )
    unit = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    baseline = models.DecimalField(_("giá trị gốc"), max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("năm gốc"), null=True, blank=True)
    target = models.DecimalField(_("mục tiêu"), max_digits=14, decimal_places=4, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("năm mục tiêu"), null=True, blank=True)
    target_text = models.TextField(_("mục tiêu như văn bản ghi"), blank=True)
    tasks = models.ManyToManyField(
        "directives.Task", verbose_name=_("nhiệm vụ liên quan"), related_name="indicators", blank=True
    )
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        verbose_name = _("chỉ số, chỉ tiêu")
        verbose_name_plural = _("chỉ số, chỉ tiêu")
        ordering = ["directive", "position"]
        constraints = [models.UniqueConstraint(fields=["directive", "code"], name="indicator_code_unique_in_directive")]

    def __str__(self):
        return f"{self.group} · {self.name[:80]}"


class IndicatorValue(models.Model):
    """The actual value of an indicator for a year (e.g. the published PCI result), with its source."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("chỉ số"), on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("giá trị thực tế"), max_digits=14, decimal_places=4)
    source = models.CharField(_("nguồn số liệu"), max_length=255)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giá trị thực tế")
        verbose_name_plural = _("giá trị thực tế")
        ordering = ["indicator", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="indicator_value_one_per_year")]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {self.value}"
