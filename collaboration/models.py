"""Working together on a task: the discussion (trao đổi), leaders' directions (ý kiến chỉ
đạo), who follows (theo dõi) what, and each person's calendar feed.

Visibility: a message is seen by everyone who sees its task (`Task.objects.visible_to`);
a direction by everyone who sees what it is on (the assignment, the task or the directive).
Progress notes and evidence keep their own narrower rule (`Assignment.objects.visible_to`).
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directives.models.visibility import agency_of, assignment_visibility_q, sees_everything
from langson_portal.models import TimeStamped


class MessageQuerySet(models.QuerySet):
    def visible_to(self, user):
        from directives.models import Task

        if sees_everything(user):
            return self
        return self.filter(task__in=Task.objects.visible_to(user))


class Message(models.Model):
    """A message in a task's discussion, by one of its agencies, office staff or a leader.

    Never deleted; its author may edit it for `EDIT_MINUTES` after writing (each version
    is kept in the history).
    """

    task = models.ForeignKey(
        "directives.Task", verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người viết"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Đơn vị của người viết lúc viết."),
    )
    body = models.TextField(_("nội dung"))
    mentioned_agencies = models.ManyToManyField(
        "agencies.Agency", verbose_name=_("cơ quan được nhắc tên"), blank=True, related_name="+"
    )
    mentioned_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("người được nhắc tên"), blank=True, related_name="+"
    )
    edited_at = models.DateTimeField(_("sửa lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("viết lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = MessageQuerySet.as_manager()
    history = HistoricalRecords()

    EDIT_MINUTES = 15

    class Meta:
        verbose_name = _("ý kiến trao đổi")
        verbose_name_plural = _("ý kiến trao đổi")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["task", "created_at"], name="message_task_created")]

    def __str__(self):
        return f"{self.task_id} · {self.author} · {self.body[:60]}"

    def get_absolute_url(self):
        return reverse("directives:task_detail", kwargs={"pk": self.task_id}) + f"#tin-{self.pk}"


def attachment_path(instance, filename):
    """A random name outside the web root; the original name is kept in the row."""
    return f"discussion/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


class MessageAttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(message__in=Message.objects.visible_to(user))


class MessageAttachment(models.Model):
    """A file attached to a message, checked like evidence (PDF, DOCX, XLSX, PNG, JPEG)."""

    message = models.ForeignKey(Message, verbose_name=_("ý kiến"), on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    objects = MessageAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp đính kèm ý kiến")
        verbose_name_plural = _("tệp đính kèm ý kiến")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name


class DirectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """On an assignment: as the assignment; on a task: as the task; on a directive: as the directive."""
        from directives.models import Directive, Task

        if sees_everything(user):
            return self
        agency_id = agency_of(user)
        if agency_id is None:
            return self.none()
        return self.filter(
            (Q(assignment__isnull=False) & assignment_visibility_q(agency_id, "assignment__"))
            | Q(assignment__isnull=True, task__isnull=False, task__in=Task.objects.visible_to(user))
            | Q(task__isnull=True, directive__in=Directive.objects.visible_to(user))
        )

    def unanswered(self):
        return self.filter(answered_at__isnull=True)


class Direction(models.Model):
    """A leader's direction (ý kiến chỉ đạo) on an assignment, a task or a whole directive.

    It names the agency that must acknowledge (đã tiếp nhận) and answer it: the holder of
    the assignment, the lead of the task, or the directive's focal agency. A new deadline
    may be proposed; deciding it stays with office staff.
    """

    directive = models.ForeignKey(
        "directives.Directive", verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="directions"
    )
    task = models.ForeignKey(
        "directives.Task",
        verbose_name=_("nhiệm vụ"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="directions",
    )
    assignment = models.ForeignKey(
        "directives.Assignment",
        verbose_name=_("phân công"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="directions",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lãnh đạo chỉ đạo"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan tiếp nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directions",
    )
    body = models.TextField(_("nội dung chỉ đạo"))
    proposed_due_on = models.DateField(_("đề xuất thời hạn mới"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answer = models.TextField(_("trả lời"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("chỉ đạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = DirectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ý kiến chỉ đạo")
        verbose_name_plural = _("ý kiến chỉ đạo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assignment__isnull=True) | Q(task__isnull=False), name="direction_assignment_has_task"
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(acknowledged_at__isnull=False),
                name="direction_answered_after_acknowledged",
            ),
        ]
        indexes = [
            models.Index(fields=["agency"], condition=Q(answered_at__isnull=True), name="direction_unanswered"),
        ]

    def __str__(self):
        return f"{self.author}: {self.body[:60]}"

    def get_absolute_url(self):
        if self.assignment_id:
            url = reverse("directives:assignment_detail", kwargs={"pk": self.assignment_id})
        elif self.task_id:
            url = reverse("directives:task_detail", kwargs={"pk": self.task_id})
        else:
            url = reverse("directives:directive_detail", kwargs={"slug": self.directive.slug})
        return f"{url}#chi-dao-{self.pk}"

    @property
    def state(self) -> str:
        if self.answered_at:
            return "answered"
        if self.acknowledged_at:
            return "acknowledged"
        return "open"

    @property
    def state_label(self) -> str:
        return {
            "answered": _("Đã trả lời"),
            "acknowledged": _("Đã tiếp nhận, chờ trả lời"),
            "open": _("Chờ tiếp nhận"),
        }[self.state]


class Follow(TimeStamped):
    """A person follows (theo dõi) a directive or a task to get its notices.

    Office staff follow the directives they entered without a row; a row with
    `following=False` is how they stop.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người theo dõi"), on_delete=models.CASCADE, related_name="follows"
    )
    directive = models.ForeignKey(
        "directives.Directive",
        verbose_name=_("văn bản"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    task = models.ForeignKey(
        "directives.Task",
        verbose_name=_("nhiệm vụ"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    following = models.BooleanField(_("đang theo dõi"), default=True)

    class Meta:
        verbose_name = _("theo dõi")
        verbose_name_plural = _("theo dõi")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(directive__isnull=True, task__isnull=False) | Q(directive__isnull=False, task__isnull=True),
                name="follow_directive_or_task",
            ),
            models.UniqueConstraint(fields=["user", "directive"], name="follow_once_per_directive"),
            models.UniqueConstraint(fields=["user", "task"], name="follow_once_per_task"),
        ]

    def __str__(self):
        return f"{self.user} → {self.directive or self.task}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(TimeStamped):
    """A person's secret iCal address (RFC 5545). Revoking gives a new token; the old one 404s."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(_("mã bí mật"), max_length=64, unique=True, default=new_feed_token)

    class Meta:
        verbose_name = _("lịch iCal")
        verbose_name_plural = _("lịch iCal")
        ordering = ["user"]

    def __str__(self):
        return f"{self.user}"

    def get_absolute_url(self):
        return reverse("collaboration:ical_feed", kwargs={"token": self.token})
