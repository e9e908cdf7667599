"""Response headers Django does not set by itself, a clear answer while the database is away, and
requests too large to read."""

import logging
import re

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

logger = logging.getLogger("django.request")


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` (settings.PERMISSIONS_POLICY): browser features the platform never uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


class SignedInNoStoreMiddleware:
    """Every answer to a signed-in user says ``Cache-Control: private, no-store``.

    On a shared office computer the next person must not find the previous one's pages in the
    browser's cache or behind its back button. Only what the browser keeps is concerned: the
    server's page cache (congress/cache.py) stores a view's response before this runs, and a
    copy it serves passes through here too. A response a view marks ``public`` (a QR code that
    holds only a public address) is public content for anyone and keeps its header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response


class DatabaseUnavailableMiddleware:
    """While the database is away (restart, failover, lock timeout): 503 with Retry-After, not a 500.

    The page is rendered without the request's context processors, which would
    query the database again; the error is still logged with its traceback.
    """

    RETRY_AFTER_SECONDS = 5

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable: %s %s", request.method, request.path, exc_info=exception)
        html = render_to_string("congress/unavailable.html", {"posted": request.method == "POST"})
        response = HttpResponse(html, status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose body is larger than anyone may send, before anything reads it: 413.

    The body's size is what the client declares (``Content-Length``); Django never
    reads past it. Visitors who are not signed in send at most
    ``UPLOAD_MAX_REQUEST_BYTES_ANONYMOUS`` (the voter's opinion form: one photo), signed-in users
    ``UPLOAD_MAX_REQUEST_BYTES`` (nine photos of a post, an admin page with attachments). Each file
    is then kept only up to its field's own limit (``congress.uploads.UploadLimitHandler``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django reads nothing of a body whose length it cannot parse
        anonymous_limit = settings.UPLOAD_MAX_REQUEST_BYTES_ANONYMOUS
        if declared > anonymous_limit:
            signed_in = getattr(request, "user", None) is not None and request.user.is_authenticated
            limit = settings.UPLOAD_MAX_REQUEST_BYTES if signed_in else anonymous_limit
            if declared > limit:
                return self.refuse(request, declared, limit)
        return self.get_response(request)

    @staticmethod
    def refuse(request, declared: int, limit: int):
        from .uploads import megabytes

        html = render_to_string(
            "congress/too_large.html",
            {"size": megabytes(declared), "limit": megabytes(limit), "back": request.path},
        )
        response = HttpResponse(html, status=413)
        response["Cache-Control"] = "no-store"
        return response


class TownshipScopeMiddleware:
    """Whose records this request sees (``congress.townships``), and the public pages' path prefix.

    ``/t/<slug>/…`` is a township's public address: the prefix is taken off before the URLconf
    sees the path and becomes the script prefix, so every link the page reverses stays under
    it; the admin has no address under a prefix. Without a prefix a township's account sees
    its own township, the banner's staff every township on the admin and the banner's pages
    (read-only: their role holds view permissions only), and a visitor the first township.
    Under another township's prefix an account is a visitor (its own township's prefix changes nothing).
    After the response the scope is taken away again.
    """

    PREFIX = re.compile(r"^/t/(?P<slug>[-a-z0-9_]+)(?P<rest>/.*)?$")
    EVERYWHERE_PATHS = ("/admin/", "/banner/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.urls import get_script_prefix, set_script_prefix

        from . import townships

        match = self.PREFIX.match(request.path_info)
        old_prefix = None
        if match:
            township_id = townships.township_id_of_slug(match["slug"])
            rest = match["rest"]
            if township_id is None or rest is None or rest.startswith("/admin/"):
                if township_id is not None and rest is None:
                    return HttpResponsePermanentRedirect(request.path + "/")
                raise Http404
            old_prefix = get_script_prefix()
            prefix = f"{old_prefix.rstrip('/')}/t/{match['slug']}/"
            request.path_info = rest
            request.META["SCRIPT_NAME"] = prefix.rstrip("/")
            set_script_prefix(prefix)
            request.township_prefix = prefix
            scope = townships.Scope(township_id)
            if request.user.is_authenticated and townships.township_of_account(request.user) != township_id:
                # Another township's public site: an account is a visitor there. Signed in, another
                # township's staff read its records, files and exports (the views ask who, not where).
                from django.contrib.auth.models import AnonymousUser

                request.user = AnonymousUser()
        else:
            scope = townships.scope_of(
                request.user, everywhere=request.path_info.startswith(self.EVERYWHERE_PATHS)
            )
        token = townships.enter(scope)
        try:
            return self.get_response(request)
        finally:
            townships.leave(token)
            if old_prefix is not None:
                set_script_prefix(old_prefix)
