"""Sign-in lockout (django-axes): after repeated failures a username is locked on one address.

``LockoutBackend`` stops a locked-out sign-in before the password is checked;
``lockout_response`` shows the sign-in page again (site or admin) with the
reason and how long it lasts, instead of axes' bare text page.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.forms.forms import NON_FIELD_ERRORS
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

LOCKED_OUT_STATUS = 429


class LockoutBackend(AxesStandaloneBackend):
    """Axes' check on every sign-in made through a request (both sign-in pages).

    Authentication without a request (the test client's ``login()``, a shell) has
    no client address to lock and is left to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind ``TRUSTED_PROXY_COUNT`` proxies the address the
    outermost of them saw (entries further left in X-Forwarded-For are the client's own claims)."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


# Axes keeps the username in a column of 255 characters (Django's usernames hold at most 150).
USERNAME_LENGTH = 255


def client_username(request, credentials=None) -> str | None:
    """The username axes records and locks: as typed, cut to what its table holds.

    The sign-in form does not limit the username's length, so without the cut a longer one made
    PostgreSQL refuse the failure record (a server error). Cut, it still names no account.
    """
    from axes.conf import settings as axes_settings

    source = credentials if credentials else getattr(request, "data", request.POST)
    username = source.get(axes_settings.AXES_USERNAME_FORM_FIELD)
    return username[:USERNAME_LENGTH] if isinstance(username, str) else username


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed sign-in attempts: this account is locked on this device for %(minutes)s "
        "minutes. Try again later, or ask the presidium office to unlock it."
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """The sign-in page the user was on, its form carrying the lockout message (HTTP 429)."""
    message = lockout_message()
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if isinstance(original_response, TemplateResponse) and form is not None:
        form.full_clean()
        form._errors[NON_FIELD_ERRORS] = form.error_class([message], error_class="nonfield")
        response = TemplateResponse(
            request, original_response.template_name, context, status=LOCKED_OUT_STATUS
        )
        return response.render()
    return render(request, "registration/locked_out.html", {"message": message}, status=LOCKED_OUT_STATUS)
