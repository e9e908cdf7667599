"""Accounts run by the office (domain.md §9): staff open them from the roster and the unit list,
with sign-in slips; the holder changes the one-time password first; staff reset and disable
accounts; staff never reach staff or superuser accounts."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from congress.accounts import services
from congress.accounts.models import AccountAction, AccountEvent
from congress.roles import Role, has_role
from deputies.models import Deputy
from tests.factories import DeputyFactory, UserFactory
from tests.suggestions.factories import HandlingUnitFactory

from .accounts_helpers import ACCOUNTS, DEPUTIES, UNITS, act, open_accounts, slips_of, workbook_of

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def staff(db):
    return UserFactory(username="renda", first_name="李娜", role=Role.STAFF)


@pytest.fixture
def office(client, staff, township):
    client.force_login(staff)
    return client


def roles(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


# ---- opening deputies' accounts from the roster ---------------------------------------------------


def test_the_roster_action_names_each_username_before_opening_anything(office, term):
    with_mobile = DeputyFactory(term=term, name="乌云", phone="139 1234 5678")
    DeputyFactory(term=term, name="巴特尔", phone="")
    page = act(office, DEPUTIES, "open_accounts", Deputy.objects.all())
    assert page.status_code == 200
    html = page.content.decode()
    assert "13912345678" in html and f"db{Deputy.objects.get(name='巴特尔').pk:04d}" in html
    assert "开通 2 个账号并打印凭条" in html
    assert not User.objects.filter(username="13912345678").exists()
    assert with_mobile.user is None


def test_staff_open_one_account_per_deputy_with_the_mobile_number_as_username(office, staff, term):
    wuyun = DeputyFactory(term=term, name="乌云", phone="+86 139-1234-5678")
    no_phone = DeputyFactory(term=term, name="巴特尔", phone="0477-1234567")
    UserFactory(username="13800000000")  # someone already signs in with this number
    taken = DeputyFactory(term=term, name="阿拉坦", phone="13800000000")
    has_one = DeputyFactory(term=term, name="其其格", user=UserFactory(username="qiqige", role=Role.DEPUTY))
    left = DeputyFactory(
        term=term,
        name="王离任",
        phone="13700000000",
        status="resigned",
        left_office=datetime.date(2022, 6, 1),
    )

    response = open_accounts(office, DEPUTIES, [wuyun, no_phone, taken, has_one, left])

    assert response.status_code == 200
    usernames = {d.name: d.user.username for d in Deputy.objects.filter(user__isnull=False)}
    assert usernames == {
        "乌云": "13912345678",
        "巴特尔": f"db{no_phone.pk:04d}",
        "阿拉坦": f"db{taken.pk:04d}",
        "其其格": "qiqige",
    }
    html = response.content.decode()
    assert "其其格" in html and "已有账号（qiqige）" in html and "王离任" in html and "已不在任" in html
    for deputy in Deputy.objects.filter(name__in=["乌云", "巴特尔", "阿拉坦"]).select_related("user"):
        account = deputy.user
        assert roles(account) == {Role.DEPUTY.value}
        assert not (account.is_staff or account.is_superuser)
        assert account.first_name == deputy.name
        event = AccountEvent.objects.get(account=account)
        assert (event.action, event.actor) == (AccountAction.OPENED, staff)
        # The roster's history says who linked the account.
        assert deputy.history.first().history_user == staff
    left.refresh_from_db()
    assert left.user is None


def test_the_slips_hold_each_name_username_and_a_working_one_time_password(office, term):
    DeputyFactory(term=term, name="乌云", phone="13912345678")
    DeputyFactory(term=term, name="巴特尔", phone="13912345679")
    response = open_accounts(office, DEPUTIES, Deputy.objects.all())
    slips = slips_of(response)
    assert sorted(s["name"] for s in slips) == sorted(["乌云", "巴特尔"])
    html = response.content.decode()
    assert html.count('class="slip"') == 2
    assert "http://testserver/portal/" in html  # how to sign in: the address, also as a QR code
    assert 'src="data:image/svg+xml' in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    for slip in slips:
        account = User.objects.get(username=slip["username"])
        assert len(slip["password"]) == 10 and not set(slip["password"]) & set("0o1li")
        assert account.check_password(slip["password"])
        # Never kept in clear: the account and the log hold hashes only, the session nothing.
        assert slip["password"] not in account.password
        assert not AccountEvent.objects.filter(note__contains=slip["password"]).exists()
        assert slip["password"] not in str(dict(office.session))


def test_the_xlsx_record_lists_name_username_password_date_and_issuer(office, term):
    DeputyFactory(term=term, name="乌云", phone="13912345678")
    response = open_accounts(office, DEPUTIES, Deputy.objects.all())
    (slip,) = slips_of(response)
    rows = workbook_of(response)
    assert rows[1] == ["序号", "姓名", "账号类别", "所属", "用户名", "初始密码", "发放日期", "发放人", "事由"]
    number, name, kind, _where, username, password, issued, issuer, reason = rows[2]
    assert (number, name, kind, username, password) == (
        1,
        "乌云",
        "人大代表",
        "13912345678",
        slip["password"],
    )
    assert issued.startswith(datetime.date.today().isoformat()[:4]) and issuer == "李娜"
    assert reason == "开通账号"
    assert 'download="账号发放登记-' in response.content.decode()


def test_opening_again_opens_nothing_twice(office, term):
    DeputyFactory(term=term, name="乌云", phone="13912345678")
    open_accounts(office, DEPUTIES, Deputy.objects.all())
    again = open_accounts(office, DEPUTIES, Deputy.objects.all())
    assert slips_of(again) == []
    assert User.objects.filter(groups__name=Role.DEPUTY.value).count() == 1


# ---- units ---------------------------------------------------------------------------------------


def test_each_unit_gets_the_accounts_it_lacks(office, staff):
    agri = HandlingUnitFactory(name="镇农业综合服务中心")
    village = HandlingUnitFactory(name="查汗庙嘎查", users=[UserFactory(username="chahan", role=Role.UNIT)])
    closed = HandlingUnitFactory(name="已撤并单位", active=False)
    page = act(office, UNITS, "open_accounts", [agri, village, closed], preview="1", accounts="2")
    assert f"dw{agri.pk:03d}-2" in page.content.decode()
    response = open_accounts(office, UNITS, [agri, village, closed], accounts="2")
    assert sorted(u.username for u in agri.users.all()) == [f"dw{agri.pk:03d}", f"dw{agri.pk:03d}-2"]
    assert village.users.count() == 2 and closed.users.count() == 0
    assert len(slips_of(response)) == 3
    for account in User.objects.filter(handling_units__isnull=False).exclude(username="chahan"):
        assert roles(account) == {Role.UNIT.value} and not account.is_staff
    assert agri.history.first().history_user == staff  # the unit's history names who added the accounts


# ---- staff never reach staff or superuser accounts -----------------------------------------------


@pytest.fixture
def admin_accounts(db):
    return {
        "other staff": UserFactory(username="zhao", role=Role.STAFF),
        "member": UserFactory(username="chair", role=Role.MEMBER),
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }


def test_staff_see_only_deputies_and_units_accounts(office, staff, admin_accounts):
    deputy_account = UserFactory(username="13912345678", role=Role.DEPUTY)
    unit_account = UserFactory(username="dw001", role=Role.UNIT)
    listed = set(office.get(ACCOUNTS).context["cl"].result_list)
    assert listed == {deputy_account, unit_account}
    for account in [staff, *admin_accounts.values()]:
        page = office.get(reverse("admin:congress_account_change", args=[account.pk]))
        assert page.status_code == 404  # "no such account", as for one that never existed


def test_staff_cannot_open_or_edit_an_account_into_an_admin_one(office, staff):
    account = UserFactory(username="13912345678", role=Role.DEPUTY)
    staff_group = Group.objects.get(name=Role.STAFF.value)
    response = office.post(
        reverse("admin:congress_account_change", args=[account.pk]),
        {
            "username": "13912345678",
            "first_name": "乌云",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [staff_group.pk],
            "user_permissions": [],
        },
    )
    assert response.status_code == 302
    account = User.objects.get(pk=account.pk)
    assert account.first_name == "乌云"
    assert not (account.is_staff or account.is_superuser) and roles(account) == {Role.DEPUTY.value}
    event = AccountEvent.objects.get(account=account)
    assert event.action == AccountAction.EDITED and event.actor == staff
    # Django's own user admin (where roles and rights are given) stays operations' alone.
    assert office.get(reverse("admin:auth_user_add")).status_code == 403
    assert office.get(reverse("admin:auth_user_change", args=[staff.pk])).status_code == 403
    assert office.get(reverse("admin:auth_user_change", args=[account.pk])).status_code == 403


def test_the_services_refuse_admin_roles_and_admin_accounts(staff, admin_accounts):
    with pytest.raises(PermissionDenied):
        services.account_open(actor=staff, username="x1", name="某人", role=Role.STAFF, holder="")
    with pytest.raises(PermissionDenied):
        services.account_open(actor=staff, username="x2", name="某人", role=Role.MEMBER, holder="")
    for account in [staff, *admin_accounts.values()]:
        with pytest.raises(PermissionDenied):
            services.password_reset(account, actor=staff)
        with pytest.raises(PermissionDenied):
            services.account_disable(account, actor=staff)
    assert not User.objects.filter(username__in=["x1", "x2"]).exists()
    assert all(u.is_active for u in User.objects.all())


def test_staff_cannot_reset_or_disable_an_admin_account_through_the_actions(office, admin_accounts):
    target = admin_accounts["other staff"]
    before = User.objects.get(pk=target.pk).password
    act(office, ACCOUNTS, "reset_passwords", [target], apply="1")
    act(office, ACCOUNTS, "disable_accounts", [target])
    target.refresh_from_db()
    assert target.password == before and target.is_active


def test_presidium_members_do_not_manage_accounts(client, township):
    client.force_login(UserFactory(username="member", role=Role.MEMBER))
    assert client.get(ACCOUNTS).status_code == 403
    assert client.get(reverse("admin:congress_account_add")).status_code == 403
    deputy = DeputyFactory()
    page = act(client, DEPUTIES, "open_accounts", [deputy], apply="1")
    assert b"slip-name" not in page.content  # no such action for them: the list again
    assert not User.objects.filter(groups__name=Role.DEPUTY.value).exists()


def test_the_add_page_says_where_accounts_are_opened(office):
    html = office.get(reverse("admin:congress_account_add")).content.decode()
    assert DEPUTIES in html and UNITS in html


# ---- choosing a deputy's or a unit's account (the chooser answered 403 to staff) --------------------


def autocomplete(client, model, field, term=""):
    app_label, model_name = model._meta.app_label, model._meta.model_name
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    return {result["text"] for result in response.json()["results"]}


def test_the_account_chooser_finds_only_free_accounts_of_the_right_kind(office, staff, admin_accounts, term):
    from suggestions.models import HandlingUnit

    UserFactory(username="13900000001", first_name="乌云", role=Role.DEPUTY)
    linked = UserFactory(username="13900000002", role=Role.DEPUTY)
    DeputyFactory(term=term, user=linked)
    UserFactory(username="dw001", first_name="镇农业综合服务中心", role=Role.UNIT)
    assert autocomplete(office, Deputy, "user") == {"13900000001（乌云）"}
    assert autocomplete(office, HandlingUnit, "users") == {"dw001（镇农业综合服务中心）"}
    assert autocomplete(office, Deputy, "user", "zhao") == set()


def test_a_deputy_cannot_be_linked_to_an_admin_account(office, admin_accounts, term):
    deputy = DeputyFactory(term=term)
    free = UserFactory(username="13900000003", role=Role.DEPUTY)
    UserFactory(username="dw009", role=Role.UNIT)
    page = office.get(reverse("admin:deputies_deputy_change", args=[deputy.pk]))
    field = page.context["adminform"].form.fields["user"]
    assert list(field.queryset) == [free]


def test_linking_an_admin_account_to_a_deputy_is_refused_by_the_form(office, admin_accounts, term):
    from tests.security.forms import admin_change_data

    deputy = DeputyFactory(term=term, name="乌云")
    url = reverse("admin:deputies_deputy_change", args=[deputy.pk])
    for account in admin_accounts.values():
        response = office.post(url, admin_change_data(office.get(url), user=str(account.pk)))
        assert response.status_code == 200 and "user" in response.context["adminform"].form.errors
    free = UserFactory(username="13900000004", role=Role.DEPUTY)
    response = office.post(url, admin_change_data(office.get(url), user=str(free.pk)))
    assert response.status_code == 302
    deputy.refresh_from_db()
    assert deputy.user == free


# ---- the first sign-in asks for a new password ----------------------------------------------------


def slip_for(office, term, name="乌云", phone="13912345678"):
    DeputyFactory(term=term, name=name, phone=phone)
    (slip,) = slips_of(open_accounts(office, DEPUTIES, Deputy.objects.filter(name=name)))
    return slip


@pytest.mark.parametrize("login_url", ["/accounts/login/", "/admin/login/"])
def test_the_first_sign_in_with_the_one_time_password_asks_for_a_new_one(office, term, login_url):
    slip = slip_for(office, term)
    deputy = Client()
    signed_in = deputy.post(login_url, {"username": slip["username"], "password": slip["password"]})
    if login_url == "/admin/login/":  # a deputy has no admin: the admin sign-in says so, nothing else
        assert signed_in.status_code == 200
        return
    assert signed_in.status_code == 302
    portal = deputy.get(reverse("portal"))
    assert portal.status_code == 302 and portal["Location"].startswith(reverse("password_change"))
    assert deputy.get(reverse("suggestions:mine"))["Location"].startswith(reverse("password_change"))
    page = deputy.get(portal["Location"])
    assert "初始密码" in page.content.decode()
    changed = deputy.post(
        portal["Location"],
        {
            "old_password": slip["password"],
            "new_password1": "caoyuan-2024-chun",
            "new_password2": "caoyuan-2024-chun",
            "next": "/portal/",
        },
    )
    assert changed.status_code == 302 and changed["Location"] == "/portal/"
    assert deputy.get("/portal/").status_code == 200
    account = User.objects.get(username=slip["username"])
    assert AccountEvent.objects.filter(account=account, action=AccountAction.PASSWORD_CHANGED).exists()
    assert not services.must_change_password(account)
    assert not AccountEvent.objects.exclude(one_time_password="").exists()  # no stale hash kept
    # Signing in again: straight to the portal.
    again = Client()
    again.post("/accounts/login/", {"username": slip["username"], "password": "caoyuan-2024-chun"})
    assert again.get("/portal/").status_code == 200


def test_the_one_time_password_still_asks_for_a_new_one_after_its_hash_was_upgraded(office, term):
    """Django re-hashes a password at sign-in when its hasher's settings change (an upgrade)."""
    slip = slip_for(office, term)
    account = User.objects.get(username=slip["username"])
    account.set_password(slip["password"])  # the same password, another hash
    account.save(update_fields=["password"])
    deputy = Client()
    deputy.post("/accounts/login/", {"username": slip["username"], "password": slip["password"]})
    assert deputy.get("/portal/")["Location"].startswith(reverse("password_change"))


