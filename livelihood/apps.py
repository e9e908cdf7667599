from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivelihoodConfig(AppConfig):
    name = "livelihood"
    verbose_name = _("Livelihood projects")

    def ready(self):
        # Register the app's figures with the registry (congress.figures).
        from . import figures  # noqa: F401
