from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API và webhook cho hệ thống liên kết")

    def ready(self):
        from . import (
            receivers,  # noqa: F401  (domain events → webhook deliveries)
            schema,  # noqa: F401  (OpenAPI description of the Bearer token)
        )