def test_an_admin_account_given_a_one_time_password_changes_it_before_the_admin(client, township, password):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    renda = UserFactory(username="renda", role=Role.STAFF)
    slip = services.password_reset(renda, actor=root)
    client.post("/admin/login/", {"username": "renda", "password": slip.password})
    admin_index = client.get(reverse("admin:index"))
    assert admin_index.status_code == 302 and admin_index["Location"].startswith(reverse("password_change"))
    assert client.get(reverse("admin:deputies_deputy_changelist")).status_code == 302
    client.post(
        reverse("password_change"),
        {"old_password": slip.password, "new_password1": "qiuye-2024-x7", "new_password2": "qiuye-2024-x7"},
    )
    assert client.get(reverse("admin:index")).status_code == 200


# ---- reset, disable, leaving office ---------------------------------------------------------------


def test_a_reset_gives_a_new_one_time_password_and_ends_the_old_one(office, staff, term):
    slip = slip_for(office, term)
    account = User.objects.get(username=slip["username"])
    deputy = Client()
    deputy.post("/accounts/login/", {"username": slip["username"], "password": slip["password"]})
    page = act(office, ACCOUNTS, "reset_passwords", [account])
    assert "重置并打印新凭条" in page.content.decode()
    (new,) = slips_of(act(office, ACCOUNTS, "reset_passwords", [account], apply="1"))
    account.refresh_from_db()
    assert new["username"] == slip["username"] and new["password"] != slip["password"]
    assert account.check_password(new["password"]) and not account.check_password(slip["password"])
    assert deputy.get("/portal/")["Location"].startswith("/accounts/login/")  # the open session ended
    assert services.must_change_password(account)
    assert [e.action for e in AccountEvent.objects.filter(account=account)] == [
        AccountAction.OPENED,
        AccountAction.PASSWORD_RESET,
    ]


