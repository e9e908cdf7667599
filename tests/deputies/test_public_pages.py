"""Public pages: the deputies' home and the deputy's page show no personal data."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import DeputyFactory, PresidiumMembershipFactory

from .factories import DeputiesHomeFactory, ReceptionFactory, ReceptionMatterFactory, VoterContactFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_the_home_its_rating_and_next_reception_days(client, township, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2022, 12, 12))
    DeputiesHomeFactory(facilities="代表接待室", rated_on=datetime.date(2022, 11, 18))
    response = client.get(reverse("deputies:homes"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "乌审召镇人大代表之家" in page
    assert "★★★★★" in page
    assert "代表接待室" in page
    assert "2023年1月10日" in page  # the next fixed reception days
    assert "2023年2月10日" in page


def test_the_home_page_never_shows_voters_or_their_contacts(client, township, term):
    home = DeputiesHomeFactory()
    reception = ReceptionFactory(term=term, home=home)
    ReceptionMatterFactory(reception=reception, voter_name="张某某", voter_contact="13947700001")
    VoterContactFactory(deputy=DeputyFactory(term=term), notes="联系人电话13900000000")
    page = client.get(reverse("deputies:homes")).content.decode()
    for private in ["张某某", "13947700001", "13900000000"]:
        assert private not in page


def test_a_hidden_home_is_not_shown(client, township):
    DeputiesHomeFactory(name="筹建中的联络站", is_public=False)
    assert "筹建中的联络站" not in client.get(reverse("deputies:homes")).content.decode()


def test_the_deputy_page_shows_village_names_but_not_counts_or_notes(client, township, term):
    deputy = DeputyFactory(term=term)
    VoterContactFactory(
        deputy=deputy, contact_point="查汗庙嘎查第一牧业社", households=43, notes="电话13900000000"
    )
    page = client.get(reverse("deputies:detail", args=[deputy.pk])).content.decode()
    assert "查汗庙嘎查第一牧业社" in page
    assert "13900000000" not in page
    assert deputy.phone not in page


def test_the_pages_of_a_presidium_member_and_a_deputy_show_their_contact(client, township, term):
    from deputies.models import PresidiumContact

    seat = PresidiumMembershipFactory(term=term, deputy=DeputyFactory(term=term, name="斯琴"))
    deputy = DeputyFactory(term=term, name="阿拉坦")
    PresidiumContact.objects.create(term=term, presidium_member=seat, deputy=deputy)
    assert "斯琴" in client.get(reverse("deputies:detail", args=[deputy.pk])).content.decode()
    assert "阿拉坦" in client.get(reverse("deputies:detail", args=[seat.deputy.pk])).content.decode()


def test_the_directory_still_lists_the_deputies(client, township, term):
    DeputyFactory(term=term, name="巴特尔")
    assert "巴特尔" in client.get(reverse("deputies:directory")).content.decode()


def test_the_home_page_runs_a_fixed_number_of_queries(client, township, django_assert_num_queries):
    DeputiesHomeFactory()
    with django_assert_num_queries(2) as small:
        client.get(reverse("deputies:homes"))
    DeputiesHomeFactory(name="查汗庙嘎查代表联络站", kind="station")
    DeputiesHomeFactory(name="惠泽社区代表联络站", kind="station")
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("deputies:homes"))
