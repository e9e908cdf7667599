"""Private fields stay private in the admin: no lookup in the query string reaches them, and the fields only
presidium staff may see are nowhere on a presidium member's pages.

Django's admin filters its lists by any lookup in the query string, so a list
that shows "1 result" or "0 results" answers yes or no about any field:
``/admin/suggestions/voteropinion/?id__exact=1&voter_contact__startswith=139``
recovered a voter's phone digit by digit. Every admin of the matrix
(``ADMIN_MODELS``) now accepts only its declared filters
(``congress.admin_guard``); here each admin × each private field, directly
and through every relation up to three steps away
(``lead_deputy__phone__startswith``, ``deputy__user__password__startswith``),
must leave the list unfiltered whatever the value — the same answer whether
the guess is right or wrong.

``PRIVATE_FIELDS`` are the fields a model marks "Private" in its help text
(discovered: a new one must be listed), with accounts' passwords and e-mails.
Those a model declares ``staff_only_fields`` (voters' names, phones and photos)
must not appear on any page a presidium member opens: change pages with their
inline rows, history, lists and search.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from congress.admin_guard import GuardedAdminMixin
from deputies.models import ReceptionMatter
from suggestions.models import VoterOpinion
from tests.deputies.factories import ReceptionMatterFactory

from .test_permission_matrix import ADMIN_MODELS, DOMAIN, MEMBER, STAFF, SUPERUSER

pytestmark = pytest.mark.django_db

EXTRA_PRIVATE = {"auth.User": ["password", "email"]}


def marked_private() -> dict[str, list[str]]:
    """Every field whose help text says it is private, by model label."""
    found: dict[str, list[str]] = {}
    with translation.override("en"):
        return _marked(found)


def _marked(found):
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if str(field.help_text).startswith("Private"):
                found.setdefault(model._meta.label, []).append(field.name)
    return found


PRIVATE_FIELDS = {**marked_private(), **EXTRA_PRIVATE}

# What the world's records hold in them (set in the world below): guesses that are right.
PRIVATE_VALUES = {
    ("deputies.Deputy", "phone"): "13912345678",
    ("deputies.Deputy", "id_number"): "150626197503150012",
    ("deputies.ReceptionMatter", "voter_name"): "李某某",
    ("deputies.ReceptionMatter", "voter_contact"): "13700002222",
    ("suggestions.VoterOpinion", "voter_name"): "张某某",
    ("suggestions.VoterOpinion", "voter_contact"): "13800001111",
    ("suggestions.VoterOpinion", "photo"): "suggestions/opinions/",
    ("suggestions.HandlingUnit", "contact_phone"): "0477-7654321",
    ("auth.User", "password"): "md5$",
    ("auth.User", "email"): "deputy@example.cn",
}

SKIPPED_RELATIONS = {"contenttypes", "sessions", "admin", "axes"}


def relations(model):
    """(name, related model) of the model's relations a lookup can follow (not into history tables)."""
    for field in model._meta.get_fields():
        if not field.is_relation or field.related_model is None:
            continue
        related = field.related_model
        if related.__name__.startswith("Historical") or related._meta.app_label in SKIPPED_RELATIONS:
            continue
        if related._meta.label == "auth.Permission":
            continue
        # A reverse relation's name is the one lookups follow (its related query name).
        yield field.name, related


def paths_to_private(model, depth=3, per_field=3):
    """Lookup paths from ``model`` to each private field, at most ``depth`` relations away: the
    ``per_field`` shortest for each private field (every one of them is refused the same way)."""
    found = defaultdict(list)
    frontier = [("", model, {model})]
    for step in range(depth + 1):
        next_frontier = []
        for prefix, current, seen in frontier:
            for name in PRIVATE_FIELDS.get(current._meta.label, []):
                found[(current._meta.label, name)].append(f"{prefix}{name}")
            if step == depth:
                continue
            for name, related in relations(current):
                if related in seen:
                    continue
                next_frontier.append((f"{prefix}{name}__", related, seen | {related}))
        frontier = next_frontier
    return sorted({path for paths in found.values() for path in sorted(paths, key=len)[:per_field]})


def admins():
    for model, model_admin in admin.site._registry.items():
        if model._meta.label in ADMIN_MODELS:
            yield model._meta.label, model_admin


def viewers(label):
    return (MEMBER, STAFF) if ADMIN_MODELS[label][0] == DOMAIN else (SUPERUSER,)


