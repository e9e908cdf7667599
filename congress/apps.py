from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("Congress")

    def ready(self):
        from django.apps import apps
        from django.utils.module_loading import autodiscover_modules

        from . import cache, roles, townships
        from .accounts import signin, who

        # Every app defines its figures in figures.py; importing them registers them.
        autodiscover_modules("figures")
        # Models added by later migrations get their permissions after migrate;
        # the role groups follow them.
        post_migrate.connect(roles.sync_roles_after_migrate, dispatch_uid="congress.sync_roles")
        # A database always has its first township (a test's flush empties it, then migrate's signal runs).
        post_migrate.connect(townships.ensure_first_township, dispatch_uid="congress.first_township")
        # Saved domain records give the data a new version: cached public pages are not served again.
        cache.connect_signals()
        # At sign-in: remember whether the account still has its slip's one-time password.
        signin.connect_signals()
        # django-axes names its app "Axes", in English only: the admin shows what it holds.
        apps.get_app_config("axes").verbose_name = _("Sign-in lockouts")
        # The signed-in account kept in a shared cache is forgotten when it, its groups or permissions change.
        who.connect_signals()
