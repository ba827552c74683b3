import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from langson_portal.models import TimeStamped

from ..status import Lifecycle, status_category
from .roles import AssignmentRole
from .visibility import AssignmentQuerySet, EvidenceFileQuerySet, ExtensionRequestQuerySet, ProgressUpdateQuerySet


class Assignment(TimeStamped):
    """One agency's share of a task (chủ trì or phối hợp), tracked on its own.

    `agency` is the agency the document named and never changes; `holder` is the agency
    responsible now (the successor when the named one has closed). A task given to a group
    makes one assignment per member, remembering the group in `via_group`.
    """

    task = models.ForeignKey(
        "directives.Task", verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="assignments"
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan được giao"), on_delete=models.PROTECT, related_name="assignments"
    )
    holder = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan đang thực hiện"),
        on_delete=models.PROTECT,
        related_name="held_assignments",
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=AssignmentRole.choices)
    via_group = models.ForeignKey(
        "agencies.AgencyGroup",
        verbose_name=_("giao qua nhóm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    lifecycle = models.CharField(
        _("tình trạng"), max_length=16, choices=Lifecycle.choices, default=Lifecycle.NOT_STARTED
    )
    progress_percent = models.PositiveSmallIntegerField(
        _("tiến độ (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    due_on = models.DateField(_("thời hạn ban đầu"), null=True, blank=True)
    extended_due_on = models.DateField(_("thời hạn đã gia hạn"), null=True, blank=True)
    effective_due_on = models.GeneratedField(
        expression=Coalesce("extended_due_on", "due_on"),
        output_field=models.DateField(),
        db_persist=True,
        verbose_name=_("thời hạn áp dụng"),
    )
    assigned_on = models.DateField(_("ngày giao"))
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    withdrawn_on = models.DateField(_("ngày thu hồi giao việc"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["effective_due_on"])

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["task", "role", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["task", "agency"], name="assignment_one_per_task_and_agency"),
            models.CheckConstraint(condition=models.Q(progress_percent__lte=100), name="assignment_percent_max_100"),
            models.CheckConstraint(
                condition=~models.Q(lifecycle="hoan_thanh") | models.Q(completed_on__isnull=False),
                name="assignment_done_has_completion_date",
            ),
        ]
        indexes = [
            models.Index(fields=["holder", "effective_due_on"], name="assignment_holder_due"),
            # The lists' default sort; the included columns let the common filters (not withdrawn,
            # an agency, overdue) and the search's walk read the index alone, without the table.
            models.Index(
                fields=["effective_due_on", "id"],
                include=["withdrawn_on", "holder", "agency", "lifecycle", "completed_on", "task"],
                name="assignment_due_id_cover",
            ),
            models.Index(fields=["lifecycle", "effective_due_on"], name="assignment_lifecycle_due"),
        ]

    def __str__(self):
        return f"{self.task.ref} — {self.agency} ({self.get_role_display()})"

    def get_absolute_url(self):
        return reverse("directives:assignment_detail", kwargs={"pk": self.pk})

    @property
    def is_lead(self) -> bool:
        return self.role == AssignmentRole.LEAD

    def status_on(self, today):
        return status_category(
            lifecycle=self.lifecycle,
            deadline=self.due_on,
            extended_deadline=self.extended_due_on,
            completed_on=self.completed_on,
            today=today,
        )


class ProgressKind(models.TextChoices):
    PROGRESS = "progress", _("Cập nhật tiến độ")
    CONTRIBUTION = "contribution", _("Ý kiến, kết quả phối hợp")
    COMPLETION = "completion", _("Báo cáo hoàn thành")
    CONFIRMATION = "confirmation", _("Xác nhận hoàn thành")
    RETURN = "return", _("Trả lại")
    WITHDRAWAL = "withdrawal", _("Rút báo cáo hoàn thành")


class ProgressUpdate(models.Model):
    """A dated report on an assignment: narrative, percent, lifecycle, evidence files."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("phân công"), on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người cập nhật"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=14, choices=ProgressKind.choices, default=ProgressKind.PROGRESS)
    lifecycle = models.CharField(_("tình trạng"), max_length=16, choices=Lifecycle.choices)
    progress_percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), validators=[MaxValueValidator(100)])
    note = models.TextField(_("nội dung báo cáo"))
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.assignment_id} · {self.get_kind_display()} · {self.created_at:%d/%m/%Y}"


def evidence_path(instance, filename):
    """A random name outside the web root; the original name is kept in the row."""
    return f"evidence/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


class EvidenceFile(models.Model):
    """A file attached to a progress update (PDF, DOCX, XLSX or image), type checked by content."""

    update = models.ForeignKey(
        ProgressUpdate, verbose_name=_("cập nhật"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    objects = EvidenceFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("Chờ xem xét")
    APPROVED = "approved", _("Đồng ý")
    REFUSED = "refused", _("Không đồng ý")
    WITHDRAWN = "withdrawn", _("Đơn vị đã rút đề nghị")


class ExtensionRequest(models.Model):
    """A gia hạn request: the agency asks, office staff decide; the original deadline stays."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("phân công"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    deadline_at_request = models.DateField(_("thời hạn khi đề nghị"), null=True, blank=True)
    requested_due_on = models.DateField(_("thời hạn đề nghị"))
    reason = models.TextField(_("lý do"))
    state = models.CharField(
        _("kết quả"), max_length=10, choices=ExtensionState.choices, default=ExtensionState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decision_comment = models.TextField(_("ý kiến"), blank=True)
    withdrawn_at = models.DateTimeField(_("rút đề nghị lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)

    objects = ExtensionRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=models.Q(state="pending"),
                name="extension_one_pending_per_assignment",
            ),
        ]

    def __str__(self):
        return f"{self.assignment} → {self.requested_due_on:%d/%m/%Y} ({self.get_state_display()})"