def guess(path: str) -> str:
    """A right guess for the path's private field (the start of what the world holds)."""
    for (_label, field), value in PRIVATE_VALUES.items():
        if path.endswith(f"__{field}") or path == field:
            return value[:3]
    return "139"


LOOKUP_CASES = [
    pytest.param(label, path, role, id=f"{role} x {label} ?{path}")
    for label, model_admin in admins()
    for path in paths_to_private(model_admin.model)
    for role in viewers(label)
]


def extend_world(w):
    deputy = w["deputies.Deputy"]
    deputy.phone, deputy.id_number = "13912345678", "150626197503150012"
    deputy.save()
    deputy.user.email = "deputy@example.cn"
    deputy.user.save()
    matter = w["deputies.ReceptionMatter"]
    matter.voter_name, matter.voter_contact = "李某某", "13700002222"
    matter.save()
    opinion = w["suggestions.VoterOpinion"]
    opinion.voter_name, opinion.voter_contact = "张某某", "13800001111"
    opinion.save()
    unit = w["suggestions.HandlingUnit"]
    unit.contact_phone = "0477-7654321"
    unit.save()


def changelist(model_admin) -> str:
    meta = model_admin.model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")


def test_the_private_fields_are_the_ones_the_findings_name():
    assert set(PRIVATE_FIELDS["deputies.Deputy"]) >= {"phone", "id_number"}
    assert set(PRIVATE_FIELDS["suggestions.VoterOpinion"]) >= {"voter_name", "voter_contact"}
    assert set(PRIVATE_FIELDS["deputies.ReceptionMatter"]) >= {"voter_name", "voter_contact"}
    assert set(PRIVATE_VALUES) >= {
        (m, f) for m, fields in PRIVATE_FIELDS.items() for f in fields if m != "auth.User"
    }
    paths = paths_to_private(apps.get_model("suggestions", "Suggestion"))
    # The banner's account that handed an item down is the shortest way to a password now.
    assert "lead_deputy__phone" in paths and "handed_down_by__password" in paths


@pytest.mark.parametrize(("label", "path", "role"), LOOKUP_CASES)
def test_no_lookup_in_the_query_string_reaches_a_private_field(client, world, label, path, role):
    model_admin = admin.site._registry[apps.get_model(label)]
    client.force_login(world.users[role])
    address = changelist(model_admin)
    answers = []
    for lookup, value in ((f"{path}__startswith", guess(path)), (path, "zzz")):
        response = client.get(address, {lookup: value})
        answers.append((response.status_code, response.get("Location")))
    # Refused alike whether the guess is right or wrong: the list, unfiltered (Django's ?e=1).
    assert answers == [(302, f"{address}?e=1")] * 2, answers


@pytest.mark.parametrize("label", [label for label, _admin in admins()])
def test_every_admin_is_guarded(label):
    model_admin = admin.site._registry[apps.get_model(label)]
    assert isinstance(model_admin, GuardedAdminMixin), f"{label}'s admin does not mix in GuardedAdminMixin"


def test_every_private_field_marked_in_a_model_is_in_the_table():
    """A field whose help text says "Private" is checked here from the moment it is added."""
    for label, fields in marked_private().items():
        for field in fields:
            assert (label, field) in PRIVATE_VALUES, f"give {label}.{field} a value in PRIVATE_VALUES"


# ---- the declared filters keep working ------------------------------------------------------


