from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles are Django groups with these names; a user may hold several."""

    OFFICE_STAFF = "office_staff", _("Chuyên viên theo dõi (Văn phòng UBND tỉnh, Sở đầu mối)")
    OFFICER = "officer", _("Cán bộ đơn vị")
    AGENCY_HEAD = "agency_head", _("Lãnh đạo đơn vị")
    LEADER = "leader", _("Lãnh đạo UBND tỉnh")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


class User(AbstractUser):
    """A person who signs in: office staff, a department officer, an agency head or a leader."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.get_full_name() or self.username

    def role_names(self) -> set[str]:
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return self._role_names

    def has_role(self, role: Role) -> bool:
        return role.value in self.role_names()

    @property
    def is_office_staff(self) -> bool:
        return self.is_superuser or self.has_role(Role.OFFICE_STAFF) or self.has_role(Role.ADMINISTRATOR)

    @property
    def is_administrator(self) -> bool:
        """Quản trị hệ thống: the only one who may repair workflow rows in the admin."""
        return self.is_superuser or self.has_role(Role.ADMINISTRATOR)

    @property
    def is_leader(self) -> bool:
        return self.has_role(Role.LEADER)

    @property
    def sees_everything(self) -> bool:
        """Office staff and provincial leaders read every agency's work."""
        return self.is_office_staff or self.is_leader
