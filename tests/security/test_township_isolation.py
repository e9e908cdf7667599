"""Township isolation (domain.md §10): a township's record is never shown to, counted for, or
writable by another township, and guessing its id answers 404.

Two townships each hold the permission matrix's world (``build_world``: one record of each
kind, with a deputy's, a unit's, a member's and a staff member's accounts); the second
township's accounts are placed in it (``townships.place_account``). Then:

1. every model of the domain apps with a path to ``congress.Township`` has a scoped default
   manager (``TownshipManager``), or is listed below as deliberately global, with why;
2. no page the second township's accounts open (every admin list, change, history, add page and
   autocomplete; every portal and public page of the matrix) reads a township's table without a
   township condition (``unscoped``; reads of one row by its id are left out, see there);
3. every admin and portal address of the first township's records answers the second
   township's accounts as if the record did not exist, and posting to it (a change, a delete, a
   revert to an old version, an admin action, a portal's answer) writes nothing; on the first
   township's address (``/t/<slug>/``) the second township's accounts are visitors; its staff
   list and link only their own township's accounts;
4. the page cache never gives one township's page to another;
5. every registered figure counts, inside a township's scope, that township's records only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection, transaction
from django.db.models import ForeignKey, OneToOneField
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from congress import figures, townships
from congress.models import Township
from congress.roles import Role
from congress.townships import TownshipManager
from deputies.models import Deputy, Post
from livelihood.models import Project
from tests.deputies.factories import ActivityFactory, ReceptionFactory
from tests.factories import TownshipFactory, UserFactory, first_township

from .forms import form_data
from .test_admin_actions_matrix import everything, registered_actions
from .test_permission_matrix import (
    ADMIN_MODELS,
    ANONYMOUS,
    DEPUTY,
    DOMAIN,
    LOGIN,
    MEMBER,
    ROWS,
    STAFF,
    SUPERUSER,
    UNIT,
    World,
    answer_of,
    build_world,
)

pytestmark = pytest.mark.django_db

DOMAIN_APPS = ("congress", "deputies", "suggestions", "livelihood")

# Models of the domain apps that are deliberately not a township's: why each is global.
GLOBAL_MODELS = {
    "congress.Township": "the townships themselves",
    "congress.AccountTownship": "an account's township: read before any scope is set (the middleware)",
    "congress.Account": "accounts: listed per township through AccountTownship (accounts_in_scope)",
    "congress.WorkCalendarDay": "the country's holidays and working weekends: one calendar for all",
    "congress.DataVersion": "cache versions of the installation",
    "congress.RateCounter": "rate limits, per address and account",
    "congress.Submission": "a form's one-time token against double submission, per request",
    "congress.AccountEvent": "an account's sign-in and password events, per account",
    "suggestions.Notification": "a notice to one account (per user), read only by that account",
}


def township_path(model, depth: int = 4, seen=()) -> str | None:
    """The lookup from ``model`` to its township through its foreign keys (None when it has none)."""
    links = [f for f in model._meta.concrete_fields if isinstance(f, ForeignKey | OneToOneField)]
    for link in links:
        if link.related_model is Township:
            return link.name
    if depth == 0:
        return None
    for link in links:
        related = link.related_model
        if related is model or related in seen:
            continue
        path = township_path(related, depth - 1, (*seen, model))
        if path:
            return f"{link.name}__{path}"
    return None


def is_historical(model) -> bool:
    # simple_history's copies: read only through the history admin (HistoryAdmin scopes them).
    return model.__name__.startswith("Historical")


def domain_models():
    for app in DOMAIN_APPS:
        for model in apps.get_app_config(app).get_models():
            if not model._meta.abstract and not is_historical(model):
                yield model


def scoped_models():
    return [model for model in domain_models() if isinstance(model._default_manager, TownshipManager)]


SCOPED_TABLES = {model._meta.db_table: model for model in scoped_models()}


# ---- the two townships' worlds --------------------------------------------------------------

T2 = "t2-"  # the second township's accounts are named apart


@dataclass
class Two:
    first: Township
    second: Township
    one: World  # the first township's world
    two: World  # the second township's


@pytest.fixture(scope="module")
def two(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(PAGE_CACHE=False, MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        first = first_township()
        one = build_world()
        second = TownshipFactory()
        with townships.scoped(second):
            world = build_world(prefix=T2)
            # Names apart, to tell the townships' pages apart; and a little more work than the first.
            Deputy.objects.filter(pk=world["deputies.Deputy"].pk).update(name="图克代表")
            Project.objects.filter(pk=world["livelihood.Project"].pk).update(name="图克镇牧区道路")
            Post.objects.filter(pk=world["deputies.Post"].pk).update(title="图克镇代表进站")
            term = world["congress.Term"]
            ReceptionFactory(term=term, deputies=[world["deputies.Deputy"]])
            ActivityFactory(term=term)
        for role, user in world.users.items():
            if user is not None and role != SUPERUSER:
                townships.place_account(user, second.pk)
        yield Two(first, second, one, world)
        transaction.set_rollback(True)


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# ---- 1. every model of a township is scoped ---------------------------------------------------


def test_every_model_with_a_township_has_a_scoped_default_manager():
    unscoped, unlisted = [], []
    for model in domain_models():
        label = model._meta.label
        scoped = isinstance(model._default_manager, TownshipManager)
        if label in GLOBAL_MODELS:
            assert not scoped, f"{label} is scoped: take it off GLOBAL_MODELS"
        elif not scoped and township_path(model):
            unscoped.append(label)
        elif not scoped:
            unlisted.append(label)
    assert not unscoped, f"a township's models whose default manager is not a TownshipManager: {unscoped}"
    assert not unlisted, f"models without a township: scope them, or say in GLOBAL_MODELS why not: {unlisted}"


def test_each_scoped_manager_s_path_reaches_the_township(two):
    for model in scoped_models():
        path = model._default_manager.township_path
        assert path == township_path(model) or path.endswith("township"), (model, path)
        with townships.scoped(two.second):
            in_scope = set(model.objects.values_list("pk", flat=True))
        assert in_scope == set(model.objects.of_township(two.second).values_list("pk", flat=True))
        assert not in_scope & set(model.objects.of_township(two.first).values_list("pk", flat=True))


def test_the_townships_helper_lists_the_scoped_models():
    assert set(scoped_models()) <= set(townships.township_models())


# ---- 2. no unscoped query --------------------------------------------------------------------


def top_level(sql: str) -> str:
    """``sql`` without what its parentheses hold (subqueries, function arguments, IN lists)."""
    out, depth = [], 0
    for char in sql:
        if char == "(":
            depth += 1
            out.append("(") if depth == 1 else None
        elif char == ")":
            depth -= 1
            out.append(")") if depth == 0 else None
        elif depth == 0:
            out.append(char)
    return "".join(out)


FROM = re.compile(r'^SELECT .*? FROM "(\w+)"(.*)$', re.DOTALL)
WHERE = re.compile(r"\bWHERE (.*?)(?: GROUP BY | ORDER BY | LIMIT |$)", re.DOTALL)


def by_id_columns(model) -> set[str]:
    """The columns naming at most one row: the id, and one-to-one links (``round.reply``)."""
    return {f.column for f in model._meta.concrete_fields if f.primary_key or isinstance(f, OneToOneField)}


def unscoped(sql: str) -> str | None:
    """The township table a SELECT reads (its top-level FROM) without a township condition, or None.

    A read by id is left out: Django reads a foreign key's target by its id through ``_base_manager``
    (unscoped: ``record.deputy``, ``round.reply``, select_related's and prefetch_related's forward
    lookups, a record's version before saving), and the id came from a record already read in
    scope. No guessed id reaches such a read unchecked: every address taking an id is test 3's.
    """
    match = FROM.match(top_level(sql.strip()))
    if match is None or "township_id" in sql:
        return None
    table, rest = match[1], match[2]
    model = SCOPED_TABLES.get(table)
    if model is None:
        return None
    where = WHERE.search(rest)
    if where:
        columns = "|".join(by_id_columns(model))
        one = rf'"{table}"\."(?:{columns})" (?:= %s|= \d+|IN \(\))'
        if re.fullmatch(rf"\(?{one}\)?", where[1].strip()):
            return None
    return table


def test_the_detector_tells_a_list_from_a_lookup_by_id():
    assert unscoped('SELECT "deputies_deputy"."id" FROM "deputies_deputy" ORDER BY "deputies_deputy"."name"')
    assert unscoped('SELECT COUNT(*) AS "__count" FROM "suggestions_round"')
    assert not unscoped(
        'SELECT "deputies_deputy"."id" FROM "deputies_deputy" WHERE "deputies_deputy"."township_id" = 2'
    )
    assert not unscoped(
        'SELECT "deputies_deputy"."id" FROM "deputies_deputy" WHERE "deputies_deputy"."id" = 7 LIMIT 21'
    )
    assert not unscoped(
        'SELECT "suggestions_reply"."id" FROM "suggestions_reply" WHERE "suggestions_reply"."round_id" = 5 LIMIT 21'
    )
    assert unscoped(
        'SELECT "suggestions_reply"."id" FROM "suggestions_reply" WHERE "suggestions_reply"."replied_on" = 5'
    )
    assert not unscoped('SELECT "auth_user"."id" FROM "auth_user"')
    assert not unscoped('UPDATE "deputies_deputy" SET "name" = 1')


def admin_pages(world: World) -> Iterator[str]:
    """Every admin page of the domain's models for ``world``'s records: list, add, change, history,
    a version, and every autocomplete."""
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        if ADMIN_MODELS.get(label, (None,))[0] != DOMAIN:
            continue
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        record = world[label]
        yield reverse(f"{prefix}_changelist")
        if "add" not in ADMIN_MODELS[label][1]:  # a record added elsewhere (on its parent's page)
            yield reverse(f"{prefix}_add")
        yield reverse(f"{prefix}_change", args=[record.pk])
        yield reverse(f"{prefix}_history", args=[record.pk])
        if isinstance(model_admin, SimpleHistoryAdmin):
            version = type(record).history.filter(id=record.pk).earliest()
            yield reverse(f"{prefix}_simple_history", args=[record.pk, version.history_id])
        for field in model_admin.autocomplete_fields:
            yield (
                reverse("admin:autocomplete")
                + f"?app_label={model._meta.app_label}&model_name={model._meta.model_name}&field_name={field}"
            )


# Who of a township's accounts opens each portal and public page (the first the matrix lets in).
OPENERS = (STAFF, DEPUTY, UNIT, MEMBER, ANONYMOUS)


def portal_pages(two: Two) -> Iterator[tuple[str, str]]:
    """(role, address) of every page of the matrix outside the admin that one of the second
    township's accounts opens: the first role the matrix answers 200, with its records."""
    for row in ROWS:
        if row.method != "get" or row.key.startswith("admin") or row.key.startswith("protected_file"):
            continue
        role = next((role for role in OPENERS if row.expect[role] == 200), None)
        if role is None:
            continue
        address = row.url(two.two)
        if role == ANONYMOUS:  # a visitor reaches the second township's pages by its prefix
            address = f"/t/{two.second.slug}{address}"
        yield role, address


def test_no_page_of_the_second_township_reads_a_township_table_unscoped(two):
    staff = client_of(two.two.users[STAFF])
    clients = {role: client_of(two.two.users[role]) for role in OPENERS}
    visits = [(STAFF, address) for address in admin_pages(two.two)] + list(portal_pages(two))
    found = {}
    for role, address in visits:
        client = staff if role == STAFF else clients[role]
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200, (role, address, response.status_code)
        for query in queries.captured_queries:
            if unscoped(query["sql"]):
                found.setdefault(f"{role} {address}", []).append(query["sql"][:400])
    report = "\n".join(f"{page}:\n    " + "\n    ".join(sqls) for page, sqls in found.items())
    assert not found, f"queries reading a township's table without its township:\n{report}"


# ---- 3. another township's records answer 404 -------------------------------------------------

# The second township's accounts that reach the admin, and those it sends to sign in.
ADMIN_USERS = (STAFF, MEMBER)
PORTAL_USERS = (DEPUTY, UNIT)


def admin_record_pages(world: World) -> Iterator[tuple[str, str]]:
    """(label, address) of each record page of the admin: change, history, delete, a version."""
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        if ADMIN_MODELS.get(label, (None,))[0] != DOMAIN or model._meta.db_table not in SCOPED_TABLES:
            continue  # the calendar is every township's
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        record = world[label]
        for page in ("change", "history", "delete"):
            yield label, reverse(f"{prefix}_{page}", args=[record.pk])
        if isinstance(model_admin, SimpleHistoryAdmin):
            version = type(record).history.filter(id=record.pk).earliest()
            yield label, reverse(f"{prefix}_simple_history", args=[record.pk, version.history_id])


def refused_anyway(label: str, address: str, role: str) -> bool:
    """The matrix refuses ``role`` the page whatever the record (a member's delete page: 403)."""
    page = "delete" if address.endswith("/delete/") else "change"
    if role == MEMBER:
        return page == "delete"
    return ADMIN_MODELS[label][1].get(page, {}).get(role) == 403


def test_the_admin_answers_404_for_another_township_s_record(two):
    wrong = []
    for role in (*ADMIN_USERS, *PORTAL_USERS):
        client = client_of(two.two.users[role])
        for label, address in admin_record_pages(two.one):
            got = answer_of(client.get(address))
            if role in PORTAL_USERS:
                expected = {LOGIN}
            else:  # a page refused whatever the record may say so first (Django asks before it looks)
                expected = {403, 404} if refused_anyway(label, address, role) else {404}
            if got not in expected:
                wrong.append(f"{role} GET {address}: {got}")
    assert not wrong, "\n".join(wrong)


def id_rows(two: Two):
    """The matrix's rows outside the admin's standard pages whose address names a record."""
    for row in ROWS:
        if row.key in ("admin:autocomplete",):
            continue
        first, second = row.url(two.one), row.url(two.two)
        if first != second:
            yield row, first


def test_every_page_of_another_township_s_record_answers_404(two):
    """Every portal, public, file and custom admin page naming a record, asked with the first township's
    ids by the second township's accounts (a visitor: under the second township's prefix), as the
    matrix lets each in: 404, and the portal's posts (answering an opinion, a unit's reply…) write nothing."""
    before = snapshot()
    wrong = []
    for row, address in id_rows(two):
        for role in (STAFF, MEMBER, DEPUTY, UNIT, ANONYMOUS):
            if row.expect[role] not in (200, "redirect"):
                continue  # refused anyway: the matrix's
            client = client_of(two.two.users[role])
            asked = f"/t/{two.second.slug}{address}" if role == ANONYMOUS else address
            response = client.post(asked, row.data or {}) if row.method == "post" else client.get(asked)
            if response.status_code != 404:
                wrong.append(f"{role} {row.method.upper()} {asked} ({row.name}): {answer_of(response)}")
    assert not wrong, "\n".join(wrong)
    assert snapshot() == before


def test_another_township_s_address_treats_its_accounts_as_visitors(two):
    """``/t/<slug>/`` is another township's public site: there the second township's accounts get what
    a visitor gets (the matrix's anonymous answer), never its private pages (records, files, previews)."""
    wrong = []
    for row in ROWS:
        if row.method != "get" or row.key.startswith("admin") or row.key in ("login", "password_change"):
            continue
        address = f"/t/{two.first.slug}{row.url(two.one)}"
        visitor = answer_of(Client().get(address))
        for role in (STAFF, MEMBER, DEPUTY, UNIT):
            got = answer_of(client_of(two.two.users[role]).get(address))
            if got == 200 and visitor != 200:
                wrong.append(f"{role} GET {address} ({row.name}): {got}, a visitor {visitor}")
    assert not wrong, "\n".join(wrong)


def snapshot() -> dict[str, tuple]:
    """Every township table's rows, versions and history rows, whatever the scope."""
    state = {}
    for model in scoped_models():
        rows = model.objects.every_township()
        versions = (
            tuple(rows.order_by("pk").values_list("version", flat=True)) if hasattr(model, "version") else ()
        )
        history = model.history.count() if hasattr(model, "history") else 0
        state[model._meta.label] = (rows.count(), versions, history)
    return state


def test_posting_to_another_township_s_record_writes_nothing(two):
    staff = client_of(two.two.users[STAFF])
    before = snapshot()
    wrong = []
    for (label, address), (_label, own) in zip(
        admin_record_pages(two.one), admin_record_pages(two.two), strict=True
    ):
        if address.endswith("/delete/"):
            data = {"post": "yes"}
        else:  # what the same page of one's own record would post
            page = staff.get(own)
            context = page.context if page.status_code == 200 else None
            form = context and (context.get("adminform") or None)
            data = form_data(form.form) if form else {}
        response = staff.post(address, data)
        if response.status_code != 404 and not (
            response.status_code == 403 and refused_anyway(label, address, STAFF)
        ):
            wrong.append(f"POST {address} ({label}): {answer_of(response)}")
    assert snapshot() == before
    assert not wrong, "\n".join(wrong)


def test_no_admin_action_reaches_another_township_s_record(two):
    """Every action of every township's admin, run by the second township's staff on the first
    township's record (``_selected_action`` is any id): nothing written anywhere, and no file of it."""
    staff = client_of(two.two.users[STAFF])
    before = everything()
    wrong = []
    for label, model_admin, name in registered_actions():
        meta = model_admin.model._meta
        if meta.db_table not in SCOPED_TABLES and label != "congress.Account":
            continue
        record = two.one.users[DEPUTY] if label == "congress.Account" else two.one[label]
        address = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        post = {
            "action": name,
            "_selected_action": [record.pk],
            "index": "0",
            "select_across": "0",
            "apply": "1",
        }
        response = staff.post(address, post)
        if response.get("Content-Disposition", "").startswith("attachment"):
            wrong.append(f"{label}.{name}: a file of another township's record")
    changed = sorted(table for table, rows in everything().items() if rows != before[table])
    assert not changed, f"the second township's staff wrote to {changed}"
    assert not wrong, "\n".join(wrong)


def test_the_account_list_shows_the_township_s_own_accounts(two):
    """账号: staff manage their own township's accounts only (AccountTownship), and guess no other's."""
    staff = client_of(two.two.users[STAFF])
    page = staff.get(reverse("admin:congress_account_changelist"))
    shown = {account.username for account in page.context["cl"].result_list}
    assert f"{T2}matrix-deputy" in shown
    assert not {name for name in shown if name.startswith("matrix-")}, shown
    other = two.one.users[DEPUTY]
    assert staff.get(reverse("admin:congress_account_change", args=[other.pk])).status_code == 404
    # The account a deputy's or a unit's record is linked to is chosen among the township's own.
    for app, model_name, field, role in (
        ("deputies", "deputy", "user", Role.DEPUTY),
        ("suggestions", "handlingunit", "users", Role.UNIT),
    ):
        UserFactory(username=f"free-{role.value}", role=role)  # the first township's (no link)
        townships.place_account(UserFactory(username=f"{T2}free-{role.value}", role=role), two.second.pk)
        query = f"?app_label={app}&model_name={model_name}&field_name={field}&term=free"
        texts = [row["text"] for row in staff.get(reverse("admin:autocomplete") + query).json()["results"]]
        assert any(f"{T2}free-{role.value}" in text for text in texts), (field, texts)
        assert not any(text.startswith(f"free-{role.value}") for text in texts), (field, texts)


# ---- 4. the page cache --------------------------------------------------------------------------

# (address, the first township's name on it, the second's)
CACHED_PAGES = (
    ("/projects/", lambda w: w["livelihood.Project"].name),
    ("/deputies/", lambda w: w["deputies.Deputy"].name),
    ("/posts/", lambda w: w["deputies.Post"].title),
)


def names(two, shown):
    for world in (two.one, two.two):
        world["deputies.Deputy"].refresh_from_db()
        world["livelihood.Project"].refresh_from_db()
        world["deputies.Post"].refresh_from_db()
    return shown(two.one), shown(two.two)


@pytest.mark.parametrize(("address", "shown"), CACHED_PAGES, ids=[page for page, _shown in CACHED_PAGES])
def test_the_page_cache_never_gives_one_township_s_page_to_another(two, address, shown):
    first_name, second_name = names(two, shown)
    assert first_name != second_name
    visitor = Client()
    first_staff, second_staff = client_of(two.one.users[STAFF]), client_of(two.two.users[STAFF])
    pages = (
        # (client, address, the name it must show, the name it must not)
        (visitor, f"/t/{two.first.slug}{address}", first_name, second_name),
        (visitor, f"/t/{two.second.slug}{address}", second_name, first_name),
        (visitor, address, first_name, second_name),  # unprefixed: the first township
        (first_staff, address, first_name, second_name),
        (second_staff, address, second_name, first_name),
    )
    with override_settings(PAGE_CACHE=True):
        for _round in range(2):  # the second round from the cache
            for client, asked, own, other in pages:
                html = client.get(asked).content.decode()
                assert own in html and other not in html, (asked, own, other)


# ---- 5. the figures -------------------------------------------------------------------------------


# Figures whose value is a whole number but no count: they do not add up over townships.
NOT_ADDITIVE = {"report.home_star_rating": "the deputies' home's star rating (a grade, 1 to 5)"}


def additive(code, figure) -> list[tuple[str, object]]:
    """The parts of a figure that add up over townships: a count, and a rate's two terms."""
    parts = []
    if (
        code not in NOT_ADDITIVE
        and isinstance(figure.value, int)
        and not isinstance(figure.value, bool)
        and not figure.is_rate
    ):
        parts.append(("value", figure.value))
    if figure.numerator is not None:
        parts += [("numerator", figure.numerator), ("denominator", figure.denominator)]
    return parts


def records_of(figure) -> tuple[type, set] | None:
    records = figure.records
    if records is None or not isinstance(records.model._default_manager, TownshipManager):
        return None
    return records.model, set(records.values_list("pk", flat=True))


YEARS = (2022, timezone.localdate().year)


def test_every_figure_counts_each_township_s_own_records(two):
    assert figures.REGISTRY
    wrong, differ = [], set()
    for code in sorted(figures.REGISTRY):
        for year in YEARS:
            everywhere = figures.compute(code, year)
            with townships.scoped(two.first):
                one = figures.compute(code, year)
                one_records = records_of(one)
            with townships.scoped(two.second):
                second = figures.compute(code, year)
                second_records = records_of(second)
            if one.value != second.value:
                differ.add(code)
            for (part, total), (_p, a), (_q, b) in zip(
                additive(code, everywhere), additive(code, one), additive(code, second), strict=True
            ):
                if a + b != total:
                    wrong.append(f"{code} {year} {part}: {a} + {b} != {total} (every township)")
            for township, found in ((two.first, one_records), (two.second, second_records)):
                if found is None:
                    continue
                model, pks = found
                theirs = set(
                    model.objects.of_township(township).filter(pk__in=pks).values_list("pk", flat=True)
                )
                if theirs != pks:
                    wrong.append(
                        f"{code} {year}: {township.slug}'s records include another's: {pks - theirs}"
                    )
    assert not wrong, "\n".join(wrong)
    # The second township received more than the first (a reception, an activity): its figures say so.
    assert differ, "the two townships' figures are alike: the test would not tell them apart"
