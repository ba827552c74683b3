from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AssignmentTransfer(models.Model):
    """A chuyển giao: office staff moved an assignment to another holder, with a reason.

    The agency the document named (`Assignment.agency`) never changes; this row and the
    assignment's history say who held the work before and why it moved.
    """

    assignment = models.ForeignKey(
        "directives.Assignment", verbose_name=_("phân công"), on_delete=models.CASCADE, related_name="transfers"
    )
    from_holder = models.ForeignKey(
        "agencies.Agency", verbose_name=_("từ cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    to_holder = models.ForeignKey(
        "agencies.Agency", verbose_name=_("sang cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("lý do chuyển giao"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người chuyển giao"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("chuyển giao lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("chuyển giao phân công")
        verbose_name_plural = _("chuyển giao phân công")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_holder=models.F("to_holder")), name="transfer_changes_holder"
            ),
        ]

    def __str__(self):
        return f"{self.assignment_id}: {self.from_holder} → {self.to_holder}"

    def get_absolute_url(self):
        return self.assignment.get_absolute_url()
