from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "suggestions"
    verbose_name = _("Suggestions")

    def ready(self):
        from congress import protected_media
        from congress.accounts import holders

        from .accounts import HOLDER
        from .models import Evaluation, VoterOpinion
        from .opinions.transitions import may_see_photo
        from .selectors import may_see_evaluation_form

        # Handling units' accounts: which units they belong to.
        holders.register(HOLDER)

        # A voter's photo: served only to presidium staff and the addressed deputy.
        protected_media.register(VoterOpinion, "photo", can_view=may_see_photo)
        # The scan of a deputy's paper evaluation form (代录): the presidium and that deputy.
        protected_media.register(Evaluation, "form_scan", can_view=may_see_evaluation_form)
