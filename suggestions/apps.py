from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "suggestions"
    verbose_name = _("Suggestions")

    def ready(self):
        from django.urls import reverse

        from congress import protected_media, record_links
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

        # "Turn into a suggestion" on a reception matter's and a deliberation opinion's rows in the admin,
        # for those who may register suggestions (the page checks again).
        def may_register(request):
            return request.user.has_perm("suggestions.add_suggestion")

        for label, url_name in [
            ("deputies.ReceptionMatter", "admin:suggestions_suggestion_from_matter"),
            ("deputies.Opinion", "admin:suggestions_suggestion_from_opinion"),
        ]:
            record_links.register(
                label,
                record_links.RecordLink(
                    _("Turn into a suggestion"),
                    url=lambda record, url_name=url_name: reverse(url_name, args=[record.pk]),
                    allowed=may_register,
                ),
            )
