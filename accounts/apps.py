from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self):
        from .roles import sync_role_permissions

        # After every app migrates, since permissions of later apps are created in their turn.
        post_migrate.connect(sync_role_permissions, dispatch_uid="accounts.sync_role_permissions")
