from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "groundwork.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.core.checks import register

        from . import generations
        from .checks import rate_limit_cache_check, secret_key_check

        generations.install()

        register(secret_key_check, deploy=True)
        register(rate_limit_cache_check, "caches")
