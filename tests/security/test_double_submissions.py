"""A double tap, or a retry on a slow connection, records a form once.

Every form of the portals and the public pages that writes carries a one-time
token (``{% submission_token %}``); the view it posts to runs once per token
(``congress.submissions.once_per_submission``): the same post again, one after
the other or at the same instant, answers what the first did and writes
nothing more. Found and checked here:

- every POST form on every portal and public page carries a token, unless it
  writes nothing (signing in and out, the language, the lookup) — a new form
  without one fails ``test_every_form_that_writes_carries_a_token``;
- every view such a form posts to honours it, and ``SUBMISSIONS`` posts each
  of them twice with the same token: the second answer is the first's, and no
  table changes. Two real submissions (two page loads, two tokens) still make two.

Two posts at the same instant, on two connections: ``test_double_submissions_at_once.py``.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from congress.roles import Role
from congress.submissions import FIELD
from congress.townships import first_township_id, place_account
from deputies.models import Reception
from suggestions.choices import State
from suggestions.models import VoterOpinion
from tests.factories import UserFactory
from tests.suggestions.factories import advance, register

from .test_permission_matrix import ANONYMOUS, DEPUTY, ROWS, STAFF, UNIT, World

pytestmark = pytest.mark.django_db

# POST forms that write nothing a second post could double (or that Django owns).
WRITES_NOTHING = {
    "login",
    "logout",
    "set_language",
    "password_change",  # setting the same password twice is the same password
    "opinions:lookup",
    "suggestions:notifications",  # marking read twice is marking read
}

TODAY = timezone.localdate().isoformat()


def assigned(w: World, co_units=()):
    """An item assigned to the world's unit (for the unit's forms), with ``co_units`` co-handling."""
    staff = w.users[STAFF]
    item = register(staff, lead_deputy=w["deputies.Deputy"])
    # Assigned today: within the unit's 7 working days to return it.
    return advance(
        item,
        State.ASSIGNED,
        actor=staff,
        unit=w["suggestions.HandlingUnit"],
        co_units=co_units,
        assigned_on=timezone.localdate(),
    )


def extend_world(w):
    from django.contrib.auth import get_user_model

    w.users["other unit"] = get_user_model().objects.get(username="matrix-other-unit")
    w.users["banner"] = banner = UserFactory(username="matrix-banner", role=Role.BANNER)
    place_account(banner, banner=True)
    w.own["assigned"] = assigned(w)
    w.own["co_handled"] = assigned(w, co_units=[w.users["other unit"].handling_units.get()])


def own(kind):
    return lambda w: w.own[kind].pk


# (URL name, its arguments, who posts, what they post): every view a token-carrying form posts to.
SUBMISSIONS = {
    "opinions:new": (
        [],
        ANONYMOUS,
        {"content": "村口道路坑洼，雨天积水。", "category": "roads", "website": ""},
    ),
    "deputies:log_reception": (
        [],
        DEPUTY,
        {"date": "2022-05-10", "place": "代表之家", "visitors": "6", "matters_summary": "道路破损"},
    ),
    "deputies:reply_to_invitation": ([own("invitation")], DEPUTY, {"reply": "declined", "note": "外出学习"}),
    "suggestions:evaluate": ([own("suggestion")], DEPUTY, {"rating": "satisfied", "comment": "很满意"}),
    "opinions:answer": ([own("opinion")], DEPUTY, {"answer-answer": "已联系村委会维修。"}),
    "opinions:pass_to_staff": ([own("opinion")], DEPUTY, {"pass-note": "请人大办协调。"}),
    "suggestions:unit_contact": (
        [own("assigned")],
        UNIT,
        {"contact-form": "phone", "contact-contacted_on": TODAY, "contact-note": "电话联系代表"},
    ),
    "suggestions:unit_reply": (
        [own("assigned")],
        UNIT,
        {"reply-text": "已完成维修。", "reply-result_class": "A", "reply-replied_on": TODAY},
    ),
    "suggestions:unit_opinion": ([own("co_handled")], "other unit", {"opinion-text": "同意主办单位意见。"}),
    "suggestions:unit_return": ([own("assigned")], UNIT, {"return-reason": "不属于本单位职责。"}),
    # 交办: the banner hands an item down to a township (a double tap must not register it twice).
    "handdowns:new": (
        [],
        "banner",
        {
            "township": lambda w: first_township_id(),
            "source": "banner_deputy",
            "proposer": "旗人大代表 张三",
            "title": "关于修缮牧道的建议",
            "content": "雨季牧道泥泞。",
            "category": "other",
            "received_on": TODAY,
            "deadline": TODAY,
        },
    ),
    # 履职动态: a post about the activity the deputy attended (values given as functions read the world).
    "posts:propose": (
        [],
        DEPUTY,
        {"activity": lambda w: w.own["proposal"].activity_id, "text": "又一次调研。"},
    ),
}

NOT_RECORDS = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def everything() -> dict:
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in NOT_RECORDS and model._meta.label_lower != "congress.submission"
    }


def sign_in(client, world, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)


TOKEN_INPUT = re.compile(rf'name="{FIELD}" value="([0-9a-f]{{32}})"')


def token_from(client, page) -> str:
    return TOKEN_INPUT.search(client.get(page).content.decode()).group(1)


# ---- every form that writes carries a token, and its view honours it ------------------------------------

FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)


def post_forms(html: str, page: str):
    """(target URL, the form's HTML) of every POST form of a page."""
    for form in FORM.findall(html):
        head = form[: form.index(">")]
        if not re.search(r'method="post"', head, re.I):
            continue
        action = re.search(r'action="([^"]*)"', head)
        yield (action.group(1) if action and action.group(1) else page), form


PAGES = [
    pytest.param(row, role, id=f"{role} x {row.name}")
    for row in ROWS
    if row.method == "get" and not row.key.startswith("admin")
    for role in (ANONYMOUS, DEPUTY, UNIT)
    if row.expect[role] == 200
]


@pytest.mark.parametrize(("row", "role"), PAGES)
def test_every_form_that_writes_carries_a_token(client, world, row, role):
    sign_in(client, world, role)
    page = row.url(world)
    response = client.get(page)
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    for target, form in post_forms(response.content.decode(), page):
        match = resolve(target.split("?")[0])
        if match.view_name in WRITES_NOTHING:
            continue
        assert f'name="{FIELD}"' in form, f"{page}: the form posting to {target} has no one-time token"
        assert getattr(match.func, "once_per_submission", False), (
            f"{match.view_name} does not honour the token"
        )
        assert match.view_name in SUBMISSIONS, f"add {match.view_name} to SUBMISSIONS"


def callbacks(resolver=None, namespace=""):
    """(name, view) of every named URL pattern."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from callbacks(entry, inner)
        elif entry.name:
            yield f"{namespace}{entry.name}", entry.callback


def test_every_view_honouring_the_token_is_posted_twice_below():
    honouring = {name for name, view in callbacks() if getattr(view, "once_per_submission", False)}
    assert honouring == set(SUBMISSIONS)


# ---- a double tap records once -------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SUBMISSIONS))
def test_the_same_submission_twice_records_once(client, world, name):
    arguments, role, data = SUBMISSIONS[name]
    data = {key: value(world) if callable(value) else value for key, value in data.items()}
    address = reverse(name, args=[argument(world) for argument in arguments])
    sign_in(client, world, role)
    with transaction.atomic():
        before = everything()
        first = client.post(address, {**data, FIELD: "a" * 32})
        after_first = everything()
        second = client.post(address, {**data, FIELD: "a" * 32})
        after_second = everything()
        transaction.set_rollback(True)
    assert first.status_code == 302, (name, first.status_code)
    assert after_first != before, f"{name}: the first post wrote nothing"
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert after_second == after_first, f"{name}: the second post wrote {_diff(after_first, after_second)}"


def _diff(a, b):
    return {table: (a[table], b[table]) for table in a if a[table] != b[table]}


def test_two_real_receptions_are_two(client, world):
    sign_in(client, world, DEPUTY)
    _arguments, _role, data = SUBMISSIONS["deputies:log_reception"]
    page = reverse("deputies:log_reception")
    with transaction.atomic():
        before = Reception.objects.count()
        for _n in range(2):
            assert client.post(page, {**data, FIELD: token_from(client, page)}).status_code == 302
        assert Reception.objects.count() == before + 2
        transaction.set_rollback(True)


def test_a_form_sent_back_with_errors_may_be_sent_again_with_its_token(client, world):
    sign_in(client, world, DEPUTY)
    _arguments, _role, data = SUBMISSIONS["deputies:log_reception"]
    page = reverse("deputies:log_reception")
    token = token_from(client, page)
    with transaction.atomic():
        refused = client.post(page, {**data, "visitors": "", FIELD: token})
        assert refused.status_code == 200
        assert client.post(page, {**data, FIELD: token}).status_code == 302  # the corrected form goes through
        transaction.set_rollback(True)


def test_a_token_of_another_form_is_refused(client, world):
    sign_in(client, world, DEPUTY)
    _arguments, _role, data = SUBMISSIONS["deputies:log_reception"]
    with transaction.atomic():
        client.post(reverse("deputies:log_reception"), {**data, FIELD: "b" * 32})
        response = client.post(reverse("opinions:new"), {**SUBMISSIONS["opinions:new"][2], FIELD: "b" * 32})
        assert response.status_code == 400
        transaction.set_rollback(True)


def test_the_voter_sees_the_lookup_code_after_a_double_tap(client, world):
    """The second tap's answer is the thank-you page with the code of the one opinion saved."""
    data = SUBMISSIONS["opinions:new"][2]
    with transaction.atomic():
        client.post(reverse("opinions:new"), {**data, FIELD: "c" * 32}, REMOTE_ADDR="10.3.3.3")
        other_browser = Client()  # the first answer was lost: the second tap's session knows nothing yet
        second = other_browser.post(
            reverse("opinions:new"), {**data, FIELD: "c" * 32}, REMOTE_ADDR="10.3.3.3"
        )
        thanks = other_browser.get(second["Location"]).content.decode()
        assert VoterOpinion.objects.latest("pk").code in thanks
        transaction.set_rollback(True)
