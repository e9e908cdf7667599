"""Staff enter, confirm and correct votes in the admin; projects follow their progress."""

import pytest
from django.urls import reverse

from livelihood import services
from livelihood.models import Project, ProjectStatus, Vote, VoteState

from .helpers import chosen_projects

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


def tally_formset(vote, rows):
    """The POST data of the vote's change form with the given (candidate, yes, no, abstain) rows."""
    data = {
        "session": vote.session_id,
        "date": vote.date.isoformat(),
        "entry_mode": vote.entry_mode,
        "deputies_in_office": vote.deputies_in_office,
        "deputies_present": vote.deputies_present,
        "valid_ballots": 64,
        "invalid_ballots": 0,
        "seen_version": vote.version,  # the version the page showed (no lost updates)
        "tallies-TOTAL_FORMS": len(rows),
        "tallies-INITIAL_FORMS": 0,
        "tallies-MIN_NUM_FORMS": 0,
        "tallies-MAX_NUM_FORMS": 1000,
    }
    for i, (candidate, yes, no, abstain) in enumerate(rows):
        data.update(
            {
                f"tallies-{i}-candidate": candidate.pk,
                f"tallies-{i}-yes": yes,
                f"tallies-{i}-no": no,
                f"tallies-{i}-abstain": abstain,
                f"tallies-{i}-vote": vote.pk,
            }
        )
    return data


