"""Who may run each admin action: every action of every registered admin × every role.

An admin action is a POST to the list (``action=…&_selected_action=<pk>``) that
Django runs for anyone it offers the action to. ``ACTIONS`` lists every action
of every admin in the permission matrix (``ADMIN_MODELS``) with the answer each
role must get: ``DONE`` (offered, and it runs) or refused (``LOGIN`` for those
without admin access, ``REFUSED`` for admin users it is not offered to). A
refused action writes nothing: every table (records and their history) is
compared before and after. ``delete_selected`` follows the model's delete page
in ``ADMIN_MODELS``.

A new action fails ``test_every_action_is_in_the_table`` until it has a row, and
``test_every_action_declares_its_permissions`` until it says who may run it
(``@admin.action(permissions=[...])``); an undeclared one is refused to those who
may not change the records anyway (``congress.admin_guard``).
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from livelihood.models import Candidate, CandidateStatus
from suggestions.choices import Transition
from tests.livelihood.factories import CandidateFactory, PlanFactory

from .test_permission_matrix import (
    ADMIN_MODELS,
    DOMAIN,
    LOGIN,
    MEMBER,
    NOBODY,
    ROLES,
    STAFF,
    answers,
)

pytestmark = pytest.mark.django_db

DONE = "done"
REFUSED = "refused"

STAFF_RUNS = answers(LOGIN, LOGIN, LOGIN, REFUSED, DONE, DONE)
SUPERUSER_RUNS = answers(LOGIN, LOGIN, LOGIN, REFUSED, REFUSED, DONE)
NOBODY_RUNS = answers(LOGIN, LOGIN, LOGIN, REFUSED, REFUSED, REFUSED)
# Reading actions (printing a selection) are for everyone in the admin, presidium members too.
VIEWERS_RUN = answers(LOGIN, LOGIN, LOGIN, DONE, DONE, DONE)

# The office's own steps; a unit's or a deputy's is entered for them one item at a time (代录).
SUGGESTION_TRANSITIONS = (
    Transition.ASSIGN,
    Transition.REHANDLE,
    Transition.CLOSE,
    Transition.REJECT,
)

# Every action besides delete_selected: (model label, action name) → who may run it.
ACTIONS = {
    ("congress.ReportDraft", "refresh_figures"): STAFF_RUNS,
    ("deputies.Reception", "confirm"): STAFF_RUNS,
    ("deputies.Activity", "invite_all"): STAFF_RUNS,
    ("deputies.Activity", "mark_invited_present"): STAFF_RUNS,
    **{("suggestions.Suggestion", f"transition_{t.value}"): STAFF_RUNS for t in SUGGESTION_TRANSITIONS},
    ("livelihood.Candidate", "put_on_ballot"): STAFF_RUNS,
    ("livelihood.Candidate", "take_off_ballot"): STAFF_RUNS,
    ("livelihood.Vote", "confirm_selected"): STAFF_RUNS,
    # The world's vote is confirmed (its delete page answers no one), but staff may delete draft votes:
    # the action is theirs, and its confirmation page refuses the confirmed one.
    ("livelihood.Vote", "delete_selected"): STAFF_RUNS,
    # Accounts run by the office (账号): staff open, reset, disable and enable deputies' and units' accounts.
    ("deputies.Deputy", "open_accounts"): STAFF_RUNS,
    ("suggestions.HandlingUnit", "open_accounts"): STAFF_RUNS,
    ("congress.Account", "reset_passwords"): STAFF_RUNS,
    ("congress.Account", "disable_accounts"): STAFF_RUNS,
    ("congress.Account", "enable_accounts"): STAFF_RUNS,
    ("deputies.Post", "publish_selected"): STAFF_RUNS,
    # The selection's notices and evaluation forms in one .docx.
    ("suggestions.Suggestion", "print_notices"): VIEWERS_RUN,
    ("suggestions.Suggestion", "print_evaluation_forms"): VIEWERS_RUN,
    # django-axes' own admin: superusers only, like every page of it.
    ("axes.AccessAttempt", "cleanup_expired_attempts"): SUPERUSER_RUNS,
}


def delete_selected_answers(label: str) -> dict:
    access, overrides = ADMIN_MODELS[label]
    if overrides.get("delete") is NOBODY:
        return NOBODY_RUNS
    return STAFF_RUNS if access == DOMAIN else SUPERUSER_RUNS


def registered_actions(with_function=False):
    """(label, model admin, action name[, function]) of every action of every admin in the matrix."""
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        if label not in ADMIN_MODELS:
            continue
        for func, name, _description in model_admin._get_base_actions():
            yield (label, model_admin, name, func) if with_function else (label, model_admin, name)


def expected(label: str, name: str) -> dict:
    if name == "delete_selected" and (label, name) not in ACTIONS:
        return delete_selected_answers(label)
    return ACTIONS[(label, name)]


# Tables that change whoever signs in and whatever they do: sessions, and axes' sign-in records.
NOT_RECORDS = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def everything() -> dict:
    """Every row of every table (records and their history), to see that nothing was written."""
    return {
        model._meta.label_lower: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.label_lower not in NOT_RECORDS
    }


def extend_world(w):
    # A candidate of a plan not yet voted on: putting it on the ballot writes.
    w.records["livelihood.Candidate"] = CandidateFactory(
        plan=PlanFactory(year=2023, session=w["congress.Session"])
    )


def refused_by_django(response) -> bool:
    """Django's answer to an action it does not offer: back to the list with "No action selected"."""
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    return any(text in ("No action selected.", "未选择动作") for text in texts)


