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
