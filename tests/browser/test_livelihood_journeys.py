"""Livelihood projects in the browser: staff enter a vote by totals; a visitor follows the projects."""

import datetime

from livelihood import services
from livelihood.models import ProjectStatus, Vote
from tests.demo import SEED_PROJECTS_2022 as SEED_2022
from tests.factories import TownshipProfileFactory, UserFactory
from tests.livelihood.factories import CandidateFactory, PlanFactory
from tests.livelihood.helpers import chosen_projects

NAMES = [
    "旧镇区文化广场球场建设项目",
    "新建镇区三处红绿灯项目",
    "查汗庙嘎查集中供水管道翻修项目",
    "镇区老年日间照料中心建设项目",
]


def fill_totals(page, rows):
    for index, (yes, no, abstain) in enumerate(rows):
        page.fill(f"#id_tallies-{index}-yes", str(yes))
        page.fill(f"#id_tallies-{index}-no", str(no))
        page.fill(f"#id_tallies-{index}-abstain", str(abstain))
    with page.expect_navigation():
        page.click("input[name=_continue]")


def test_staff_enter_a_vote_by_totals_and_see_the_computed_result(
    page, live_server, sign_in, screenshot, term, password
):
    TownshipProfileFactory()
    plan = PlanFactory(number_to_choose=2, session__term=term)
    for name in NAMES:
        CandidateFactory(plan=plan, name=name)
    UserFactory(username="renda", role="presidium_staff")
    sign_in(page, "renda", password)

    page.goto(live_server.url + "/admin/livelihood/vote/add/")
    page.click("#id_plan + .select2 .select2-selection")
    page.fill(".select2-search__field", "2022")
    page.click(".select2-results__option:has-text('2022年民生实事')")
    page.fill("#id_deputies_in_office", "69")
    page.fill("#id_valid_ballots", "63")
    page.fill("#id_invalid_ballots", "1")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    # One row per candidate on the ballot, ready for its totals.
    assert page.locator("select[id$='-candidate']:not([id*='__prefix__'])").count() == 4

    # A tie across the last place: the platform asks for a run-off instead of choosing.
    fill_totals(page, [(61, 1, 1), (50, 10, 3), (50, 9, 4), (20, 40, 3)])
    warning = page.locator(".runoff-warning")
    assert warning.count() == 1
    assert (
        "新建镇区三处红绿灯项目" in warning.inner_text()
        and "查汗庙嘎查集中供水管道翻修项目" in warning.inner_text()
    )
    screenshot(page, "runoff")

    fill_totals(page, [(61, 1, 1), (50, 10, 3), (45, 14, 4), (20, 40, 3)])
    result = page.locator(".vote-result-table")
    assert result.locator("tr.chosen").count() == 2
    assert "旧镇区文化广场球场建设项目" in result.locator("tr.chosen").first.inner_text()
    assert "未通过" in result.inner_text()  # 20 of 69 is not more than half
    screenshot(page, "computed")

    with page.expect_navigation():
        page.click("a.vote-confirm-link")
    assert page.locator(".vote-result-table tr.chosen").count() == 2
    page.check("#id_confirm")
    screenshot(page, "confirm")
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.locator(".messagelist .success").count() == 1
    vote = Vote.objects.get()
    assert vote.state == "confirmed"
    assert sorted(p.name for p in plan.projects.all()) == sorted(NAMES[:2])


def test_a_visitor_on_a_phone_sees_the_2022_projects_built_and_in_use(
    phone_page, live_server, screenshot, term
):
    TownshipProfileFactory()
    staff = UserFactory(username="renda", role="presidium_staff", password=None)
    projects = chosen_projects(staff, count=6, session=None)
    for index, (project, name) in enumerate(zip(projects, SEED_2022, strict=True)):
        project.name = name
        project.save()
        services.progress_post(project, date=datetime.date(2022, 5, 1), text="开工建设", percent=30)
        services.progress_post(project, date=datetime.date(2022, 8, 1), text="完工并通过验收", percent=100)
        services.project_set_status(
            project,
            ProjectStatus.IN_USE,
            completion_date=datetime.date(2022, 8, 1),
            first_use_date=datetime.date(2022, 8, 10 + index),
        )
    page = phone_page
    page.goto(live_server.url + "/projects/")
    cards = page.locator(".project-card")
    assert cards.count() == 6
    for i in range(6):
        card = cards.nth(i)
        assert card.locator(".badge").inner_text() == "建成投用"
        assert card.locator("progress").get_attribute("value") == "100"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing wider than the phone
    screenshot(page, "year")

    with page.expect_navigation():
        cards.first.locator("h3 a").click()
    assert page.locator("h1").inner_text() == projects[0].name
    assert page.locator(".timeline-item").count() == 2
    assert "2022年8月10日" in page.locator("main").inner_text()
    screenshot(page, "project")


def test_a_tie_at_the_last_place_is_settled_by_a_run_off_and_the_projects_are_listed_publicly(
    page, live_server, sign_in, screenshot, term, password
):
    TownshipProfileFactory()
    plan = PlanFactory(number_to_choose=2, session__term=term)
    candidates = [CandidateFactory(plan=plan, name=name) for name in NAMES]
    UserFactory(username="renda", role="presidium_staff")
    vote = services.vote_create(plan, deputies_in_office=69, deputies_present=64)
    totals = [(61, 2, 1), (50, 10, 4), (50, 9, 5), (20, 40, 4)]
    services.tallies_record(vote, dict(zip(candidates, totals, strict=True)), valid=64)
    sign_in(page, "renda", password)

    # The tied vote offers a run-off instead of a confirmation.
    page.goto(f"{live_server.url}/admin/livelihood/vote/{vote.pk}/change/")
    assert page.locator(".runoff-warning").count() == 1
    with page.expect_navigation():
        page.click("a.vote-runoff-link")
    assert (
        "新建镇区三处红绿灯项目、查汗庙嘎查集中供水管道翻修项目" in page.locator("#content-main").inner_text()
    )
    page.check("#id_confirm")
    screenshot(page, "open-runoff")
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.locator(".messagelist .success").count() == 1

    # The run-off asks for the totals of the two tied candidates only.
    runoff = Vote.objects.get(runoff_of=vote)
    assert page.locator("select[id$='-candidate']:not([id*='__prefix__'])").count() == 2
    page.fill("#id_valid_ballots", "63")
    page.fill("#id_invalid_ballots", "1")
    fill_totals(page, [(22, 39, 2), (40, 21, 2)])
    result = page.locator(".vote-result-table")
    assert result.locator("tr.chosen").count() == 1
    assert "查汗庙嘎查集中供水管道翻修项目" in result.locator("tr.chosen").inner_text()
    screenshot(page, "runoff-counted")

    with page.expect_navigation():
        page.click("a.vote-confirm-link")
    page.check("#id_confirm")
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.locator(".messagelist .success").count() == 1
    runoff.refresh_from_db()
    assert runoff.state == "confirmed"

    # The public announcement shows both rounds; the year's page lists the chosen projects.
    page.goto(f"{live_server.url}/projects/2022/vote/")
    assert page.locator(".vote-round").count() == 2
    assert page.locator(".chosen-projects li").all_inner_texts() == [NAMES[0], NAMES[2]]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    screenshot(page, "announcement")
    with page.expect_navigation():
        page.click("text=查看项目及进度")
    cards = page.locator(".project-card h3")
    assert cards.all_inner_texts() == [NAMES[0], NAMES[2]]
    screenshot(page, "projects")
