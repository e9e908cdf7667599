from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivelihoodConfig(AppConfig):
    name = "livelihood"
    verbose_name = _("Livelihood projects")

    def ready(self):
        from congress import protected_media

        # Register the app's figures with the registry (congress.figures).
        from . import figures  # noqa: F401
        from .models import ProgressPhoto

        # The projects' progress photos are public (the project pages): the proxy serves their folder.
        protected_media.register_public(ProgressPhoto, "image")
