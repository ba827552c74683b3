"""What the portal sends by email, recorded before it is sent so that it is sent once.

A `Notification` is one fact a recipient must hear about (an assignment due in 3 days, a
report owed, a completion confirmed), unique per (kind, object, recipient, occasion). An
`OutgoingEmail` is one email to one address, unique per (recipient, category, occasion): a
recipient's daily reminder bundles that day's notifications, an event notice carries one
signal's notifications, and the digests are computed when they are written.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from langson_portal.models import TimeStamped


class Kind(models.TextChoices):
    DEADLINE_SOON = "han_sap_den", _("Sắp đến hạn")
    DUE_TODAY = "den_han", _("Đến hạn hôm nay")
    OVERDUE = "qua_han", _("Quá hạn")
    REPORT_DUE = "bao_cao", _("Sắp đến hạn gửi báo cáo định kỳ")
    ASSIGNED = "giao_moi", _("Được giao nhiệm vụ mới")
    COMPLETION_CONFIRMED = "xac_nhan", _("Xác nhận hoàn thành")
    COMPLETION_RETURNED = "tra_lai", _("Trả lại kết quả")
    EXTENSION_DECIDED = "gia_han", _("Kết quả đề nghị gia hạn")
    DIRECTION = "chi_dao", _("Ý kiến chỉ đạo của lãnh đạo")
    DIRECTION_ANSWERED = "tl_chi_dao", _("Đơn vị trả lời ý kiến chỉ đạo")
    MENTION = "nhac_ten", _("Được nhắc tên trong trao đổi")
    MESSAGE = "trao_doi", _("Ý kiến trao đổi mới ở việc đang theo dõi")


# Never opted out of: overdue work of the recipient's own agency.
ESSENTIAL_KINDS = frozenset({Kind.OVERDUE})


class Category(models.TextChoices):
    DAILY = "nhac_han_ngay", _("Nhắc hạn hằng ngày")
    EVENT = "su_kien", _("Thông báo ngay")
    OFFICE_DIGEST = "tong_hop_ngay", _("Tổng hợp quá hạn hằng ngày (Văn phòng)")
    LEADER_DIGEST = "tong_hop_tuan", _("Tổng hợp hằng tuần (Lãnh đạo tỉnh)")
    AGENCY_WEEKLY = "qua_han_tuan", _("Việc quá hạn hằng tuần của đơn vị")


# Digests a user may turn off; the agency's weekly overdue digest is essential.
OPTIONAL_CATEGORIES = frozenset({Category.OFFICE_DIGEST, Category.LEADER_DIGEST})


class EmailState(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")


class OutgoingEmail(TimeStamped):
    """One email to one address: written (pending) before sending, marked sent or failed."""

    recipient = models.EmailField(_("người nhận"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản nhận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("đơn vị"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Đơn vị có công việc được nhắc (khi thư gửi cho một đơn vị)."),
    )
    category = models.CharField(_("loại thư"), max_length=16, choices=Category.choices)
    occasion = models.CharField(_("đợt gửi"), max_length=64, help_text=_("Ngày gửi, hoặc sự kiện gây ra thư."))
    day = models.DateField(_("ngày"), help_text=_("Ngày (giờ Việt Nam) mà thư nói đến."))
    is_placeholder = models.BooleanField(
        _("địa chỉ tạm"), default=False, help_text=_("Địa chỉ dưới tên miền dành riêng langson.example, chưa xác minh.")
    )
    state = models.CharField(_("trạng thái"), max_length=8, choices=EmailState.choices, default=EmailState.PENDING)
    subject = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    retried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cho gửi lại"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("thư đã gửi")
        verbose_name_plural = _("thư thông báo đã gửi")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "category", "occasion"], name="outgoing_email_once"),
        ]
        indexes = [models.Index(fields=["state", "day"], name="outgoing_email_state_day")]

    def __str__(self):
        return f"{self.get_category_display()} → {self.recipient} ({self.occasion})"

    @property
    def message_id(self) -> str:
        """Stable Message-ID: a resend of the same email carries the same identity."""
        return f"<thongbao-{self.pk}@langson.example>"


class Notification(models.Model):
    """One fact for one recipient, recorded once per (kind, object, recipient, occasion)."""

    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    object_key = models.CharField(
        _("đối tượng"), max_length=64, help_text=_("Phân công, đề nghị gia hạn hoặc kỳ báo cáo.")
    )
    recipient = models.EmailField(_("người nhận"), max_length=254)
    occasion = models.CharField(_("đợt"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản nhận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("đơn vị"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_placeholder = models.BooleanField(_("địa chỉ tạm"), default=False)
    assignment = models.ForeignKey(
        "directives.Assignment",
        verbose_name=_("phân công"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    directive = models.ForeignKey(
        "directives.Directive",
        verbose_name=_("văn bản"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("hạn"), null=True, blank=True)
    detail = models.JSONField(_("chi tiết"), default=dict, blank=True)
    email = models.ForeignKey(
        OutgoingEmail,
        verbose_name=_("thư"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nội dung thông báo")
        verbose_name_plural = _("nội dung thông báo")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_key", "recipient", "occasion"], name="notification_once"),
        ]
        indexes = [
            models.Index(fields=["recipient"], condition=models.Q(email__isnull=True), name="notification_unbundled"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.object_key} → {self.recipient}"


class Delivery(models.TextChoices):
    IMMEDIATE = "ngay", _("Gửi ngay từng thông báo")
    DAILY = "hang_ngay", _("Gộp vào một thư mỗi ngày")


class NotificationPreference(models.Model):
    """How one user wants to hear: each notice at once or one daily email; kinds turned off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    delivery = models.CharField(_("cách nhận"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    muted_kinds = models.JSONField(_("loại thông báo không nhận"), default=list, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("tùy chọn nhận thông báo")
        verbose_name_plural = _("tùy chọn nhận thông báo")
        ordering = ["user"]

    def __str__(self):
        return f"{self.user} · {self.get_delivery_display()}"

    def wants(self, kind: str) -> bool:
        return kind in ESSENTIAL_KINDS or kind not in self.muted_kinds


class InboxItemQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class InboxItem(models.Model):
    """One notice in a person's inbox in the portal (/thong-bao/).

    Written by the same service that records the notice for email (`notifications.services`),
    one row per notice addressed to a user account, so the inbox and the email say the same.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="inbox_items"
    )
    notification = models.OneToOneField(
        Notification, verbose_name=_("thông báo"), on_delete=models.CASCADE, related_name="inbox_item"
    )
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("nhận lúc"))

    objects = InboxItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo trong cổng")
        verbose_name_plural = _("hộp thư thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="inbox_user_newest"),
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True), name="inbox_user_unread"),
        ]

    def __str__(self):
        return f"{self.user_id} · {self.notification_id}"
