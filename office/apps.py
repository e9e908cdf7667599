from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    """The top: reads the apps (through the figure registry where it can); no app imports it."""

    name = "office"
    verbose_name = _("Presidium office")
