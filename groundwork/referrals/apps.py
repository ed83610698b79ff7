from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "groundwork.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from django.core.checks import register

        from .checks import encryption_keys_check

        register(encryption_keys_check, deploy=True)