def test_staff_add_a_vote_and_see_the_computed_result(admin_client, plan, candidates):
    response = admin_client.post(
        reverse("admin:livelihood_vote_add"),
        {"plan": plan.pk, "entry_mode": "totals", "deputies_in_office": 69, "valid_ballots": 64},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    vote = Vote.objects.get()
    assert vote.session == plan.session and vote.deputies_present == 64  # filled in from the session
    change = reverse("admin:livelihood_vote_change", args=[vote.pk])
    page = admin_client.get(change).content.decode()
    assert page.count('name="tallies-') > 4  # a row per candidate on the ballot
    rows = [(c, y, 64 - y, 0) for c, y in zip(candidates, [60, 50, 40, 20], strict=True)]
    assert admin_client.post(change, tally_formset(vote, rows)).status_code == 302
    page = admin_client.get(change).content.decode()
    assert "入选" in page and "未通过" in page
    confirm = admin_client.get(reverse("admin:livelihood_vote_confirm", args=[vote.pk])).content.decode()
    assert "确认结果" in confirm


def test_confirming_in_the_admin_locks_the_vote(admin_client, totals_vote):
    vote = totals_vote([60, 50, 40, 20])
    url = reverse("admin:livelihood_vote_confirm", args=[vote.pk])
    assert admin_client.post(url, {}).status_code == 200  # the checkbox is required
    assert Vote.objects.get(pk=vote.pk).state == VoteState.DRAFT
    response = admin_client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert Vote.objects.get(pk=vote.pk).state == VoteState.CONFIRMED
    assert Project.objects.count() == 2


def test_the_admin_shows_why_a_vote_cannot_be_confirmed(admin_client, totals_vote):
    vote = totals_vote([60, 50, 50, 20])
    html = admin_client.get(reverse("admin:livelihood_vote_confirm", args=[vote.pk])).content.decode()
    assert "再次投票" in html
    assert 'name="confirm"' not in html
    admin_client.post(reverse("admin:livelihood_vote_confirm", args=[vote.pk]), {"confirm": "on"})
    assert Vote.objects.get(pk=vote.pk).state == VoteState.DRAFT


def test_a_confirmed_vote_cannot_be_changed_in_the_admin(admin_client, totals_vote, candidates, staff):
    vote = totals_vote([60, 50, 40, 20])
    services.confirm_vote(vote, actor=staff)
    vote.refresh_from_db()
    change = reverse("admin:livelihood_vote_change", args=[vote.pk])
    page = admin_client.get(change)
    assert page.status_code == 200  # shown read-only
    assert 'name="tallies-0-yes"' not in page.content.decode()
    rows = [(c, 64, 0, 0) for c in candidates]
    assert admin_client.post(change, tally_formset(vote, rows)).status_code == 403
    assert vote.tallies.get(candidate=candidates[0]).yes == 60
    assert (
        admin_client.post(
            reverse("admin:livelihood_vote_delete", args=[vote.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def test_staff_open_a_correction_with_a_reason(admin_client, totals_vote, staff):
    vote = totals_vote([60, 50, 40, 20])
    services.confirm_vote(vote, actor=staff)
    url = reverse("admin:livelihood_vote_correct", args=[vote.pk])
    response = admin_client.post(url, {"reason": "计票单第3项录入有误"})
    correction = Vote.objects.get(corrects=vote)
    assert response.url == reverse("admin:livelihood_vote_change", args=[correction.pk])
    assert correction.state == VoteState.DRAFT and correction.correction_reason == "计票单第3项录入有误"


def test_saving_progress_in_the_admin_moves_the_project_along(admin_client, staff):
    (project,) = chosen_projects(staff, count=1)
    url = reverse("admin:livelihood_progressupdate_add")
    response = admin_client.post(
        url,
        {
            "project": project.pk,
            "date": "2022-05-01",
            "text": "开工",
            "percent": 30,
            "photos-TOTAL_FORMS": 0,
            "photos-INITIAL_FORMS": 0,
            "photos-MIN_NUM_FORMS": 0,
            "photos-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.status, project.percent_complete) == (ProjectStatus.UNDER_CONSTRUCTION, 30)
    assert project.updates.get().posted_by == staff


def test_the_admin_refuses_a_project_in_use_without_dates(admin_client, staff):
    (project,) = chosen_projects(staff, count=1)
    url = reverse("admin:livelihood_project_status", args=[project.pk])
    data = {"status": "in_use", "completion_date": "2022-09-01", "first_use_date": "", "reason": ""}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "投用日期" in response.content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.NOT_STARTED
    assert project.completion_date is None  # nothing saved


def test_the_project_status_is_read_only_in_its_form_and_changed_through_the_service(admin_client, staff):
    (project,) = chosen_projects(staff, count=1)
    change = reverse("admin:livelihood_project_change", args=[project.pk])
    page = admin_client.get(change).content.decode()
    assert 'name="status"' not in page
    assert reverse("admin:livelihood_project_status", args=[project.pk]) in page
    url = reverse("admin:livelihood_project_status", args=[project.pk])
    data = {"status": "completed", "completion_date": "2022-09-01", "first_use_date": "", "reason": ""}
    assert admin_client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert (project.status, project.percent_complete) == (ProjectStatus.COMPLETED, 100)
    assert project.history.first().history_user == staff  # admin_client is signed in as staff


def test_the_admin_lists_filter_by_year_and_status(admin_client, staff):
    chosen_projects(staff, count=1)
    for url in (
        reverse("admin:livelihood_project_changelist") + "?plan__year=2022&status__exact=not_started",
        reverse("admin:livelihood_candidate_changelist") + "?plan__year=2022",
        reverse("admin:livelihood_vote_changelist") + "?plan__year=2022",
        reverse("admin:livelihood_livelihoodplan_changelist"),
        reverse("admin:livelihood_candidate_import"),
    ):
        assert admin_client.get(url).status_code == 200, url


def test_staff_open_a_run_off_from_a_tied_vote_and_enter_it(admin_client, totals_vote, candidates):
    vote = totals_vote([60, 50, 50, 20])
    change = admin_client.get(reverse("admin:livelihood_vote_change", args=[vote.pk])).content.decode()
    url = reverse("admin:livelihood_vote_runoff", args=[vote.pk])
    assert url in change
    page = admin_client.get(url).content.decode()
    assert candidates[1].name in page and candidates[2].name in page
    assert admin_client.post(url, {}).status_code == 200  # the checkbox is required
    assert not Vote.objects.filter(runoff_of=vote).exists()

    response = admin_client.post(url, {"confirm": "on"})
    runoff = Vote.objects.get(runoff_of=vote)
    assert response.url == reverse("admin:livelihood_vote_change", args=[runoff.pk])
    assert Vote.objects.get(pk=vote.pk).state == VoteState.CONFIRMED
    # The run-off's totals are asked for the tied candidates only.
    page = admin_client.get(response.url).content.decode()
    assert page.count('name="tallies-') > 2 and 'name="tallies-2-yes"' not in page
    rows = [(candidates[1], 41, 23, 0), (candidates[2], 23, 41, 0)]
    assert admin_client.post(response.url, tally_formset(runoff, rows)).status_code == 302
    confirm = reverse("admin:livelihood_vote_confirm", args=[runoff.pk])
    assert admin_client.post(confirm, {"confirm": "on"}).status_code == 302
    assert [p.candidate for p in Project.objects.order_by("pk")] == [candidates[0], candidates[1]]


def test_a_vote_without_a_tie_offers_no_run_off(admin_client, totals_vote):
    vote = totals_vote([60, 50, 40, 20])
    url = reverse("admin:livelihood_vote_runoff", args=[vote.pk])
    assert (
        url not in admin_client.get(reverse("admin:livelihood_vote_change", args=[vote.pk])).content.decode()
    )
    assert admin_client.get(url).status_code == 302
    assert admin_client.post(url, {"confirm": "on"}).status_code == 302
    assert not Vote.objects.filter(runoff_of=vote).exists()


def test_presidium_members_cannot_open_a_run_off(client, totals_vote):
    from tests.factories import UserFactory

    vote = totals_vote([60, 50, 50, 20])
    client.force_login(UserFactory(username="member", role="presidium_member", password=None))
    assert (
        client.post(reverse("admin:livelihood_vote_runoff", args=[vote.pk]), {"confirm": "on"}).status_code
        == 403
    )
    assert Vote.objects.get(pk=vote.pk).state == VoteState.DRAFT
