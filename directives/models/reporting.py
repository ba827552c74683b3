import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..reporting_days import due_dates_between


class ReportingPeriod(models.TextChoices):
    ONCE = "once", _("Một lần")
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEARLY = "half_yearly", _("6 tháng")
    ANNUAL = "annual", _("Hằng năm")


class ReportingRule(models.Model):
    """When the agencies of a directive owe a report (chế độ báo cáo).

    Once on a date; quarterly on day D of month M of the quarter (optionally only some
    months); half-yearly; annual on a day and month.
    """

    directive = models.ForeignKey(
        "directives.Directive", verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="reporting_rules"
    )
    period = models.CharField(_("kỳ báo cáo"), max_length=12, choices=ReportingPeriod.choices)
    due_on = models.DateField(_("hạn báo cáo (một lần)"), null=True, blank=True)
    day = models.PositiveSmallIntegerField(
        _("ngày trong tháng"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    month_of_quarter = models.PositiveSmallIntegerField(
        _("tháng thứ mấy của quý"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    months = models.JSONField(_("chỉ các tháng"), default=list, blank=True)
    month = models.PositiveSmallIntegerField(
        _("tháng"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    reporter = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("đơn vị báo cáo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Để trống: mọi cơ quan được giao nhiệm vụ đều báo cáo."),
    )
    recipient = models.CharField(_("gửi đến"), max_length=255, blank=True)
    text = models.TextField(_("nguyên văn quy định"), blank=True)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quy định báo cáo")
        verbose_name_plural = _("quy định báo cáo")
        ordering = ["directive", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(period="once") | models.Q(due_on__isnull=False),
                name="reporting_once_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(period="quarterly") | models.Q(day__isnull=False, month_of_quarter__isnull=False),
                name="reporting_quarterly_has_day_and_month",
            ),
            models.CheckConstraint(
                condition=~models.Q(period__in=["annual", "half_yearly"])
                | models.Q(day__isnull=False, month__isnull=False),
                name="reporting_annual_has_day_and_month",
            ),
        ]

    def __str__(self):
        return f"{self.get_period_display()} — {self.describe()}"

    def describe(self) -> str:
        if self.period == ReportingPeriod.ONCE:
            return _("trước ngày %(date)s") % {"date": self.due_on.strftime("%d/%m/%Y")}
        if self.period == ReportingPeriod.QUARTERLY:
            if self.months:
                months = ", ".join(str(m) for m in self.months)
                return _("trước ngày %(day)s các tháng %(months)s") % {"day": self.day, "months": months}
            return _("trước ngày %(day)s tháng thứ %(m)s của quý") % {"day": self.day, "m": self.month_of_quarter}
        if self.period == ReportingPeriod.HALF_YEARLY:
            return _("trước ngày %(day)s/%(month)s và sáu tháng sau") % {"day": self.day, "month": self.month}
        return _("trước ngày %(day)s/%(month)s hằng năm") % {"day": self.day, "month": self.month}

    def due_dates_between(self, start: datetime.date, end: datetime.date) -> list[datetime.date]:
        return due_dates_between(
            period=self.period,
            due_on=self.due_on,
            day=self.day,
            month_of_quarter=self.month_of_quarter,
            months=self.months,
            month=self.month,
            start=start,
            end=end,
        )
