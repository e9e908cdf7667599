"""A signed-in page is never kept by the browser: ``Cache-Control: private, no-store`` on every one.

On a township office's shared computer, the next person must not find the
previous one's portal, duty record or voters' opinions in the browser's cache
or its back button. Every URL of the permission matrix is opened by every
signed-in role; whatever it answers (a page, a redirect, a 404, a file) says
``private, no-store``. The server's own page cache (``congress/cache.py``) may
keep a signed-in user's page: a copy served from it says the same
(``test_cached_signed_in_pages.py``: committed data, apart from this module's world).
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from .test_permission_matrix import ALL_ROWS, ANONYMOUS, ROLES, ask

pytestmark = pytest.mark.django_db

# Public content a signed-in user may fetch too, which the view marks public on purpose:
# the QR codes hold nothing but a public address (the opinion form, a published post), and a
# published post's share picture and photos are on its public page for anyone.
PUBLIC_CONTENT = {
    "deputies:code_svg",
    "posts:share_image",
    "posts:qr_svg",
    "protected_file deputies.PostPhoto.thumbnail",
}


def kept_by_no_browser(response) -> bool:
    directives = {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


SIGNED_IN = [role for role in ROLES if role != ANONYMOUS]


@pytest.mark.parametrize("row", [pytest.param(row, id=row.name) for row in ALL_ROWS])
def test_every_answer_to_a_signed_in_user_says_private_no_store(client, world, row):
    for role in SIGNED_IN:
        with transaction.atomic():
            response = ask(client, world, row, row.url(world), role)
            transaction.set_rollback(True)
        if row.key in PUBLIC_CONTENT or row.name in PUBLIC_CONTENT:
            continue
        assert kept_by_no_browser(response), (
            f"{role} × {row.name}: Cache-Control is {response.get('Cache-Control')!r} ({response.status_code})"
        )


def test_the_sign_in_and_password_pages_are_not_kept_either(client, deputy_user):
    client.force_login(deputy_user)
    for name in ("password_change", "password_change_done", "suggestions:notifications"):
        assert kept_by_no_browser(client.get(reverse(name))), name


def test_a_visitor_s_public_page_may_be_kept(client, world):
    """Not signed in: the public pages stay cacheable (nothing personal on them)."""
    response = client.get(reverse("home"))
    assert "no-store" not in response.get("Cache-Control", "")
