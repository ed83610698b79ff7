from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "groundwork.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from .signals import connect

        connect()
