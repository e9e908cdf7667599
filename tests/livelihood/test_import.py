"""The candidate list comes in from Excel as offices keep it."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from congress.importing import run_import
from livelihood.importers import CandidateResource
from livelihood.models import Candidate
from tests.spreadsheets import xlsx

from .factories import PlanFactory
from .helpers import chosen_projects

pytestmark = pytest.mark.django_db

HEADERS = [
    "序号",
    "项目名称",
    "类别",
    "建设地点",
    "预计投资（万元）",
    "资金来源",
    "责任单位",
    "计划开工",
    "计划完工",
    "来源",
]
GOOD = [
    [
        1,
        "旧镇区文化广场球场建设项目",
        "文化体育",
        "旧镇区",
        180,
        "镇级财政",
        "乌审召镇综合文化站",
        "2022.04",
        "2022年7月",
        "群众提出",
    ],
    [
        2,
        "新建镇区三处红绿灯项目",
        "公共安全",
        "镇区",
        "95万元",
        "镇级财政",
        "乌审召镇综合保障和技术推广中心",
        "2022-05-09",
        "2022.06.30",
        "代表",
    ],
]


def workbook(rows, headers=HEADERS, title=None):
    return xlsx(rows, headers, title=title)


@pytest.fixture
def plan(db, term):
    return PlanFactory(session__term=term)


def test_a_candidate_list_with_a_title_row_imports(plan):
    report = run_import(CandidateResource(plan=plan), workbook(GOOD, title="2022年民生实事候选项目表"))
    assert report.ok, report.errors
    assert report.created == 2
    court = Candidate.objects.get(name="旧镇区文化广场球场建设项目")
    assert court.plan == plan
    assert court.category == "culture"
    assert court.estimated_investment == Decimal("180.00")
    assert court.planned_start == datetime.date(2022, 4, 1)
    assert court.planned_end == datetime.date(2022, 7, 1)
    assert court.origin == "voters"
    assert court.status == "candidate"
    lights = Candidate.objects.get(name="新建镇区三处红绿灯项目")
    assert lights.estimated_investment == Decimal("95.00")
    assert (lights.planned_start, lights.planned_end) == (
        datetime.date(2022, 5, 9),
        datetime.date(2022, 6, 30),
    )
    assert lights.origin == "deputies"


def test_reimporting_updates_the_candidates_of_the_plan(plan):
    run_import(CandidateResource(plan=plan), workbook(GOOD))
    changed = [row[:] for row in GOOD]
    changed[0][4] = 200
    report = run_import(CandidateResource(plan=plan), workbook(changed))
    assert report.ok, report.errors
    assert Candidate.objects.count() == 2
    assert Candidate.objects.get(name=GOOD[0][1]).estimated_investment == Decimal("200.00")


def test_a_bad_list_writes_nothing_and_names_the_excel_row_and_column(plan):
    rows = GOOD + [[3, "查汗庙嘎查集中供水管道翻修项目", "供水", "查汗庙嘎查", "约260", "", "", "", "", ""]]
    report = run_import(CandidateResource(plan=plan), workbook(rows, title="候选项目"))
    assert not report.ok
    assert Candidate.objects.count() == 0
    message = " ".join(report.errors)
    assert "5" in message  # title, header, two good rows, then this one
    assert "预计投资(万元)" in message
    assert "约260" in message


@pytest.mark.parametrize(
    ("column", "value", "header"),
    [(2, "水利工程", "类别"), (9, "上级下达", "来源"), (7, "四月", "计划开工")],
)
def test_unreadable_cells_are_reported_by_chinese_column(plan, column, value, header):
    row = GOOD[0][:]
    row[column] = value
    report = run_import(CandidateResource(plan=plan), workbook([row]))
    assert not report.ok
    assert header in report.errors[0]
    assert re.search(r"(?<!\d)2(?!\d)", report.errors[0])  # Excel row 2, under the header


def test_candidates_of_a_plan_whose_vote_is_confirmed_cannot_be_imported(staff):
    (project,) = chosen_projects(staff, count=1)
    report = run_import(CandidateResource(plan=project.plan), workbook(GOOD))
    assert not report.ok
    assert not Candidate.objects.filter(name=GOOD[0][1]).exists()


def test_staff_import_candidates_into_a_plan_through_the_admin(client, staff, plan):
    client.force_login(staff)
    upload = io.BytesIO(workbook(GOOD))
    upload.name = "候选项目.xlsx"
    preview = client.post(
        reverse("admin:livelihood_candidate_import"),
        {"plan": plan.pk, "import_file": upload, "format": "0", "resource": "0"},
    )
    assert preview.status_code == 200
    assert Candidate.objects.count() == 0  # the preview writes nothing
    confirm = preview.context["confirm_form"]
    response = client.post(
        reverse("admin:livelihood_candidate_process_import"), {**confirm.initial, "format": "0"}, follow=True
    )
    assert response.status_code == 200
    assert set(Candidate.objects.values_list("plan__year", flat=True)) == {2022}
    assert Candidate.objects.count() == 2


def test_the_admin_import_shows_errors_with_excel_rows_and_chinese_columns(client, staff, plan):
    client.force_login(staff)
    row = GOOD[0][:]
    row[4] = "约180"
    upload = io.BytesIO(workbook([row]))
    upload.name = "候选项目.xlsx"
    response = client.post(
        reverse("admin:livelihood_candidate_import"),
        {"plan": plan.pk, "import_file": upload, "format": "0", "resource": "0"},
    )
    html = response.content.decode()
    assert "预计投资(万元)" in html and "约180" in html
    assert Candidate.objects.count() == 0
