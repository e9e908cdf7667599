"""Sign-in: lockout after repeated failures, session expiry, sign-out on password change, CSRF."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "登录失败次数过多"
SITE_LOGIN, ADMIN_LOGIN = "/accounts/login/", "/admin/login/"


@pytest.fixture
def renda(db):
    return UserFactory(username="renda", role="presidium_staff")


def attempt(client, password, *, url=SITE_LOGIN, username="renda", address="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize("url", [SITE_LOGIN, ADMIN_LOGIN])
def test_the_fifth_failure_locks_the_sign_in_with_a_chinese_message(client, renda, township, url):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "wrong", url=url)
        assert response.status_code == 200
        assert LOCKED not in response.content.decode()
    response = attempt(client, "wrong", url=url)
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html and "30 分钟" in html
    assert 'name="password"' in html  # still the sign-in page


def test_a_locked_sign_in_refuses_even_the_right_password(client, renda, password, township):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    response = attempt(client, password)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_one_username_on_one_address_only(client, renda, password, township):
    UserFactory(username="other")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    assert attempt(Client(), password, address="10.0.0.2").status_code == 302  # same user, elsewhere
    assert attempt(Client(), password, username="other").status_code == 302  # another user, same place


def test_the_lock_ends_after_thirty_minutes(client, renda, password, township):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=30)
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=31)
    )
    assert attempt(client, password).status_code == 302


def test_a_successful_sign_in_forgets_earlier_failures(client, renda, password, township):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong")
    assert attempt(client, password).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong")
    assert attempt(client, password).status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_is_locked(client, renda, password, township, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            SITE_LOGIN,
            {"username": "renda", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 10.9.9.9",
        )
    # The same proxy, another client: not locked.
    response = Client().post(
        SITE_LOGIN,
        {"username": "renda", "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.8.8.8",
    )
    assert response.status_code == 302


def test_sessions_end_with_the_browser_and_after_eight_hours():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE == 8 * 3600


def test_the_password_validators_refuse_a_weak_password(client, township):
    user = UserFactory(username="weak")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "correct-horse-battery", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]


def test_changing_the_password_signs_out_the_other_sessions(client, password, township):
    user = UserFactory(username="wuyun")
    elsewhere = Client()
    elsewhere.force_login(user)
    client.force_login(user)
    new = "grassland-spring-2023"
    response = client.post(
        reverse("password_change"), {"old_password": password, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert client.get(reverse("password_change")).status_code == 200  # this session carries on
    assert elsewhere.get(reverse("password_change")).status_code == 302  # the other was signed out
    assert get_user_model().objects.get(pk=user.pk).check_password(new)


def test_a_password_set_by_staff_signs_the_user_out(client, township):
    user = UserFactory(username="bater")
    client.force_login(user)
    user.set_password("a-completely-new-secret")
    user.save()
    assert client.get(reverse("password_change")).status_code == 302


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (SITE_LOGIN, {"username": "renda", "password": "x"}),
        (ADMIN_LOGIN, {"username": "renda", "password": "x"}),
        ("/i18n/setlang/", {"language": "en"}),
        ("/accounts/logout/", {}),
    ],
)
def test_a_post_without_the_csrf_token_is_refused(url, data, renda, township):
    client = Client(enforce_csrf_checks=True)
    assert client.post(url, data).status_code == 403


def test_signed_in_forms_refuse_a_post_without_the_csrf_token(renda, township):
    client = Client(enforce_csrf_checks=True)
    client.force_login(renda)
    for url in [reverse("password_change"), reverse("admin:congress_term_add")]:
        assert client.post(url, {}).status_code == 403, url


def test_the_csrf_token_lets_the_same_post_through(renda, password, township):
    client = Client(enforce_csrf_checks=True)
    client.get(SITE_LOGIN)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        SITE_LOGIN, {"username": "renda", "password": password, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def _views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_no_view_is_exempt_from_csrf():
    exempt = [
        route for route, view in _views(get_resolver().url_patterns) if getattr(view, "csrf_exempt", False)
    ]
    assert exempt == []


def test_a_deputy_changes_the_password_from_the_menu_on_the_public_layout(client, township):
    user = UserFactory(username="wuyun")
    client.force_login(user)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("password_change")}"' in home
    page = client.get(reverse("password_change"))
    assert "修改密码" in page.content.decode()
    assert "base.html" in [t.name for t in page.templates]  # the public layout, not the admin's
