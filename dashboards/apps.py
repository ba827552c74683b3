from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Bảng điều khiển")

    def ready(self):
        from . import caching

        caching.connect_receivers()
