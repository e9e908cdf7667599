"""The public pages: projects by year, a project's timeline, the vote announcement."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from livelihood import services
from livelihood.models import ProjectStatus
from tests.factories import DeputyFactory

from .factories import CandidateFactory, PlanFactory
from .helpers import chosen_projects, png_bytes

pytestmark = pytest.mark.django_db

# Township profile, plan, years, projects, announced vote, three figures.
YEAR_PAGE_QUERIES = 8
# Township profile, project with plan, updates, photos, inspections, surveys.
PROJECT_PAGE_QUERIES = 6
TEMPLATES = Path(settings.BASE_DIR) / "livelihood" / "templates"


def in_use(project):
    services.project_set_status(
        project,
        ProjectStatus.IN_USE,
        completion_date=datetime.date(2022, 9, 1),
        first_use_date=datetime.date(2022, 9, 10),
    )


def test_the_index_shows_the_latest_year_with_links_to_every_year(client, staff, township):
    chosen_projects(staff, year=2022, count=1)
    PlanFactory(year=2023, number_to_choose=2, session=None)
    html = client.get(reverse("livelihood:index")).content.decode()
    # 2023 has no projects yet: the latest year with projects is shown.
    assert "2022年民生实事" in html
    assert reverse("livelihood:year", args=[2023]) in html
    assert reverse("livelihood:year", args=[2022]) in html


def test_the_year_page_shows_each_project_with_its_status_and_progress(client, staff, township):
    first, second = chosen_projects(staff, count=2)
    in_use(first)
    services.progress_post(second, date=datetime.date(2022, 6, 1), text="主体施工", percent=45)
    html = client.get(reverse("livelihood:year", args=[2022])).content.decode()
    assert first.name in html and second.name in html
    assert "建成投用" in html and "在建" in html
    assert '<progress class="project-progress flex-grow-1" value="100" max="100"' in html
    assert 'value="45"' in html
    assert first.get_absolute_url() in html
    assert reverse("livelihood:vote_result", args=[2022]) in html


def test_a_year_before_its_vote_lists_its_candidates(client, township, term):
    plan = PlanFactory(year=2024, session=None)
    CandidateFactory(plan=plan, name="镇区公厕改造项目")
    html = client.get(reverse("livelihood:year", args=[2024])).content.decode()
    assert "镇区公厕改造项目" in html
    assert reverse("livelihood:vote_result", args=[2024]) not in html


@pytest.mark.parametrize("count", [2, 8])
def test_the_year_page_answers_in_the_same_number_of_queries_for_more_projects(
    client, staff, township, django_assert_num_queries, count
):
    chosen_projects(staff, count=count)
    with django_assert_num_queries(YEAR_PAGE_QUERIES):
        response = client.get(reverse("livelihood:year", args=[2022]))
    assert response.content.decode().count('class="card project-card') == count


def test_the_project_page_shows_the_timeline_photos_inspections_and_dates(
    client, staff, township, term, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    (project,) = chosen_projects(staff, count=1)
    photo = SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")
    services.progress_post(
        project,
        date=datetime.date(2022, 5, 1),
        text="完成基础开挖",
        percent=30,
        photos=[{"image": photo, "alt_text": "球场基础开挖现场", "caption": "基础施工"}],
    )
    deputies = [DeputyFactory(term=term, name="视察代表甲", phone="13900001111")]
    services.inspection_record(
        project,
        date=datetime.date(2022, 7, 20),
        deputies=deputies,
        findings="施工围挡不完整，建议加强安全防护。",
    )
    in_use(project)
    html = client.get(project.get_absolute_url()).content.decode()
    assert "完成基础开挖" in html and "2022年5月1日" in html
    assert 'alt="球场基础开挖现场"' in html
    assert "施工围挡不完整" in html and "2022年7月20日" in html
    assert "2022年9月1日" in html and "2022年9月10日" in html  # completion and first use
    # No personal data: not the inspecting deputies' phone numbers, nor their names.
    assert "13900001111" not in html
    assert "视察代表甲" not in html


@pytest.mark.parametrize("updates", [1, 8])
def test_the_project_page_answers_in_a_fixed_number_of_queries(
    client, staff, township, django_assert_num_queries, updates
):
    (project,) = chosen_projects(staff, count=1)
    for month in range(updates):
        services.progress_post(
            project, date=datetime.date(2022, month + 3, 1), text="进展", percent=month * 10
        )
        services.inspection_record(
            project, date=datetime.date(2022, month + 3, 2), deputies=[], findings="良好"
        )
    with django_assert_num_queries(PROJECT_PAGE_QUERIES):
        client.get(project.get_absolute_url())


def test_the_vote_page_announces_the_confirmed_result(client, staff, township):
    chosen_projects(staff, count=2)
    html = client.get(reverse("livelihood:vote_result", args=[2022])).content.decode()
    assert "69" in html and "64" in html  # in office, present
    assert "超过三分之二" in html
    assert "入选项目2项" in html
    assert html.count("<strong>入选</strong>") == 2


def test_a_draft_vote_is_not_announced(client, township, term):
    plan = PlanFactory(session__term=term)
    CandidateFactory.create_batch(2, plan=plan)
    vote = services.vote_create(plan, deputies_in_office=69, deputies_present=64)
    services.tallies_record(vote, {c: (60, 4, 0) for c in plan.candidates.all()}, valid=64)
    assert client.get(reverse("livelihood:vote_result", args=[2022])).status_code == 404


def test_a_missing_year_or_project_answers_404(client, db):
    assert client.get(reverse("livelihood:year", args=[1999])).status_code == 404
    assert client.get(reverse("livelihood:project", args=[999])).status_code == 404


def test_no_template_has_inline_styles_or_scripts():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text("utf-8")
        if re.search(r"\sstyle\s*=", text) or re.search(r"<script(?![^>]*\bsrc=)", text):
            offenders.append(str(path))
    assert offenders == []


def test_the_index_before_any_plan_says_so(client, township):
    response = client.get(reverse("livelihood:index"))
    assert response.status_code == 200
    assert "尚未录入民生实事项目" in response.content.decode()


def _settled_by_runoff(staff, plan):
    candidates = list(plan.candidates.order_by("pk"))
    vote = services.vote_create(plan, deputies_in_office=69, deputies_present=64)
    totals = dict(zip(candidates, [(60, 4, 0), (50, 14, 0), (50, 10, 4), (20, 44, 0)], strict=True))
    services.tallies_record(vote, totals, valid=64)
    runoff = services.runoff_open(vote, actor=staff)
    return candidates, runoff


def test_the_announcement_shows_the_tied_vote_and_its_run_off(client, township, term, staff):
    plan = PlanFactory(number_to_choose=2, session__term=term)
    CandidateFactory.create_batch(4, plan=plan)
    candidates, runoff = _settled_by_runoff(staff, plan)
    url = reverse("livelihood:vote_result", args=[2022])

    pending = client.get(url).content.decode()
    assert "再次投票" in pending and candidates[1].name in pending and candidates[2].name in pending
    assert "入选项目" not in pending

    services.tallies_record(runoff, {candidates[1]: (30, 34, 0), candidates[2]: (40, 24, 0)}, valid=64)
    services.confirm_vote(runoff, actor=staff)
    html = client.get(url).content.decode()
    assert "入选项目2项" in html
    assert html.count('class="mb-4 vote-round"') == 2
    assert "第2轮" in html
    chosen = html[html.index("chosen-projects") :]
    assert chosen.index(candidates[0].name) < chosen.index(candidates[2].name)
    year = client.get(reverse("livelihood:year", args=[2022])).content.decode()
    assert candidates[0].name in year and candidates[2].name in year and candidates[1].name not in year
