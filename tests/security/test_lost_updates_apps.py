"""No lost updates in the deputies', suggestions' and livelihood admin: the later of two saves is refused, saying who
and when, with the input kept; a deleted record keeps its history."""

import pytest
from django.urls import reverse
from django.utils.text import capfirst

from congress.roles import Role
from deputies.models import Deputy
from livelihood.models import Candidate, Project
from suggestions.models import VoterOpinion
from suggestions.opinions import services as voter_opinions
from tests.deputies.factories import (
    ActivityFactory,
    DeliberationFactory,
    DeputiesHomeFactory,
    DutyReportFactory,
    ReceptionFactory,
)
from tests.factories import DeputyFactory, UserFactory
from tests.livelihood.factories import CandidateFactory, PlanFactory
from tests.livelihood.helpers import chosen_projects
from tests.suggestions.factories import HandlingUnitFactory, register

from .forms import admin_change_data

pytestmark = pytest.mark.django_db


def a_suggestion():
    return register(UserFactory(username="registrar", role=Role.STAFF))


def a_voter_opinion():
    return voter_opinions.voter_opinion_submit(
        VoterOpinion(content="巷道积水。", category="roads", source="public_form")
    )


def a_project():
    return chosen_projects(UserFactory(username="vote-clerk"), count=1)[0]


# (the record, the field both staff edit, what the first saves, what the second tries to save)
RECORDS = {
    "deputy": (DeputyFactory, "occupation", "乌审召镇人民政府", "查汗庙嘎查党支部书记"),
    "deputies' home": (DeputiesHomeFactory, "address", "镇政府院内", "绿洲社区服务中心"),
    "reception": (ReceptionFactory, "place", "惠泽社区", "绿洲社区"),
    "duty report": (DutyReportFactory, "place", "镇政府会议室", "嘎查活动室"),
    "activity": (ActivityFactory, "destination", "巴彦淖尔市五原县", "鄂托克前旗"),
    "deliberation": (DeliberationFactory, "notes", "会上意见集中", "会后书面补充"),
    "livelihood plan": (PlanFactory, "notes", "第一版", "第二版"),
    "candidate": (CandidateFactory, "place", "巴音陶勒盖嘎查", "绿洲社区"),
    "project": (a_project, "location", "巴音陶勒盖嘎查", "绿洲社区"),
    "suggestion": (a_suggestion, "title", "关于硬化巷道的建议", "关于硬化惠泽社区巷道的建议"),
    "handling unit": (HandlingUnitFactory, "contact_person", "张明", "李强"),
    "voter opinion": (
        a_voter_opinion,
        "content",
        "巷道积水，希望硬化。",
        "巷道雨天积水，出行不便，希望硬化。",
    ),
}


def change_url(record):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


@pytest.mark.parametrize("kind", RECORDS)
def test_the_later_of_two_admin_saves_is_refused_naming_who_when_and_what(two_staff, kind):
    first, second = two_staff
    make, field, theirs, mine = RECORDS[kind]
    record = make()
    url = change_url(record)
    opened_by_first, opened_by_second = first.get(url), second.get(url)

    assert first.post(url, admin_change_data(opened_by_first, **{field: theirs})).status_code == 302

    refused = second.post(url, admin_change_data(opened_by_second, **{field: mine}))
    assert refused.status_code == 200
    [message] = refused.context["adminform"].form.non_field_errors()
    latest = type(record).history.filter(id=record.pk).latest("history_date")
    assert "李娜" in message  # who
    assert latest.history_date.astimezone().strftime("%Y-%m-%d %H:%M") in message  # when
    assert str(capfirst(record._meta.get_field(field).verbose_name)) in message  # what
    assert refused.context["adminform"].form[field].value() == mine  # the input is kept
    record.refresh_from_db()
    assert getattr(record, field) == theirs

    # Having read the message, saving again replaces their change on purpose.
    assert second.post(url, admin_change_data(refused)).status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == mine


