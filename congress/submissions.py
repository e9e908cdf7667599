"""One submission, one record: a form posted twice (a double tap, a retry on a slow network) writes once.

A form that writes carries a one-time token, ``{% submission_token %}`` (a
hidden input, new each time the page is rendered, the page cache included).
The view it posts to is decorated with ``@once_per_submission``: the first post
of a token claims it (a unique row, ``Submission``) in the same transaction as
what the view writes, and remembers where the view sent the user. The same
token again — one after the other, or at the same instant on another worker,
whose claim waits for the first's transaction — writes nothing and answers
with the same redirect and a note that it was saved once. A form sent back
with its errors releases its token, so the corrected form goes through.

A post without a token (a page opened before this was deployed, a script) is
handled as before. Claims are kept a day.

    @require_POST
    @deputy_required
    @once_per_submission
    def log_reception(request): ...
"""

from __future__ import annotations

import datetime
import re
import secrets
from functools import wraps

from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

FIELD = "submission_token"
TOKEN = re.compile(r"[0-9a-f]{32}")
KEPT = datetime.timedelta(days=1)
REDIRECTS = (301, 302, 303)


def new_token() -> str:
    return secrets.token_hex(16)


def remember(request, note: str) -> None:
    """Keep ``note`` with the claim (e.g. the lookup code shown after the redirect) for a replay to use."""
    request.submission_note = note


class ReusedToken(SuspiciousOperation):
    """A token claimed by another form or another user: answered 400."""


def once_per_submission(view=None, *, on_replay=None):
    """Run ``view`` once per one-time token (see the module). ``on_replay(request, note)``: what a replay
    needs besides the redirect (the session of a second browser tab, say)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            token = request.POST.get(FIELD, "") if request.method == "POST" else ""
            if not TOKEN.fullmatch(token):
                return view(request, *args, **kwargs)
            return _once(request, token, view, args, kwargs, on_replay)

        wrapper.once_per_submission = True
        return wrapper

    return decorator(view) if view is not None else decorator


def _once(request, token, view, args, kwargs, on_replay):
    from .models import Submission

    user_pk = request.user.pk if request.user.is_authenticated else None
    with transaction.atomic():
        try:
            with transaction.atomic():
                # Waits for a transaction that claimed the same token at the same instant, then fails.
                claim = Submission.objects.create(token=token, path=request.path[:200], user_pk=user_pk)
        except IntegrityError:
            return _replay(request, token, user_pk, on_replay)
        response = view(request, *args, **kwargs)
        if response.status_code in REDIRECTS:
            claim.location = response["Location"]
            claim.note = getattr(request, "submission_note", "")
            claim.save(update_fields=["location", "note"])
        else:
            claim.delete()  # sent back with its errors (or refused): the same form may be sent again
        Submission.objects.filter(created_at__lt=timezone.now() - KEPT).delete()
    return response


def _replay(request, token, user_pk, on_replay):
    from .models import Submission

    earlier = Submission.objects.filter(token=token).first()
    if earlier is None or earlier.path != request.path[:200] or earlier.user_pk != user_pk:
        raise ReusedToken("A one-time form token sent with another form or by another user.")
    if on_replay is not None:
        on_replay(request, earlier.note)
    messages.info(request, _("This had already been sent: it is saved once."))
    return redirect(earlier.location)
