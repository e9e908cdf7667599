from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "suggestions"
    verbose_name = _("Suggestions")

    def ready(self):
        from django.urls import reverse

        from congress import cache, protected_media, record_links
        from congress.accounts import holders

        from .accounts import HOLDER
        from .models import Evaluation, Reply, SuggestionAttachment, VoterOpinion
        from .opinions.transitions import may_see_photo
        from .selectors import may_see_evaluation_form, may_see_suggestion_file, unversioned_state

        # The page cache (congress.cache): notices and year counters never show on a cached page and
        # change often; 社情民意 never show on one either (the lookup is not cached), and the public form
        # must not let each submission throw the public pages' cache away. A user's unread notices and
        # the opinions waiting for them are kept apart for each user's copy of a page.
        cache.untrack("suggestions.notification", "suggestions.yearcounter", "suggestions.voteropinion")
        cache.keep_own_version("suggestions.voteropinion", 2)  # its admin list: congress.cache.OWN_VERSIONS
        cache.register_user_state(unversioned_state)

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

        # A suggestion's attachments and a reply's attachment: whoever may read the suggestion.
        protected_media.register(SuggestionAttachment, "file", can_view=may_see_suggestion_file)
        protected_media.register(Reply, "attachment", can_view=may_see_suggestion_file)
