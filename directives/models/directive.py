from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from langson_portal.models import TimeStamped

from .visibility import DirectiveQuerySet


class DirectiveKind(models.TextChoices):
    PLAN = "ke_hoach", _("Kế hoạch")
    DISPATCH = "cong_van", _("Công văn")
    DECISION = "quyet_dinh", _("Quyết định")
    INSTRUCTION = "chi_thi", _("Chỉ thị")
    URGENT_DISPATCH = "cong_dien", _("Công điện")


class DirectiveState(models.TextChoices):
    OPEN = "open", _("Đang theo dõi")
    CLOSED = "closed", _("Đã kết thúc")


# A trích yếu is a sentence or two (the seeds' longest is 225 characters); the limit is the
# one rule the form, the file import and the text importer all apply (the model field's
# validator), and the database holds it too.
TITLE_MAX_LENGTH = 1000


class Directive(TimeStamped):
    """A văn bản chỉ đạo of the UBND tỉnh: a plan or dispatch whose tasks the portal tracks.

    Scanned copies are often cut: a missing number, date or signer stays empty.
    """

    slug = models.SlugField(_("mã định danh"), max_length=120, unique=True)
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=DirectiveKind.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=80, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issued_text = models.CharField(
        _("địa danh, ngày tháng như in"),
        max_length=200,
        blank=True,
        help_text=_("Ghi nguyên văn khi ngày ban hành không đầy đủ."),
    )
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, default="UBND tỉnh Lạng Sơn")
    title = models.TextField(
        _("trích yếu"), max_length=TITLE_MAX_LENGTH, validators=[MaxLengthValidator(TITLE_MAX_LENGTH)]
    )
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    implements = models.JSONField(_("văn bản được triển khai"), default=list, blank=True)
    recipients = models.JSONField(_("nơi nhận, kính gửi"), default=list, blank=True)
    focal_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan đầu mối"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focal_directives",
    )
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=DirectiveState.choices, default=DirectiveState.OPEN
    )
    closed_on = models.DateField(_("ngày kết thúc theo dõi"), null=True, blank=True)
    is_demo = models.BooleanField(_("dữ liệu mô phỏng"), default=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DirectiveQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        ordering = ["-issued_on", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("title"), TITLE_MAX_LENGTH),
                name="directive_title_max_length",
                violation_error_message=format_lazy(_("Trích yếu dài quá {} ký tự."), TITLE_MAX_LENGTH),
            ),
        ]

    def __str__(self):
        label = f"{self.get_kind_display()} {self.number}".strip() if self.number else self.get_kind_display()
        return f"{label}: {self.title[:80]}"

    def get_absolute_url(self):
        return reverse("directives:directive_detail", kwargs={"slug": self.slug})

    @property
    def display_number(self) -> str:
        return self.number or _("(không rõ số)")


class SectionKind(models.TextChoices):
    TASKS = "tasks", _("Nhiệm vụ")
    OBJECTIVES = "objectives", _("Mục đích, yêu cầu, mục tiêu")


class Section(models.Model):
    """A numbered heading of a directive (I., 1., a)); headings nest."""

    directive = models.ForeignKey(
        Directive, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="sections"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("mục cha"), on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    ref = models.CharField(_("số hiệu mục"), max_length=40)
    title = models.TextField(_("tiêu đề"))
    kind = models.CharField(_("loại mục"), max_length=12, choices=SectionKind.choices, default=SectionKind.TASKS)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mục")
        verbose_name_plural = _("mục")
        ordering = ["directive", "position"]
        constraints = [models.UniqueConstraint(fields=["directive", "ref"], name="section_ref_unique_in_directive")]

    def __str__(self):
        return f"{self.ref}. {self.title[:80]}"

    @property
    def depth(self) -> int:
        return self.ref.count(".")
