"""Hostile input in addresses never breaks a page (the hostile-input suite, continued).

``test_hostile_input.py`` posts hostile values to forms and imports; here they go
where an attacker types them into the address bar:

- every parameter of every admin list (its filters, date hierarchy, search,
  ordering and page) with junk: the list, filtered, unfiltered or refused,
  never a server error (``?year=abc``, ``?year=1e309`` gave 500s);
- every argument of every URL pattern (``<int:year>``, ``<int:pk>``,
  ``<str:code>``, …) with junk, for every role: a page or a 404, never a 500
  (``/admin/congress/reportdraft/figures/suggestions.collected/99999/`` gave one);
- the query parameters the platform's own pages read (``year``, ``page``,
  ``unit``, ``deputy``, ``q``) with junk on every page of the permission matrix.

The test client re-raises a view's exception, so a 500 fails with its traceback.
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import transaction
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from hypothesis import given, settings
from hypothesis import strategies as st

from .test_hostile_input import FUZZ, HOSTILE_DATES, HOSTILE_NUMBERS
from .test_permission_matrix import ADMIN_MODELS, ROLES, ROWS, SUPERUSER

pytestmark = pytest.mark.django_db

# Each of these broke a page once, here or in a library; the random examples below try the rest.
JUNK = [
    "abc",
    "1e309",
    "-1",
    "0",
    "99999",
    "9" * 30,
    "2022-02-30",
    "１２",
    "",
    "1,2",
    "\x00",
    "乌审召镇" * 200,
]
PAGE_ANSWERS = (200, 302, 400, 403, 404, 405, 429)


# ---- the findings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "/admin/suggestions/suggestion/?year=abc",
        "/admin/suggestions/suggestion/?year=1e309",
        "/admin/suggestions/suggestion/?year=99999",
        "/admin/congress/reportdraft/figures/suggestions.collected/99999/",
        "/admin/congress/reportdraft/figures/suggestions.collected/0/",
    ],
)
def test_the_reported_addresses_answer_without_a_server_error(client, world, address):
    client.force_login(world.users[SUPERUSER])
    response = client.get(address)
    assert response.status_code in (200, 302, 404), response.status_code


# ---- every admin list's parameters ---------------------------------------------------------------


def list_parameters(model_admin, user) -> list[str]:
    """The query-string parameters a list reads: its filters', its date hierarchy's, search, order, page."""
    request = RequestFactory().get("/")
    request.user = user
    cl = model_admin.get_changelist_instance(request)
    names = {"q", "o", "p", "all", "_facets", "e"}
    for spec in cl.filter_specs:
        names.update(spec.expected_parameters())
    if model_admin.date_hierarchy:
        names.update(f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day"))
    return sorted(names)


ADMINS = [
    pytest.param(model, id=model._meta.label)
    for model in admin.site._registry
    if model._meta.label in ADMIN_MODELS
]


def changelist_address(model) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


def changelist_answer(model_admin, user, params) -> int:
    """The list view's answer to ``params`` (its logic and queries; the page is not rendered: fast)."""
    request = RequestFactory().get("/", params)
    request.user = user
    request.session = {}
    request._messages = CookieStorage(request)
    return model_admin.changelist_view(request).status_code


@pytest.mark.parametrize("model", ADMINS)
def test_junk_in_every_admin_list_parameter(world, model):
    superuser = world.users[SUPERUSER]
    model_admin = admin.site._registry[model]
    for name in list_parameters(model_admin, superuser):
        for value in JUNK:
            answer = changelist_answer(model_admin, superuser, {name: value})
            assert answer in (200, 302), (name, value, answer)


@FUZZ
@given(data=st.data())
def test_random_values_in_admin_list_parameters(client, world, data):
    superuser = world.users[SUPERUSER]
    client.force_login(superuser)
    model = data.draw(st.sampled_from([p.values[0] for p in ADMINS]))
    names = list_parameters(admin.site._registry[model], superuser)
    params = data.draw(
        st.dictionaries(
            st.sampled_from(names),
            st.one_of(st.text(max_size=50), st.sampled_from(JUNK + HOSTILE_NUMBERS + HOSTILE_DATES)),
            min_size=1,
            max_size=4,
        )
    )
    response = client.get(changelist_address(model), params)
    assert response.status_code in (200, 302), (model, params, response.status_code)


# ---- every argument of every URL pattern ---------------------------------------------------------

CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")
JUNK_ARGUMENTS = {
    "int": ["0", "99999", "2147483648", "9" * 40],
    "str": ["abc", "..", "x" * 300, "%00"],
    "slug": ["abc", "x" * 300],
    "path": ["abc", "9" * 40, "x/y", "%00"],
}


def routes(resolver=None, prefix=""):
    """The full route of every URL pattern made of ``path()`` routes (admin's regex catch-alls aside)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from routes(entry, route)
        elif isinstance(entry, URLPattern) and CONVERTER.search(route):
            yield route


def addresses(route):
    """The route with each of its arguments in turn replaced by junk (the others by a plain value)."""
    arguments = list(CONVERTER.finditer(route))
    for index, match in enumerate(arguments):
        for junk in JUNK_ARGUMENTS[match.group("kind") or "str"]:
            address = route
            for other, m in reversed(list(enumerate(arguments))):
                plain = "1" if (m.group("kind") or "str") in ("int", "path") else "abc"
                address = address[: m.start()] + (junk if other == index else plain) + address[m.end() :]
            yield "/" + address


ROUTES = sorted(set(routes()))


def test_the_routes_include_the_admin_and_the_portals():
    assert any(r.startswith("admin/congress/reportdraft/figures/") for r in ROUTES)
    assert any(r.startswith("deputies/records/") for r in ROUTES)
    assert any(r.startswith("opinions/mine/") for r in ROUTES)


@pytest.mark.parametrize("route", ROUTES)
def test_junk_in_every_url_argument_for_every_role(client, world, route):
    # The admin's pages are one code path for every admin user (the others sign in first): a superuser's.
    for role in (SUPERUSER,) if route.startswith("admin/") else ROLES:
        client.logout()
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        for address in addresses(route):
            for method in ("get", "post"):
                with transaction.atomic():
                    response = getattr(client, method)(address)
                    transaction.set_rollback(True)
                assert response.status_code in PAGE_ANSWERS, (role, method, address, response.status_code)


# ---- the query parameters the platform's pages read ------------------------------------------------

PAGE_PARAMETERS = ("year", "page", "unit", "deputy", "q")


@pytest.mark.parametrize("row", [pytest.param(row, id=row.name) for row in ROWS if row.method == "get"])
def test_junk_in_the_query_parameters_of_every_page(client, world, row):
    for role in ROLES:
        if row.expect[role] != 200:
            continue  # a page the role does not get: its parameters are never read for them
        client.logout()
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        address = row.url(world).split("?")[0]
        for value in JUNK:
            response = client.get(address, {name: value for name in PAGE_PARAMETERS})
            assert response.status_code in PAGE_ANSWERS, (role, address, value, response.status_code)


@settings(parent=FUZZ)
@given(year=st.one_of(st.integers(), st.text(max_size=20)))
def test_random_years_on_the_pages_that_take_one(client, world, year):
    client.force_login(world.users[SUPERUSER])
    for address in ("/admin/", "/deputies/records/", "/admin/suggestions/suggestion/"):
        response = client.get(address, {"year": str(year)})
        assert response.status_code in (200, 302, 404), (address, year, response.status_code)
