from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from langson_portal.models import TimeStamped
from langson_portal.text import fold

from ..deadlines import DeadlineKind, Recurrence
from .visibility import TaskQuerySet


class Task(TimeStamped):
    """A nhiệm vụ inside a directive, with its own reference (`II.4.a`, `2-3`) and deadline.

    The deadline keeps the document's wording (`due_text`) beside the date derived from it:
    a quarter ("trong quý II/2022") is due on the quarter's last day.
    """

    directive = models.ForeignKey(
        "directives.Directive", verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="tasks"
    )
    section = models.ForeignKey(
        "directives.Section",
        verbose_name=_("mục"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    ref = models.CharField(_("số hiệu"), max_length=40)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    content = models.TextField(_("nội dung nhiệm vụ"))
    content_folded = models.TextField(_("nội dung không dấu"), blank=True, editable=False)
    deadline_kind = models.CharField(
        _("loại thời hạn"), max_length=12, choices=DeadlineKind.choices, default=DeadlineKind.NONE
    )
    due_on = models.DateField(_("thời hạn"), null=True, blank=True)
    due_text = models.CharField(_("thời hạn như văn bản ghi"), max_length=255, blank=True)
    recurrence = models.CharField(_("chu kỳ"), max_length=12, choices=Recurrence.choices, blank=True, default="")
    note = models.TextField(_("ghi chú"), blank=True)
    # "Sản phẩm" / "Kết quả đầu ra" of a plan's task (a report, a decision submitted, a system in use)
    output = models.TextField(_("sản phẩm, kết quả đầu ra"), blank=True)

    objects = TaskQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["content_folded"])

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["directive", "position"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "ref"], name="task_ref_unique_in_directive"),
            models.CheckConstraint(
                condition=models.Q(deadline_kind__in=["date", "quarter"], due_on__isnull=False)
                | (~models.Q(deadline_kind__in=["date", "quarter"]) & models.Q(due_on__isnull=True)),
                name="task_due_on_matches_kind",
            ),
        ]

    def __str__(self):
        return f"{self.ref} — {self.content[:80]}"

    def save(self, *args, **kwargs):
        self.content_folded = fold(self.content)
        if kwargs.get("update_fields") is not None and "content" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "content_folded"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("directives:task_detail", kwargs={"pk": self.pk})
