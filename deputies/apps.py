from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("Deputies")

    def ready(self):
        from congress.accounts import holders

        from .accounts import HOLDER

        # Deputies' accounts: who they belong to, and that a deputy who left office no longer signs in.
        holders.register(HOLDER)

        from congress import protected_media

        from . import posts
        from .models import Activity, Deputy, PostPhoto

        # A post's photos: public once it is published; before that, staff, members and the proposing deputy.
        for field in ("image", "thumbnail"):
            protected_media.register(
                PostPhoto, field, can_view=posts.may_see_photo, public_if=posts.photo_is_public
            )
        # An activity's outcome document: the presidium (deputies.views.activity_document).
        protected_media.register(Activity, "outcome_document", can_view=protected_media.presidium)
        # The deputies' photos are public (the directory): the proxy serves their folder.
        protected_media.register_public(Deputy, "photo")
