"""交办: the banner hands an item down to a township, which handles it in its own workflow; the banner
follows it to the reply and the rating (domain.md §10)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from congress.figures import compute
from congress.roles import Role
from congress.townships import place_account, scoped
from suggestions import handdowns, workflow
from suggestions.choices import Rating, Source, State, Transition
from suggestions.models import Notification, Suggestion
from tests.factories import DeputyFactory, TownshipFactory, UserFactory, first_township

from .factories import HandlingUnitFactory, advance, register

pytestmark = pytest.mark.django_db

D = datetime.date
NEW = "/banner/handdowns/new/"
FOLLOW = "/banner/handdowns/"
LEDGER = reverse("admin:suggestions_suggestion_changelist")


@pytest.fixture
def banner(db):
    user = UserFactory(username="banner-staff", role=Role.BANNER, first_name="旗人大常委会")
    place_account(user, banner=True)
    return user


@pytest.fixture
def wushenzhao(db):
    return first_township()


@pytest.fixture
def tuke(db, wushenzhao):
    return TownshipFactory()


@pytest.fixture
def tuke_staff(tuke):
    user = UserFactory(username="tuke-staff", role=Role.STAFF, email="staff@tuke.local")
    place_account(user, tuke.pk)
    return user


@pytest.fixture
def tuke_unit(tuke):
    with scoped(tuke):
        return HandlingUnitFactory(name="图克镇农业综合服务中心")


def form_data(township, **changes):
    return {
        "township": township.pk,
        "source": Source.BANNER_DEPUTY,
        "proposer": "旗人大代表 张三（图克镇选区）",
        "title": "关于加快图克镇牧区道路建设的建议",
        "content": "图克镇部分嘎查通往镇区的道路仍是砂石路，雨季通行困难。",
        "category": "infrastructure",
        "received_on": "2022-03-01",
        "deadline": "2022-05-31",
        **changes,
    }


def hand_down(banner, township, **changes):
    fields = {
        "source": Source.BANNER_DEPUTY,
        "proposer": "旗人大代表 张三（图克镇选区）",
        "title": "关于加快图克镇牧区道路建设的建议",
        "content": "图克镇部分嘎查通往镇区的道路仍是砂石路。",
        "received_on": D(2022, 3, 1),
        "deadline": D(2022, 5, 31),
        **changes,
    }
    return handdowns.hand_down(actor=banner, township=township, handed_down_on=D(2022, 3, 2), **fields)


def test_banner_hands_an_item_down_and_only_that_township_sees_it(
    client, banner, tuke, tuke_staff, staff, django_capture_on_commit_callbacks
):
    client.force_login(banner)
    assert client.get(NEW).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, form_data(tuke))
    item = Suggestion.objects.get(title="关于加快图克镇牧区道路建设的建议")
    assert response.status_code == 302 and response["Location"] == f"/banner/handdowns/{item.pk}/"
    assert item.township == tuke and item.number == "2022-001" and item.state == State.REGISTERED
    assert item.external_proposer == "旗人大代表 张三（图克镇选区）"
    assert (item.handed_down_by, item.banner_deadline) == (banner, D(2022, 5, 31))
    registered = item.events.get()
    assert (registered.transition, registered.actor) == (Transition.REGISTER, banner)
    assert item.history.get().history_user == banner
    # The township's presidium staff hear of it; the first township's do not.
    assert Notification.objects.filter(user=tuke_staff, text__contains="2022-001").count() == 1
    assert not Notification.objects.filter(user=staff).exists()

    client.force_login(tuke_staff)
    assert item in client.get(LEDGER).context["cl"].result_list
    client.force_login(staff)  # the first township's staff
    assert item not in client.get(LEDGER).context["cl"].result_list
    assert client.get(reverse("admin:suggestions_suggestion_change", args=[item.pk])).status_code != 200


def test_the_township_numbers_a_handed_down_item_after_its_own(banner, tuke, tuke_staff, staff):
    register(staff, external_proposer="外来", received_on=D(2022, 1, 5))  # the first township's 2022-001
    with scoped(tuke):
        register(tuke_staff, external_proposer="外来", received_on=D(2022, 1, 6))  # 图克镇's 2022-001
    assert hand_down(banner, tuke).number == "2022-002"


def test_only_banner_staff_hand_down(client, banner, tuke, tuke_staff):
    client.force_login(tuke_staff)
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form_data(tuke)).status_code == 403
    assert client.get(FOLLOW).status_code == 403
    assert not Suggestion.objects.exists()
    with pytest.raises(PermissionDenied):
        hand_down(tuke_staff, tuke)
    client.logout()
    assert client.get(NEW).status_code == 302  # to sign in


def test_bad_input_is_refused_on_its_field(client, banner, tuke):
    client.force_login(banner)
    response = client.post(NEW, form_data(tuke, proposer=" ", deadline="2022-02-01"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"proposer", "deadline"}
    response = client.post(NEW, form_data(tuke, source=Source.SESSION, received_on="2022-02"))
    assert set(response.context["form"].errors) == {"source", "received_on"}
    assert not Suggestion.objects.exists()

    with pytest.raises(ValidationError) as refused:
        hand_down(banner, tuke, source=Source.SESSION, title="", deadline=D(2022, 2, 1))
    assert set(refused.value.message_dict) == {"source", "title", "deadline"}


def test_the_unit_answers_by_the_banners_deadline(banner, tuke, tuke_staff, tuke_unit):
    item = hand_down(banner, tuke)
    with scoped(tuke):
        with pytest.raises(ValidationError) as refused:
            workflow.apply(
                item,
                Transition.ASSIGN,
                actor=tuke_staff,
                lead_unit=tuke_unit,
                assigned_on=D(2022, 3, 5),
                deadline=D(2022, 6, 30),
                supervisor_leader="镇长",
            )
        assert "deadline" in refused.value.message_dict
        advance(item, State.ASSIGNED, actor=tuke_staff, unit=tuke_unit, assigned_on=D(2022, 3, 5))
    assert item.current_round.deadline == D(2022, 5, 31)  # the banner's, not three months


def test_the_banner_follows_the_item_to_the_reply_and_the_rating(
    client, banner, tuke, tuke_staff, tuke_unit, staff
):
    item = hand_down(banner, tuke)
    own = register(staff, external_proposer="一位选民", source=Source.BETWEEN_SESSIONS)  # the township's own
    client.force_login(banner)
    page = client.get(FOLLOW)
    assert list(page.context["page"]) == [item]
    assert client.get(f"/banner/handdowns/{own.pk}/").status_code == 404
    assert "已登记" in page.content.decode()

    with scoped(tuke):
        advance(
            item,
            State.REPLIED,
            actor=tuke_staff,
            unit=tuke_unit,
            assigned_on=D(2022, 3, 5),
            replied_on=D(2022, 4, 20),
        )
    text = client.get(FOLLOW).content.decode()
    assert "已答复" in text and "图克镇农业综合服务中心" in text and "2022-04-20" in text
    assert "图克镇" in text

    with scoped(tuke):
        advance(item, State.EVALUATED, actor=tuke_staff, unit=tuke_unit, rating=Rating.BASICALLY_SATISFIED)
    assert "基本满意" in client.get(FOLLOW).content.decode()

    detail = client.get(f"/banner/handdowns/{item.pk}/")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "旗人大常委会" in text  # who handed it down, in the steps
    assert "2022-05-31" in text and "已办理。" in text  # the banner's deadline, the reply


def test_the_follow_list_keeps_its_query_count(client, banner, tuke, django_assert_num_queries):
    for n in range(3):
        hand_down(banner, tuke, title=f"关于第{n}件交办事项的建议")
    client.force_login(banner)
    client.get(FOLLOW)
    # The account and its roles, the townships, the count, the profile, the unread notices, the page.
    with django_assert_num_queries(7):
        client.get(FOLLOW)


def test_the_township_counts_a_handed_down_item_once_closed(banner, tuke, tuke_staff, tuke_unit, wushenzhao):
    item = hand_down(banner, tuke)
    with scoped(tuke):
        advance(item, State.REPLIED, actor=tuke_staff, unit=tuke_unit, assigned_on=D(2022, 3, 5))
        assert compute("suggestions.handed_down_deputy", 2022).value == 0
        advance(item, State.CLOSED, actor=tuke_staff, unit=tuke_unit)
        assert compute("suggestions.handed_down_deputy", 2022).value == 1
        assert compute("suggestions.handed_down_cppcc", 2022).value == 0
    with scoped(wushenzhao):
        assert compute("suggestions.handed_down_deputy", 2022).value == 0


def test_a_banner_deputy_on_the_townships_roster_follows_and_rates_it(client, banner, tuke, wushenzhao):
    with scoped(tuke):
        deputy = DeputyFactory(name="旗代表其其格", is_banner_deputy=True)
        plain = DeputyFactory(name="镇代表巴图", is_banner_deputy=False)
    with scoped(wushenzhao):
        elsewhere = DeputyFactory(name="乌审召旗代表", is_banner_deputy=True)
    client.force_login(banner)
    page = client.get(NEW).content.decode()
    assert "图克镇 · 旗代表其其格" in page and "乌审召镇 · 乌审召旗代表" in page and "镇代表巴图" not in page

    response = client.post(NEW, form_data(tuke, proposer="", lead_deputy=elsewhere.pk))
    assert response.context["form"].errors["lead_deputy"]
    assert not Suggestion.objects.every_township().exists()
    response = client.post(NEW, form_data(tuke, proposer="", lead_deputy=plain.pk))
    assert response.context["form"].errors["lead_deputy"]

    client.post(NEW, form_data(tuke, proposer="", lead_deputy=deputy.pk))
    item = Suggestion.objects.every_township().get()
    assert (item.lead_deputy, item.external_proposer, item.township) == (deputy, "", tuke)
