"""The demo's second township, 图克镇: a smaller year of its own, its own staff, never mixed with 乌审召镇."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from congress.figures import compute
from congress.models import Township
from congress.townships import first_township_id, scoped
from deputies.demo_data import tuke as tuke_deputies
from deputies.models import Deputy
from livelihood.models import Project
from suggestions.choices import State
from suggestions.models import Suggestion
from tests.demo import load_demo

TUKE_NAMES = [row[0] for row in tuke_deputies.DEPUTIES]
WUSHENZHAO_NAMES = ["王宝平", "乌云其其格", "斯琴", "额尔敦"]


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for this module inside a transaction rolled back after it."""
    from django.conf import settings

    media, settings.MEDIA_ROOT = settings.MEDIA_ROOT, str(tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)
    settings.MEDIA_ROOT = media


@pytest.fixture
def tuke(demo_db, db):
    return Township.objects.get(slug="tuke")


def roster_page(client, username) -> str:
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get("/admin/deputies/deputy/")
    assert response.status_code == 200
    return response.content.decode()


def test_tuke_staff_see_only_tuke_s_deputies_in_the_admin_roster(client, tuke):
    html = roster_page(client, "tuke_staff")

    assert all(name in html for name in TUKE_NAMES)
    assert [name for name in WUSHENZHAO_NAMES if name in html] == []


def test_wushenzhao_staff_see_only_their_own_deputies_in_the_admin_roster(client, tuke):
    html = roster_page(client, "staff")

    assert all(name in html for name in WUSHENZHAO_NAMES)
    assert [name for name in TUKE_NAMES if name in html] == []


def test_tuke_has_a_small_year_of_its_own(tuke):
    with scoped(tuke):
        assert compute("deputies.in_office", 2022).value == 10
        assert compute("suggestions.collected", 2022).value == 3
        assert compute("suggestions.satisfaction_rate", 2022).display() == "100%"
        assert compute("receptions.visitors", 2022).value == 6
        assert compute("activities.research_trips", 2022).value == 1
        assert compute("livelihood.voted", 2022).value == 1
        assert compute("livelihood.in_use", 2022).value == 1
        assert Suggestion.objects.filter(state=State.CLOSED).count() == 2
        assert Suggestion.objects.filter(state=State.IN_HANDLING).count() == 1
        assert list(Project.objects.values_list("name", flat=True)) == ["图克嘎查集中供水工程"]
    # 乌审召镇's year is the seed report's, whatever 图克镇 holds.
    with scoped(first_township_id()):
        assert compute("deputies.in_office", 2022).value == 67
        assert compute("suggestions.collected", 2022).value == 19
        assert Deputy.objects.filter(name__in=TUKE_NAMES).count() == 0


def test_tuke_s_public_pages_and_the_list_of_townships(client, tuke):
    home = client.get("/t/tuke/").content.decode()
    assert "图克镇人大主席团工作平台" in home and "图克嘎查集中供水工程" in home
    assert "王宝平" not in home and "全旗乡镇" in home

    townships = client.get("/townships/").content.decode()
    assert 'href="/t/wushenzhao/"' in townships and 'href="/t/tuke/"' in townships


def test_the_demo_accounts_list_tuke_s_staff(tuke):
    out = io.StringIO()
    call_command("demo_accounts", "--list", stdout=out)

    assert "tuke_staff" in out.getvalue()
