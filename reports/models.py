from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    SIGNED_OFF = "signed_off", _("Lãnh đạo đơn vị đã duyệt")


class ReportSubmission(models.Model):
    """An agency's periodic report (báo cáo định kỳ) on a directive, owed by a due day.

    `due_on` is the due day from the directive's reporting rule; `period` names the period
    it covers ("2023-Q1", "2023-H1", "2023", or the ISO due day for a one-off report).
    """

    directive = models.ForeignKey(
        "directives.Directive", verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="report_submissions"
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan báo cáo"), on_delete=models.PROTECT, related_name="report_submissions"
    )
    period = models.CharField(_("kỳ báo cáo"), max_length=20)
    due_on = models.DateField(_("hạn gửi"))
    state = models.CharField(_("trạng thái"), max_length=12, choices=SubmissionState.choices, default=SubmissionState.DRAFT)
    narrative = models.TextField(_("nội dung báo cáo"), blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(_("lãnh đạo duyệt lúc"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lãnh đạo duyệt"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["-due_on", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "agency", "due_on"], name="report_submission_one_per_due_day"),
        ]

    def __str__(self):
        return f"{self.agency} — {self.directive} — {self.period}"

    @property
    def submitted_on_time(self) -> bool | None:
        if not self.submitted_at:
            return None
        from django.utils import timezone

        return timezone.localtime(self.submitted_at).date() <= self.due_on
