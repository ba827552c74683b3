import datetime

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from langson_portal.models import TimeStamped


class AgencyKind(models.TextChoices):
    DEPARTMENT = "so_ban_nganh", _("Sở, ban, ngành tỉnh")
    DISTRICT = "district", _("UBND cấp huyện")
    COMMUNE = "commune", _("UBND cấp xã")  # xã, phường since 01/7/2025
    CENTRAL = "central", _("Cơ quan Trung ương đóng trên địa bàn")
    POLITICAL_SOCIAL = "political_social", _("Tổ chức chính trị - xã hội")
    ASSOCIATION = "association", _("Hội, hiệp hội")
    PRESS = "press", _("Cơ quan báo chí")
    COURT = "court", _("Tòa án, Viện kiểm sát")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    OTHER = "other", _("Khác")


class AgencyQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        return self.filter(
            models.Q(established_on__isnull=True) | models.Q(established_on__lte=day),
            models.Q(closed_on__isnull=True) | models.Q(closed_on__gt=day),
        )


class Agency(TimeStamped):
    """A cơ quan, đơn vị that can be given work: a Sở, a district UBND, a central agency…

    Agencies merge, split and close (the 2025 reorganisation); a closed agency keeps its
    history and names its successor, which takes over its open work.
    """

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên đầy đủ"), max_length=255, unique=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=120, blank=True)
    aliases = models.JSONField(_("các cách viết khác"), default=list, blank=True)
    kind = models.CharField(_("loại cơ quan"), max_length=20, choices=AgencyKind.choices)
    email = models.EmailField(_("email nhận thông báo"), blank=True)
    email_is_placeholder = models.BooleanField(
        _("email tạm (chưa xác minh)"),
        default=False,
        help_text=_("Địa chỉ dưới tên miền dành riêng, chưa phải hộp thư thật của đơn vị."),
    )
    established_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    closed_on = models.DateField(_("ngày chấm dứt hoạt động"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
    )
    formed_from = models.JSONField(
        _("hình thành từ"),
        default=list,
        blank=True,
        help_text=_("Các đơn vị hành chính cũ hợp thành (xã, phường, thị trấn); để trống là chưa rõ."),
    )
    former_district = models.ForeignKey(
        "self",
        verbose_name=_("thuộc huyện cũ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communes_formed",
        help_text=_("UBND cấp huyện cũ nơi phần lớn địa bàn thuộc về; để trống là chưa rõ."),
    )
    source = models.TextField(_("nguồn thông tin"), blank=True)
    is_demo = models.BooleanField(_("dữ liệu mô phỏng"), default=False, db_index=True)

    objects = AgencyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(successor=models.F("id")),
                name="agency_not_own_successor",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("agencies:detail", kwargs={"code": self.code})

    @property
    def display_short(self) -> str:
        return self.short_name or self.name

    def is_active_on(self, day: datetime.date) -> bool:
        if self.established_on and self.established_on > day:
            return False
        return not (self.closed_on and self.closed_on <= day)

    @property
    def is_closed_today(self) -> bool:
        from django.utils import timezone

        return bool(self.closed_on and self.closed_on <= timezone.localdate())

    def current_holder(self) -> "Agency":
        """The agency that holds this one's work today: itself, or the end of its successor chain."""
        agency, seen = self, set()
        while agency.successor_id and agency.closed_on and agency.pk not in seen:
            seen.add(agency.pk)
            agency = agency.successor
        return agency

    def known_names(self) -> list[str]:
        return [self.name, *([self.short_name] if self.short_name else []), *self.aliases]


class AgencySuccession(TimeStamped):
    """A share of a closed agency's functions that went to a successor other than (or as well
    as) its default one: Sở LĐ-TB&XH's vocational education went to Sở GD&ĐT. Open work moves
    to the default successor (`Agency.successor`); these say where else office staff may
    transfer it."""

    predecessor = models.ForeignKey(
        Agency, verbose_name=_("cơ quan cũ"), on_delete=models.CASCADE, related_name="function_successions"
    )
    successor = models.ForeignKey(
        Agency, verbose_name=_("cơ quan tiếp nhận"), on_delete=models.PROTECT, related_name="function_predecessions"
    )
    functions = models.TextField(_("chức năng tiếp nhận"))
    source = models.TextField(_("nguồn thông tin"), blank=True)

    class Meta:
        verbose_name = _("chuyển giao chức năng")
        verbose_name_plural = _("chuyển giao chức năng")
        ordering = ["predecessor", "successor"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_once_per_pair"),
            models.CheckConstraint(condition=~models.Q(predecessor=models.F("successor")), name="succession_not_self"),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}: {self.functions}"


class AgencyGroup(TimeStamped):
    """A named group of agencies ("các sở, ban, ngành"): work given to it binds each member
    active on the directive's date, so the same group binds the 2022 and the 2026 structure."""

    name = models.CharField(_("tên nhóm"), max_length=255, unique=True)
    aliases = models.JSONField(_("các cách viết khác"), default=list, blank=True)
    members = models.ManyToManyField(Agency, verbose_name=_("thành viên"), related_name="groups", blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("nhóm dùng thay"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Nhóm dùng cho văn bản mới khi nhóm này không còn thành viên nào hoạt động."),
    )
    description = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("nhóm cơ quan")
        verbose_name_plural = _("nhóm cơ quan")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def known_names(self) -> list[str]:
        return [self.name, *self.aliases]
