from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "collaboration"
    verbose_name = _("Trao đổi, chỉ đạo, lịch")

    def ready(self):
        from django.db.models.signals import post_save

        from dashboards.caching import data_version_bump

        # Unanswered directions are counted on the dashboards (cached per data version).
        post_save.connect(data_version_bump, sender="collaboration.Direction", dispatch_uid="dashboards-direction")
