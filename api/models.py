"""Who may call the API (hashed tokens) and what the portal tells other systems (webhooks).

An `ApiToken` belongs to a person or to a system account (a user of no agency: the IOC, the
document-management system); only the SHA-256 of the token is kept. A `WebhookSubscription`
is a URL a system account wants told of events; each event is recorded once as a
`WebhookEvent`, and one `WebhookDelivery` per subscriber is sent once (the outbox).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TokenScope(models.TextChoices):
    READ = "read", _("Chỉ đọc")
    WRITE = "write", _("Đọc và ghi")


class ApiToken(models.Model):
    """A Bearer token: the API acts as `user`, and only reads when the scope is read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên gợi nhớ"), max_length=120, blank=True)
    prefix = models.CharField(_("đầu mã"), max_length=12, help_text=_("Vài ký tự đầu của mã, để nhận ra mã."))
    key_hash = models.CharField(_("mã băm SHA-256"), max_length=64, unique=True, editable=False)
    scope = models.CharField(_("phạm vi"), max_length=5, choices=TokenScope.choices)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thu hồi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.prefix}… · {self.user} ({self.get_scope_display()})"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    @property
    def allows_writes(self) -> bool:
        return self.scope == TokenScope.WRITE


class EventKind(models.TextChoices):
    ASSIGNMENT_CREATED = "assignment.created", _("Giao nhiệm vụ mới")
    STATUS_CHANGED = "assignment.status_changed", _("Thay đổi tình trạng so với thời hạn")
    COMPLETION_CONFIRMED = "assignment.completion_confirmed", _("Xác nhận hoàn thành")
    COMPLETION_RETURNED = "assignment.completion_returned", _("Trả lại kết quả")
    EXTENSION_DECIDED = "extension.decided", _("Quyết định gia hạn")
    DIRECTION_POSTED = "direction.posted", _("Ý kiến chỉ đạo mới")  # a leader's direction (collaboration)
    REPORT_PUBLISHED = "report.published", _("Phát hành báo cáo tổng hợp")


class WebhookSubscription(models.Model):
    """A system account's URL, told of the chosen events, each body signed with `secret`."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản hệ thống"),
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
    )
    url = models.URLField(_("địa chỉ nhận"), max_length=500)
    events = models.JSONField(_("sự kiện"), default=list, help_text=_("Danh sách loại sự kiện muốn nhận."))
    secret = models.CharField(_("khóa ký"), max_length=80, editable=False)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("đăng ký webhook")
        verbose_name_plural = _("đăng ký webhook")
        ordering = ["owner", "id"]

    def __str__(self):
        return f"{self.owner} → {self.url}"


class WebhookEvent(models.Model):
    """One fact to tell, recorded once per (kind, object, occasion) whatever sends it twice."""

    kind = models.CharField(_("loại sự kiện"), max_length=40, choices=EventKind.choices)
    object_key = models.CharField(_("đối tượng"), max_length=64)
    occasion = models.CharField(_("đợt"), max_length=64)
    assignment = models.ForeignKey(
        "directives.Assignment",
        verbose_name=_("phân công"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    directive = models.ForeignKey(
        "directives.Directive",
        verbose_name=_("văn bản"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    data = models.JSONField(_("nội dung"), default=dict)
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("sự kiện webhook")
        verbose_name_plural = _("sự kiện webhook")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_key", "occasion"], name="webhook_event_once"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.object_key}"


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")


class WebhookDelivery(models.Model):
    """One event for one subscriber: recorded pending, claimed under a row lock, marked sent once."""

    event = models.ForeignKey(
        WebhookEvent, verbose_name=_("sự kiện"), on_delete=models.CASCADE, related_name="deliveries"
    )
    subscription = models.ForeignKey(
        WebhookSubscription, verbose_name=_("đăng ký"), on_delete=models.CASCADE, related_name="deliveries"
    )
    state = models.CharField(
        _("trạng thái"), max_length=8, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_status = models.PositiveSmallIntegerField(_("mã trả về gần nhất"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("lần gửi webhook")
        verbose_name_plural = _("lần gửi webhook")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "subscription"], name="webhook_delivery_once"),
        ]
        indexes = [models.Index(fields=["state"], name="webhook_delivery_state")]

    def __str__(self):
        return f"{self.event} → {self.subscription.url} ({self.get_state_display()})"
