from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API và webhook cho hệ thống liên kết")

    def ready(self):
        from . import receivers  # noqa: F401  (domain events → webhook deliveries)

        # api.schema (the Bearer scheme, the error answers) comes in with DEFAULT_SCHEMA_CLASS
        # when a schema is generated; importing drf-spectacular here would weigh on every process.
