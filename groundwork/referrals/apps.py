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

        from django.db.models.signals import post_save

        from groundwork.communities.models import Network

        post_save.connect(_network_saved, sender=Network, dispatch_uid="referrals-needs")


def _network_saved(sender, instance, created, raw=False, **kwargs):  # type: ignore[no-untyped-def]
    """A new network starts with the twelve default need categories, however it was made."""
    if created and not raw:
        from .actions.needs import need_categories_create_defaults

        need_categories_create_defaults(network=instance)
