"""Deputies of one name are told apart by birth month and constituency wherever one is chosen or listed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress.importing import run_import
from deputies.importers import RosterResource
from deputies.models import Deputy, VoterContact
from suggestions.opinions.forms import OpinionConvertForm
from tests.factories import ConstituencyFactory, DeputyFactory, TermFactory
from tests.spreadsheets import xlsx

pytestmark = pytest.mark.django_db


def wang(term, month, constituency):
    return DeputyFactory(
        term=term,
        name="王宝平",
        birth_month=datetime.date(*month, 1),
        constituency=ConstituencyFactory(name=constituency),
    )


LEAD_DEPUTY_SEARCH = {
    "app_label": "suggestions",
    "model_name": "suggestion",
    "field_name": "lead_deputy",
    "term": "王宝平",
}


@pytest.fixture
def namesakes(term):
    return wang(term, (1968, 5), "第三选区"), wang(term, (1990, 7), "第七选区")


def test_namesakes_show_birth_month_and_constituency_and_a_unique_name_stays_plain(term, namesakes):
    first, second = namesakes
    other = DeputyFactory(term=term, name="乌云其其格")
    # Kept with the record (lists read nothing more): the first learns of the second from the database.
    first.refresh_from_db()

    assert (str(first), str(second), str(other)) == (
        "王宝平（1968.05，第三选区）",
        "王宝平（1990.07，第七选区）",
        "乌云其其格",
    )


def test_the_hint_follows_renames_moves_and_deletions(term, namesakes):
    first, second = namesakes
    second.constituency.name = "第七选区（巴音敖包）"
    second.constituency.save()
    first.refresh_from_db()
    second.refresh_from_db()
    assert str(second) == "王宝平（1990.07，第七选区（巴音敖包））"

    second.birth_month = datetime.date(1991, 1, 1)
    second.save()
    assert str(second) == "王宝平（1991.01，第七选区（巴音敖包））"

    second.name = "王宝萍"
    second.save()
    first.refresh_from_db()
    assert (str(first), str(second)) == ("王宝平", "王宝萍")

    second.name = "王宝平"
    second.save()
    second.delete()
    first.refresh_from_db()
    assert str(first) == "王宝平"


def test_a_deputy_of_another_term_with_the_name_does_not_count(term, namesakes):
    earlier = TermFactory(ordinal=3, start_date=datetime.date(2016, 9, 1), end_date=datetime.date(2021, 9, 1))
    same_person_before = DeputyFactory(term=earlier, name="乌兰")
    now = DeputyFactory(term=term, name="乌兰")
    assert (str(same_person_before), str(now)) == ("乌兰", "乌兰")


def test_two_namesakes_alike_in_birth_month_and_constituency_are_told_apart_by_their_work(term):
    place = ConstituencyFactory(name="第一选区")
    a = DeputyFactory(term=term, name="宝音", constituency=place, occupation="牧民")
    b = DeputyFactory(term=term, name="宝音", constituency=place, occupation="教师")
    a.refresh_from_db()
    assert str(a) != str(b)
    assert "牧民" in str(a) and "教师" in str(b)


def test_the_admin_s_choosers_and_lists_tell_namesakes_apart(staff_client, term, namesakes):
    first, second = namesakes
    url, params = reverse("admin:autocomplete"), LEAD_DEPUTY_SEARCH
    results = staff_client.get(url, params).json()["results"]
    assert sorted(r["text"] for r in results) == [
        "王宝平（1968.05，第三选区）",
        "王宝平（1990.07，第七选区）",
    ]

    form = OpinionConvertForm()  # a plain select of the deputies in office
    labels = [label for _value, label in form.fields["lead_deputy"].choices]
    assert "王宝平（1968.05，第三选区）" in labels and "王宝平（1990.07，第七选区）" in labels

    VoterContact.objects.create(
        term=term, deputy=second, contact_point="巴音敖包嘎查", households=10, voters=30
    )
    html = staff_client.get(reverse("admin:deputies_votercontact_changelist")).content.decode()
    assert "王宝平（1990.07，第七选区）" in html


def test_the_autocomplete_reads_as_much_for_many_namesakes_as_for_two(staff_client, term, namesakes):
    url, params = reverse("admin:autocomplete"), LEAD_DEPUTY_SEARCH
    staff_client.get(url, params)
    with CaptureQueriesContext(connection) as two:
        staff_client.get(url, params)
    for year in range(1970, 1980):
        wang(term, (year, 3), f"第{year - 1960}选区")
    with CaptureQueriesContext(connection) as twelve:
        results = staff_client.get(url, params).json()["results"]
    assert len(results) == 12
    assert len(twelve) == len(two)


def test_a_name_typed_with_a_space_is_found_without_it_in_the_directory_and_the_search(
    client, staff_client, term
):
    content = xlsx([["罗　宝音", "男", "1979.02", "第一选区"]], ["姓名", "性别", "出生年月", "选区"])
    assert run_import(RosterResource(term=term), content).ok

    directory = client.get(reverse("deputies:directory")).content.decode()
    assert "罗宝音" in directory and "罗　宝音" not in directory
    found = staff_client.get(reverse("admin:deputies_deputy_changelist"), {"q": "罗宝音"})
    assert list(found.context["cl"].result_list) == [Deputy.objects.get(name="罗宝音")]


def test_the_admin_form_takes_the_spaces_out_of_a_name(staff_client, term):
    constituency = ConstituencyFactory(name="第一选区")
    response = staff_client.post(
        reverse("admin:deputies_deputy_add"),
        {
            "term": term.pk,
            "name": "罗 宝音",
            "gender": "male",
            "constituency": constituency.pk,
            "status": "active",
            "took_office": "2021-09-22",
            "presidium_memberships-TOTAL_FORMS": 0,
            "presidium_memberships-INITIAL_FORMS": 0,
            "voter_contacts-TOTAL_FORMS": 0,
            "voter_contacts-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Deputy.objects.get().name == "罗宝音"


def test_a_name_kept_with_a_space_inside_is_found_by_the_name_without_it(staff_client, term):
    kept = DeputyFactory(term=term, name="罗　宝音")  # entered before imports took the spaces out
    DeputyFactory(term=term, name="宝音")

    found = staff_client.get(reverse("admin:deputies_deputy_changelist"), {"q": "罗宝音"})
    assert list(found.context["cl"].result_list) == [kept]
    params = {**LEAD_DEPUTY_SEARCH, "term": "罗宝音"}
    assert [r["text"] for r in staff_client.get(reverse("admin:autocomplete"), params).json()["results"]] == [
        "罗　宝音"
    ]
