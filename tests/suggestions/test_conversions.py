"""Reception matters and deliberation opinions become suggestions, linked both ways."""

import datetime

import pytest
from django.urls import reverse

from deputies.models import Deliberation, Opinion, Outcome, Reception, ReceptionMatter
from suggestions import services
from suggestions.choices import Source, State
from suggestions.models import Suggestion
from suggestions.workflow import TransitionError

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(term, lead_deputy):
    reception = Reception.objects.create(term=term, date=datetime.date(2022, 5, 10), visitors=9)
    reception.deputies.add(lead_deputy)
    return ReceptionMatter.objects.create(
        reception=reception,
        summary="巴音敖包嘎查部分牧户手机信号弱，影响生产生活。希望协调通信公司。",
        category="infrastructure",
        voter_name="某某",
        voter_contact="13900000000",
    )


@pytest.fixture
def opinion(term, co_signer):
    deliberation = Deliberation.objects.create(
        term=term, subject="关于草原生态保护的报告", date=datetime.date(2022, 5, 20)
    )
    return Opinion.objects.create(
        deliberation=deliberation, text="协调解决休牧期牧户饲草料短缺问题。", raised_by=co_signer
    )


def test_a_reception_matter_becomes_a_suggestion_of_the_deputy_on_duty(matter, staff, lead_deputy):
    suggestion = services.suggestion_from_reception_matter(matter, actor=staff)
    assert suggestion.source == Source.RECEPTION
    assert suggestion.state == State.REGISTERED
    assert suggestion.lead_deputy == lead_deputy
    assert suggestion.received_on == datetime.date(2022, 5, 10)
    assert suggestion.number == "2022-001"
    assert suggestion.title == "巴音敖包嘎查部分牧户手机信号弱，影响生产生活"
    assert suggestion.category == "infrastructure"
    matter.refresh_from_db()
    assert list(matter.suggestions.all()) == [suggestion]  # the link, seen from the matter
    assert matter.outcome == Outcome.SUGGESTION
    assert "13900000000" not in suggestion.content  # the voter's details stay with the matter


def test_an_opinion_becomes_a_suggestion_of_who_raised_it_once(opinion, staff, co_signer):
    suggestion = services.suggestion_from_opinion(opinion, actor=staff)
    assert (suggestion.source, suggestion.lead_deputy, suggestion.received_on) == (
        Source.DELIBERATION,
        co_signer,
        datetime.date(2022, 5, 20),
    )
    assert Opinion.objects.get(pk=opinion.pk).suggestion == suggestion
    with pytest.raises(TransitionError):
        services.suggestion_from_opinion(opinion, actor=staff)
    assert Suggestion.objects.count() == 1


def test_an_opinion_without_its_deputy_needs_one_named(opinion, staff, lead_deputy):
    opinion.raised_by = None
    opinion.save()
    with pytest.raises(TransitionError):
        services.suggestion_from_opinion(opinion, actor=staff)
    assert (
        services.suggestion_from_opinion(opinion, actor=staff, lead_deputy=lead_deputy).lead_deputy
        == lead_deputy
    )


def test_a_voter_opinion_is_registered_with_its_source(staff, lead_deputy):
    suggestion = services.suggestion_from_voter_opinion(
        None, actor=staff, title="社情民意：路灯", content="路灯不亮。", lead_deputy=lead_deputy
    )
    assert suggestion.source == Source.VOTER_OPINION


def test_only_staff_convert(matter, lead_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.suggestion_from_reception_matter(matter, actor=lead_user)
    assert Suggestion.objects.count() == 0
    assert ReceptionMatter.objects.get(pk=matter.pk).outcome == Outcome.PENDING


def test_staff_turn_a_matter_into_a_suggestion_from_the_admin(client, staff, matter):
    from django.urls import reverse

    client.force_login(staff)
    url = reverse("admin:suggestions_suggestion_from_matter", args=[matter.pk])
    assert "手机信号弱" in client.get(url).content.decode()
    response = client.post(url)
    suggestion = Suggestion.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{suggestion.pk}/change/")
    assert suggestion.reception_matter == matter
    assert suggestion.number in client.get(url).content.decode()  # already registered


def test_staff_turn_an_opinion_into_a_suggestion_from_the_admin_once(client, staff, opinion):
    from django.urls import reverse

    client.force_login(staff)
    url = reverse("admin:suggestions_suggestion_from_opinion", args=[opinion.pk])
    client.post(url)
    again = client.post(url)
    assert again.status_code == 200 and "已转为建议" in again.content.decode()
    assert Suggestion.objects.count() == 1


def test_members_cannot_turn_records_into_suggestions(client, member_user, opinion):
    from django.urls import reverse

    client.force_login(member_user)
    assert (
        client.post(reverse("admin:suggestions_suggestion_from_opinion", args=[opinion.pk])).status_code
        == 403
    )
    assert Suggestion.objects.count() == 0


# --- the links to the "turn into a suggestion" page, on the records' rows in the admin ---------------


def _pages(matter, opinion):
    return {
        "the matter's change page": reverse("admin:deputies_receptionmatter_change", args=[matter.pk]),
        "the matters' list": reverse("admin:deputies_receptionmatter_changelist"),
        "the reception's matters (inline)": reverse(
            "admin:deputies_reception_change", args=[matter.reception_id]
        ),
        "the deliberation's opinions (inline)": reverse(
            "admin:deputies_deliberation_change", args=[opinion.deliberation_id]
        ),
    }


def _links(matter, opinion):
    return {
        "matter": reverse("admin:suggestions_suggestion_from_matter", args=[matter.pk]),
        "opinion": reverse("admin:suggestions_suggestion_from_opinion", args=[opinion.pk]),
    }


def test_staff_find_the_link_to_turn_a_matter_or_an_opinion_into_a_suggestion(client, staff, matter, opinion):
    client.force_login(staff)
    links = _links(matter, opinion)
    for where, url in _pages(matter, opinion).items():
        html = client.get(url).content.decode()
        expected = links["opinion"] if "deliberation" in where else links["matter"]
        assert f'href="{expected}"' in html, where
    page = client.get(links["matter"])
    assert page.status_code == 200


def test_presidium_members_see_no_link_to_turn_a_record_into_a_suggestion(
    client, member_user, matter, opinion
):
    client.force_login(member_user)
    links = _links(matter, opinion)
    for where, url in _pages(matter, opinion).items():
        response = client.get(url)
        assert response.status_code == 200, where
        html = response.content.decode()
        assert links["matter"] not in html and links["opinion"] not in html, where
    assert client.get(links["matter"]).status_code == 403
