from django.db import models
from django.utils.translation import gettext_lazy as _


class AssignmentRole(models.TextChoices):
    LEAD = "chu_tri", _("Chủ trì")  # cơ quan chủ trì
    COORDINATING = "phoi_hop", _("Phối hợp")  # cơ quan phối hợp
