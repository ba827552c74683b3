import uuid

from django.apps import apps
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.models.visibility import agency_of, sees_everything
from langson_portal.models import TimeStamped


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    SIGNED_OFF = "signed_off", _("Lãnh đạo đơn vị đã duyệt")


class ReportSubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Office staff and leaders see every agency's report; an agency sees only its own."""
        if sees_everything(user):
            return self
        agency_id = agency_of(user)
        return self.filter(agency_id=agency_id) if agency_id else self.none()


class ReportSubmission(TimeStamped):
    """An agency's periodic report (báo cáo định kỳ) on a directive, owed by a due day.

    `due_on` is the due day from the directive's reporting rule; `period` names the period
    it covers ("2023-Q1", "2023-H1", "2023", or the ISO due day for a one-off report).
    """

    directive = models.ForeignKey(
        "directives.Directive", verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="report_submissions"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan báo cáo"),
        on_delete=models.PROTECT,
        related_name="report_submissions",
    )
    period = models.CharField(_("kỳ báo cáo"), max_length=20)
    due_on = models.DateField(_("hạn gửi"))
    state = models.CharField(
        _("trạng thái"), max_length=12, choices=SubmissionState.choices, default=SubmissionState.DRAFT
    )
    narrative = models.TextField(_("nội dung báo cáo"), blank=True)
    snapshot = models.JSONField(
        _("tình hình nhiệm vụ khi gửi"),
        default=list,
        blank=True,
        help_text=_("Trạng thái từng phân công của đơn vị, chụp lại lúc gửi báo cáo."),
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(_("lãnh đạo duyệt lúc"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lãnh đạo duyệt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ReportSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["-due_on", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "agency", "due_on"], name="report_submission_one_per_due_day"),
        ]

    def __str__(self):
        return f"{self.agency} — {self.directive} — {self.period}"

    def get_absolute_url(self):
        return reverse("reports:submission_detail", kwargs={"pk": self.pk})

    @property
    def submitted_on_time(self) -> bool | None:
        if not self.submitted_at:
            return None
        return timezone.localtime(self.submitted_at).date() <= self.due_on


def attachment_path(instance, filename):
    """A random name; the original name is kept in the row."""
    return f"report-attachments/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


class SubmissionAttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """With the report they are attached to."""
        return self.filter(submission__in=ReportSubmission.objects.visible_to(user))


class SubmissionAttachment(models.Model):
    """A file an agency attaches to its periodic report (PDF, DOCX, XLSX, image)."""

    submission = models.ForeignKey(
        ReportSubmission, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    objects = SubmissionAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp đính kèm báo cáo")
        verbose_name_plural = _("tệp đính kèm báo cáo")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("reports:attachment_download", kwargs={"pk": self.pk})


class DirectiveReportSettings(models.Model):
    """How a directive's compiled reports are cut off and scheduled (one row per directive, optional).

    Without a row the defaults hold: the cut-off of Nghị định 09/2019/NĐ-CP (the 14th) and
    REPORTS_DRAFT_LEAD_DAYS days of lead time for the draft.
    """

    directive = models.OneToOneField(
        "directives.Directive", verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="report_settings"
    )
    cutoff_day = models.PositiveSmallIntegerField(
        _("ngày chốt số liệu"),
        null=True,
        blank=True,
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_(
            "Số liệu kỳ tính từ ngày sau ngày này của tháng trước kỳ đến ngày này của tháng cuối kỳ "
            "(Nghị định 09/2019/NĐ-CP: ngày 14). Để trống: theo tháng dương lịch."
        ),
    )
    draft_lead_days = models.PositiveSmallIntegerField(
        _("lập dự thảo trước hạn (ngày)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(60)],
        help_text=_("Để trống: theo cấu hình chung."),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("cấu hình báo cáo tổng hợp")
        verbose_name_plural = _("cấu hình báo cáo tổng hợp")
        ordering = ["directive"]

    def __str__(self):
        return str(self.directive)


class CompiledKind(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    FINAL = "final", _("Bản chính thức")


def compiled_path(instance, filename):
    return f"compiled-reports/{instance.directive.slug}/{instance.period}/{filename}"


class CompiledReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Office staff and leaders see every compiled report; an agency sees the published
        (final) reports of the directives it works on; drafts stay with office staff and leaders."""
        if sees_everything(user):
            return self
        if agency_of(user) is None:
            return self.none()
        directives = apps.get_model("directives", "Directive").objects.visible_to(user)
        return self.filter(kind=CompiledKind.FINAL, directive__in=directives)


class CompiledReport(TimeStamped):
    """The report a focal agency compiles for the UBND tỉnh on a directive and a period.

    Its figures are computed "as of" the period's cut-off and kept in `figures`, so the
    files can be rendered again and always say the same. One row per (directive, period,
    kind): a draft is rebuilt in place, the final one is built once, when office staff publish.
    """

    directive = models.ForeignKey(
        "directives.Directive", verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="compiled_reports"
    )
    period = models.CharField(_("kỳ báo cáo"), max_length=20)
    kind = models.CharField(_("loại"), max_length=8, choices=CompiledKind.choices, default=CompiledKind.DRAFT)
    period_start = models.DateField(_("số liệu từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("số liệu đến ngày"))
    as_of = models.DateField(_("số liệu tính đến ngày"))
    due_on = models.DateField(_("hạn báo cáo"), null=True, blank=True)
    figures = models.JSONField(_("số liệu"), default=dict)
    pdf = models.FileField(_("tệp PDF"), upload_to=compiled_path, max_length=255, blank=True)
    pdf_sha256 = models.CharField(_("mã băm PDF"), max_length=64, blank=True)
    xlsx = models.FileField(_("tệp Excel"), upload_to=compiled_path, max_length=255, blank=True)
    xlsx_sha256 = models.CharField(_("mã băm Excel"), max_length=64, blank=True)
    built_at = models.DateTimeField(_("lập lúc"))
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Để trống: lập tự động theo lịch."),
    )

    objects = CompiledReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo tổng hợp")
        verbose_name_plural = _("báo cáo tổng hợp")
        ordering = ["-period_end", "directive", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "period", "kind"], name="compiled_report_one_per_kind"),
        ]

    def __str__(self):
        return f"{self.directive.display_number} — {self.period} — {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("reports:compiled_detail", kwargs={"pk": self.pk})
