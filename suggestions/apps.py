from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "suggestions"
    verbose_name = _("Suggestions")

    def ready(self):
        from congress import protected_media

        from .models import VoterOpinion
        from .voter_opinions import may_see_photo

        # A voter's photo: served only to presidium staff and the addressed deputy.
        protected_media.register(VoterOpinion, "photo", can_view=may_see_photo)