def declared_parameters(model_admin, request):
    """The query-string parameters of the list's declared filters, as its filters name them."""
    cl = model_admin.get_changelist_instance(request)
    names = set()
    for spec in cl.filter_specs:
        names.update(spec.expected_parameters())
    if model_admin.date_hierarchy:
        names.update(f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day"))
    return names


def test_declared_filters_and_the_links_between_pages_still_filter(client, world):
    client.force_login(world.users[MEMBER])
    vote = world["livelihood.Vote"]
    for address in (
        reverse("admin:suggestions_voteropinion_changelist") + "?status__exact=new",
        reverse("admin:suggestions_suggestion_changelist") + "?received_on__year=2022&state__exact=replied",
        reverse("admin:suggestions_suggestion_changelist") + "?state__in=assigned,in_handling",
        reverse("admin:livelihood_vote_changelist") + f"?plan__id__exact={vote.plan_id}",
        reverse("admin:deputies_activity_changelist") + "?kind__exact=research_trip&start_date__year=2022",
        reverse("admin:deputies_reception_changelist") + "?date__year=2022&date__month=5&confirmed__exact=1",
        reverse("admin:deputies_presidiumcontact_changelist") + "?deputy__constituency__id__exact=1",
    ):
        response = client.get(address)
        assert response.status_code == 200, address


# ---- what only presidium staff may see --------------------------------------------------------


STAFF_ONLY = [
    value
    for (label, field), value in PRIVATE_VALUES.items()
    if field in getattr(apps.get_model(label), "staff_only_fields", ()) and field != "photo"
]


def test_voters_details_are_declared_staff_only():
    assert {"voter_name", "voter_contact"} <= set(VoterOpinion.staff_only_fields)
    assert {"voter_name", "voter_contact"} <= set(ReceptionMatter.staff_only_fields)
    assert len(STAFF_ONLY) == 4


def member_pages(world):
    """Every admin page of a record a presidium member may open: change, history, old versions, list."""
    for label, model_admin in admins():
        if ADMIN_MODELS[label][0] != DOMAIN:
            continue
        record = world[label]
        meta = model_admin.model._meta
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        yield reverse(f"{prefix}_changelist")
        yield reverse(f"{prefix}_change", args=[record.pk])
        yield reverse(f"{prefix}_history", args=[record.pk])
        if hasattr(type(record), "history"):
            for version in type(record).history.filter(id=record.pk):
                yield reverse(f"{prefix}_simple_history", args=[record.pk, version.history_id])


def test_a_member_sees_no_voters_details_on_any_admin_page(client, world):
    client.force_login(world.users[MEMBER])
    for address in member_pages(world):
        response = client.get(address)
        assert response.status_code == 200, address
        html = response.content.decode()
        shown = [value for value in STAFF_ONLY if value in html]
        assert not shown, f"{address} shows {shown} to a presidium member"


@pytest.mark.parametrize("label", ["suggestions.VoterOpinion", "deputies.ReceptionMatter"])
def test_only_staff_find_a_voter_by_name_or_phone(client, world, label):
    model_admin = admin.site._registry[apps.get_model(label)]
    for role, finds in ((STAFF, True), (MEMBER, False)):
        client.force_login(world.users[role])
        for field in ("voter_name", "voter_contact"):
            response = client.get(changelist(model_admin), {"q": PRIVATE_VALUES[(label, field)]})
            assert (response.context["cl"].result_count > 0) is finds, (role, field)


def test_staff_still_see_the_voters_details(client, world):
    client.force_login(world.users[STAFF])
    for label in ("suggestions.VoterOpinion", "deputies.ReceptionMatter"):
        record = world[label]
        meta = record._meta
        html = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk]))
        for field in ("voter_name", "voter_contact"):
            assert PRIVATE_VALUES[(label, field)] in html.content.decode()
    reception = world["deputies.Reception"]
    html = client.get(reverse("admin:deputies_reception_change", args=[reception.pk])).content.decode()
    assert PRIVATE_VALUES[("deputies.ReceptionMatter", "voter_name")] in html


def test_the_reception_ledger_with_voters_contacts_is_exported_by_staff_only(client, world):
    for name in ("admin:deputies_reception_export", "admin:deputies_receptionmatter_export"):
        client.force_login(world.users[MEMBER])
        assert client.post(reverse(name), {"format": "0"}).status_code == 403
        client.force_login(world.users[STAFF])
        response = client.post(reverse(name), {"format": "0"})
        assert response.status_code == 200


def test_a_new_matter_of_a_member_s_list_carries_no_voter_details(client, world):
    """The reception page's rows (an inline) hide the voter's name and phone from members too."""
    reception = world["deputies.Reception"]
    ReceptionMatterFactory(reception=reception, voter_name="王某某", voter_contact="13600003333")
    client.force_login(world.users[MEMBER])
    html = client.get(reverse("admin:deputies_reception_change", args=[reception.pk])).content.decode()
    assert "王某某" not in html and "13600003333" not in html


def test_history_of_a_user_account_field_is_not_a_lookup(client, world):
    """The finding's shape through a relation: an account's password hash behind a deputy."""
    client.force_login(world.users[MEMBER])
    address = reverse("admin:deputies_deputy_changelist")
    response = client.get(address, {"user__password__startswith": "md5"})
    assert response.status_code == 302 and response["Location"] == f"{address}?e=1"