def test_a_stale_candidate_row_in_the_plan_page_is_refused(two_staff):
    first, second = two_staff
    candidate = CandidateFactory(place="旧址")
    url = change_url(candidate.plan)
    opened_by_first, opened_by_second = first.get(url), second.get(url)

    assert (
        first.post(url, admin_change_data(opened_by_first, **{"candidates-0-place": "甲"})).status_code == 302
    )
    refused = second.post(url, admin_change_data(opened_by_second, **{"candidates-0-place": "乙"}))

    assert refused.status_code == 200
    assert "李娜" in refused.content.decode()
    assert Candidate.objects.get(pk=candidate.pk).place == "甲"


def test_a_vote_changing_candidates_does_not_refuse_an_unchanged_plan_page(staff_client):
    """The vote writes the candidates' status: an open plan page whose rows were not edited still saves."""
    project = a_project()
    plan = project.plan
    url = change_url(plan)
    opened = staff_client.get(url)
    Candidate.objects.get(pk=project.candidate_id).save()  # e.g. the ballot list changed meanwhile
    assert staff_client.post(url, admin_change_data(opened, notes="已票决")).status_code == 302
    plan.refresh_from_db()
    assert plan.notes == "已票决"


@pytest.mark.parametrize("make", [DeputyFactory, a_project], ids=["deputy", "project"])
def test_deleting_in_the_admin_keeps_the_history_and_who_deleted(staff_client, staff_user, make):
    record = make()
    model, pk = type(record), record.pk
    meta = model._meta
    response = staff_client.post(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not model.objects.filter(pk=pk).exists()

    history = model.history.filter(id=pk).order_by("history_date")
    assert [row.history_type for row in history][0] == "+"
    deleted = history.last()
    assert deleted.history_type == "-" and deleted.history_user == staff_user
    assert deleted.name == record.name  # the record as it was, still readable

    # Staff can still read the deleted record's history, with who deleted it.
    page = staff_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[pk]))
    assert page.status_code == 200
    assert staff_user.get_username() in page.content.decode()
    # And open its last version to restore it (simple_history's revert page).
    version = reverse(
        f"admin:{meta.app_label}_{meta.model_name}_simple_history", args=[pk, history[0].history_id]
    )
    assert staff_client.get(version).status_code == 200


def test_a_deleted_deputy_restored_from_history_comes_back_with_its_data(staff_client):
    deputy = DeputyFactory(name="巴特尔", occupation="牧民")
    pk = deputy.pk
    deputy.delete()
    created = Deputy.history.get(id=pk, history_type="+")
    url = reverse("admin:deputies_deputy_simple_history", args=[pk, created.history_id])
    response = staff_client.post(url, admin_change_data(staff_client.get(url)))
    assert response.status_code == 302
    restored = Deputy.objects.get(pk=pk)
    assert (restored.name, restored.occupation) == ("巴特尔", "牧民")


def test_project_history_rows_survive_deleting_the_project(staff_client):
    project = a_project()
    pk = project.pk
    project.location = "巴音陶勒盖嘎查"
    project.save()
    project.delete()
    assert list(
        Project.history.filter(id=pk).order_by("history_date").values_list("history_type", flat=True)
    ) == [
        "+",
        "~",
        "-",
    ]


def test_reverting_restores_what_the_form_edits_not_what_the_vote_wrote(staff_client):
    """A candidate reverted to its first version gets its old name back but stays chosen (the vote's)."""
    project = a_project()
    candidate = Candidate.objects.get(pk=project.candidate_id)
    first = candidate.history.earliest()
    assert first.status == "candidate" and candidate.status == "chosen"
    candidate.name = "改过的名称"
    candidate.save()

    url = reverse("admin:livelihood_candidate_simple_history", args=[candidate.pk, first.history_id])
    assert staff_client.post(url, admin_change_data(staff_client.get(url))).status_code == 302

    candidate.refresh_from_db()
    assert candidate.name == first.name
    assert candidate.status == "chosen"