def signs_in(username, password) -> tuple[bool, str]:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302, response.content.decode()


def test_a_disabled_account_cannot_sign_in_and_its_session_ends(office, staff, term):
    slip = slip_for(office, term)
    account = User.objects.get(username=slip["username"])
    deputy = Client()
    deputy.post("/accounts/login/", {"username": slip["username"], "password": slip["password"]})
    act(office, ACCOUNTS, "disable_accounts", [account])
    account.refresh_from_db()
    assert not account.is_active
    ok, html = signs_in(slip["username"], slip["password"])
    assert not ok and "此账号已停用" in html
    assert deputy.get("/portal/")["Location"].startswith("/accounts/login/")
    assert Deputy.objects.get(user=account).name == "乌云"  # the records stay
    act(office, ACCOUNTS, "enable_accounts", [account])
    assert signs_in(slip["username"], slip["password"])[0]
    assert [e.action for e in AccountEvent.objects.filter(account=account)][-2:] == [
        AccountAction.DISABLED,
        AccountAction.ENABLED,
    ]


def test_a_deputy_who_left_office_cannot_sign_in_and_their_records_stay(office, term):
    from tests.suggestions.factories import register

    slip = slip_for(office, term)
    deputy = Deputy.objects.get(name="乌云")
    item = register(UserFactory(username="x-staff", role=Role.STAFF), lead_deputy=deputy)
    session = Client()
    session.post("/accounts/login/", {"username": slip["username"], "password": slip["password"]})
    deputy.status, deputy.left_office = "resigned", datetime.date.today()
    deputy.save()
    ok, html = signs_in(slip["username"], slip["password"])
    assert not ok and "您已不再担任代表" in html
    assert session.get("/portal/")["Location"].startswith("/accounts/login/")
    assert item.lead_deputy == deputy and Deputy.objects.get(pk=deputy.pk).user.username == slip["username"]
    status = office.get(ACCOUNTS).content.decode()
    assert "您已不再担任代表" in status


def test_a_deputy_leaving_on_a_later_date_signs_in_until_then(office, term):
    slip = slip_for(office, term)
    deputy = Deputy.objects.get(name="乌云")
    deputy.status, deputy.left_office = "resigned", datetime.date.today() + datetime.timedelta(days=3)
    deputy.save()
    assert signs_in(slip["username"], slip["password"])[0]


def test_the_roster_shows_each_deputys_account_to_staff(office, term):
    DeputyFactory(term=term, name="乌云", phone="13912345678")
    open_accounts(office, DEPUTIES, Deputy.objects.all())
    html = office.get(DEPUTIES).content.decode()
    account = User.objects.get(username="13912345678")
    assert reverse("admin:congress_account_change", args=[account.pk]) in html
    assert has_role(account, Role.DEPUTY)
