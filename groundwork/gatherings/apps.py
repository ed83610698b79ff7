from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GatheringsConfig(AppConfig):
    name = "groundwork.gatherings"
    label = "gatherings"
    verbose_name = _("Gatherings")

    def ready(self) -> None:
        from groundwork.newsletters import blocks

        from .newsletter import upcoming_gatherings

        blocks.register("upcoming-gatherings", _("Upcoming gatherings"), upcoming_gatherings)