def offered(model_admin, user, name) -> bool:
    request = RequestFactory().get("/")
    request.user = user
    return name in model_admin.get_actions(request)


CASES = [
    pytest.param(label, model_admin, name, role, id=f"{role} x {label}.{name}")
    for label, model_admin, name in registered_actions()
    if (label, name) in ACTIONS or name == "delete_selected"
    for role in ROLES
]


@pytest.mark.parametrize(("label", "model_admin", "name", "role"), CASES)
def test_each_role_may_run_only_the_actions_the_table_gives(client, world, label, model_admin, name, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    meta = model_admin.model._meta
    address = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    post = {"action": name, "_selected_action": [world[label].pk], "index": "0", "select_across": "0"}
    want = expected(label, name)[role]
    with transaction.atomic():
        before = everything()
        response = client.post(address, post)
        after = everything()
        transaction.set_rollback(True)
    if want == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    elif want == REFUSED:
        if response.status_code != 403:  # 403: the list itself is not theirs
            assert not offered(model_admin, user, name), f"{role} is offered {label}.{name}"
            # Not offered: the list again (no action of theirs at all), or back to it with "No action selected".
            assert response.status_code in (200, 302), response.status_code
            listed = "admin/change_list.html" in [t.name for t in response.templates]
            assert refused_by_django(response) or listed
    else:
        assert offered(model_admin, user, name), f"{role} is not offered {label}.{name}"
        assert response.status_code in (200, 302), response.status_code
        assert not refused_by_django(response)
    if want != DONE:
        changed = sorted(table for table in before if before[table] != after[table])
        assert not changed, f"{role} × {label}.{name} was refused but wrote to {changed}"


def test_every_action_is_in_the_table():
    listed = {(label, name) for label, name in ACTIONS if name != "delete_selected"}
    found = {(label, name) for label, _admin, name in registered_actions() if name != "delete_selected"}
    assert found <= listed, f"actions the matrix does not list (add to ACTIONS): {sorted(found - listed)}"
    assert listed <= found, f"ACTIONS rows for actions that no longer exist: {sorted(listed - found)}"


def test_every_action_declares_its_permissions():
    """``@admin.action(permissions=[...])``: who may run it is said where it is written."""
    undeclared = sorted(
        f"{label}.{name}"
        for label, _admin, name, func in registered_actions(with_function=True)
        if not hasattr(func, "allowed_permissions")
    )
    assert not undeclared, f"actions without permissions=[...]: {undeclared}"


def test_an_action_without_declared_permissions_is_refused_to_view_only_members(world):
    """The safety net under the table: whatever a future action forgets, members may only view."""
    candidate_admin = admin.site._registry[Candidate]

    def undeclared(modeladmin, request, queryset):
        queryset.update(status=CandidateStatus.ON_BALLOT)

    request = RequestFactory().get("/")
    for role, may in ((MEMBER, False), (STAFF, True)):
        request.user = world.users[role]
        original = candidate_admin.actions
        candidate_admin.actions = [*original, undeclared]
        try:
            assert ("undeclared" in candidate_admin.get_actions(request)) is may
        finally:
            candidate_admin.actions = original


def test_a_member_cannot_put_a_candidate_on_the_ballot(client, world):
    """The finding: ``put_on_ballot`` declared no permission and ran for a read-only member."""
    candidate = world["livelihood.Candidate"]
    address = reverse("admin:livelihood_candidate_changelist")
    for action in ("put_on_ballot", "take_off_ballot"):
        client.force_login(world.users[MEMBER])
        with transaction.atomic():
            client.post(address, {"action": action, "_selected_action": [candidate.pk], "index": "0"})
            candidate.refresh_from_db()
            assert candidate.status == CandidateStatus.CANDIDATE
            assert not candidate.history.filter(history_user=world.users[MEMBER]).exists()
            transaction.set_rollback(True)
    client.force_login(world.users[STAFF])
    with transaction.atomic():
        client.post(address, {"action": "put_on_ballot", "_selected_action": [candidate.pk], "index": "0"})
        candidate.refresh_from_db()
        assert candidate.status == CandidateStatus.ON_BALLOT
        transaction.set_rollback(True)
