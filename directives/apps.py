from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "directives"
    verbose_name = _("Văn bản chỉ đạo và nhiệm vụ")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from langson_portal.fragments import options_changed

        for model in ("agencies.Agency", "directives.Directive"):  # the list pages' datalists
            post_save.connect(options_changed, sender=model, dispatch_uid=f"list-options-save-{model}")
            post_delete.connect(options_changed, sender=model, dispatch_uid=f"list-options-delete-{model}")
