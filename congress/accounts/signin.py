"""Signing in with an account the office runs: who may, and the new password a one-time one asks for.

- ``AccountBackend``: Django's password check; an account that may not sign in
  (disabled, a deputy who has left office) passes the password check only so
  that the sign-in form can say why (``confirm_login_allowed``), and an open
  session of one ends at its next request (``get_user``).
- ``SignInForm`` / ``AdminSignInForm``: the two sign-in pages' forms, with that reason.
- ``PasswordChangeRequiredMiddleware``: while an account signs in with the
  one-time password of its slip, every page but the password change (and
  signing out) leads to the password change.
"""

from __future__ import annotations

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from . import holders, services, who

# Set in the session at sign-in while the account's password is the one-time one.
MUST_CHANGE = "account_must_change_password"


class AccountBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and password is not None:
            # Checked against the typed password: Django may upgrade the stored hash right now.
            user.signs_in_with_one_time_password = services.must_change_password(user, raw_password=password)
        return user

    def user_can_authenticate(self, user):
        # The forms refuse with the reason; get_user() below keeps refused accounts signed out.
        return True

    def get_user(self, user_id):
        # Every signed-in request: from the cache all app servers share, when there is one (``who``).
        return who.user(user_id, lambda: self._load(user_id))

    def _load(self, user_id):
        try:
            user = (
                get_user_model()
                ._default_manager.select_related("township_link", *holders.related())
                .get(pk=user_id)
            )
        except get_user_model().DoesNotExist:
            return None
        return user if services.sign_in_refusal(user) is None else None


class RefusalMixin:
    def confirm_login_allowed(self, user):
        reason = services.sign_in_refusal(user)
        if reason:
            raise ValidationError(reason, code="inactive")
        super().confirm_login_allowed(user)


class SignInForm(RefusalMixin, AuthenticationForm):
    """The site's sign-in form."""


class AdminSignInForm(RefusalMixin, AdminAuthenticationForm):
    """The admin's sign-in form (which also asks for admin access)."""


def remember_one_time_password(sender, request, user, **kwargs):
    """At sign-in: note in the session whether the password is still the slip's one-time password."""
    if request is None or not hasattr(request, "session"):
        return
    one_time = getattr(user, "signs_in_with_one_time_password", None)
    if one_time is None:  # signed in without a password typed (force_login)
        one_time = services.must_change_password(user)
    if one_time:
        request.session[MUST_CHANGE] = True
    else:
        request.session.pop(MUST_CHANGE, None)


def connect_signals():
    user_logged_in.connect(remember_one_time_password, dispatch_uid="congress.accounts.one_time_password")


def password_changed(request) -> None:
    """The holder chose a new password: no longer asked for one; logged."""
    request.session.pop(MUST_CHANGE, None)
    services.password_changed(request.user)


# What an account with a one-time password may still open: the change itself, signing out, the language.
ALLOWED_URL_NAMES = ("password_change", "password_change_done", "logout", "admin:logout", "set_language")


class PasswordChangeRequiredMiddleware:
    """Before anything else, an account signed in with a one-time password chooses its own (portal and admin)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.get(MUST_CHANGE)
            and request.user.is_authenticated
            and not self._allowed(request)
        ):
            target = reverse("password_change")
            following = request.get_full_path()
            if request.method in ("GET", "HEAD") and url_has_allowed_host_and_scheme(following, None):
                target = f"{target}?{urlencode({'next': following})}"
            return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _allowed(request) -> bool:
        from django.conf import settings

        if request.path.startswith(settings.STATIC_URL):
            return True
        allowed = {reverse(name) for name in ALLOWED_URL_NAMES}
        return request.path in allowed
