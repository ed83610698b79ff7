from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardsConfig(AppConfig):
    name = "groundwork.boards"
    label = "boards"
    verbose_name = _("Advisory boards and committees")
    default_auto_field = "django.db.models.BigAutoField"
