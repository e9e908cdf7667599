"""The roster comes in as offices keep it in Excel."""

import datetime
import io

import pytest
from django.urls import reverse

from congress.importing import parse_month, run_import
from deputies.importers import RosterResource
from deputies.models import Constituency, Deputy
from tests.spreadsheets import xlsx

pytestmark = pytest.mark.django_db

HEADERS = [
    "序号",
    "姓 名",
    "性别",
    "民族",
    "出生年月",
    "政治面貌",
    "文化程度",
    "工作单位及职务",
    "选区",
    "联系电话",
]


def workbook(rows, headers=HEADERS, title=None):
    return xlsx(rows, headers, title=title)


GOOD = [
    [
        1,
        "巴特尔",
        "男",
        "蒙古族",
        "1975.03",
        "中共党员",
        "大专",
        "查汗庙嘎查党支部书记",
        "查汗庙嘎查选区",
        "13912345678",
    ],
    [
        2,
        "刘海燕",
        "女",
        "汉族",
        "1982年11月",
        "群众",
        "本科",
        "绿洲社区居委会主任",
        "绿洲社区选区",
        "13800000001",
    ],
]


def test_a_roster_with_a_title_row_and_odd_spacing_imports(term):
    content = workbook(
        GOOD,
        headers=[
            "序号",
            "姓\u3000名",
            " 性别 ",
            "民族",
            "出生年月",
            "政治面貌",
            "文化程度",
            "工作单位及职务",
            "选区",
            "联系电话",
        ],
        title="乌审召镇第四届人大代表名册",
    )
    report = run_import(RosterResource(term=term), content)
    assert report.ok, report.errors
    assert report.created == 2
    batur = Deputy.objects.get(name="巴特尔")
    assert batur.birth_month == datetime.date(1975, 3, 1)
    assert batur.gender == "male"
    assert batur.political_affiliation == "cpc"
    assert batur.constituency.name == "查汗庙嘎查选区"
    assert batur.term == term
    assert batur.took_office == term.start_date
    assert Constituency.objects.count() == 2


def test_columns_may_come_in_any_order(term):
    headers = ["联系电话", "选区", "姓名", "出生年月", "性别"]
    report = run_import(
        RosterResource(term=term),
        workbook([["13900000000", "惠泽社区选区", "宝音", "1990.10", "男"]], headers),
    )
    assert report.ok, report.errors
    assert Deputy.objects.get(name="宝音").constituency.name == "惠泽社区选区"


def test_reimporting_the_same_roster_updates_rather_than_duplicates(term):
    run_import(RosterResource(term=term), workbook(GOOD))
    changed = [row[:] for row in GOOD]
    changed[0][7] = "查汗庙嘎查委员会主任"
    report = run_import(RosterResource(term=term), workbook(changed))
    assert report.ok, report.errors
    assert Deputy.objects.count() == 2
    assert Deputy.objects.get(name="巴特尔").occupation == "查汗庙嘎查委员会主任"
    assert report.updated == 1


def test_a_bad_roster_writes_nothing_and_names_row_and_column(term):
    rows = GOOD + [[3, "那顺", "男", "蒙古族", "1975.13", "中共党员", "", "", "乌审召嘎查选区", ""]]
    report = run_import(RosterResource(term=term), workbook(rows, title="名册"))
    assert not report.ok
    assert Deputy.objects.count() == 0
    assert Constituency.objects.count() == 0
    message = " ".join(report.errors)
    assert "5" in message  # Excel row 5: title, header, two good rows, then this one
    assert "出生年月" in message
    assert "1975.13" in message


def test_an_unknown_gender_is_reported_in_words(term):
    rows = [[1, "那顺", "公", "蒙古族", "1975.03", "", "", "", "", ""]]
    report = run_import(RosterResource(term=term), workbook(rows))
    assert not report.ok
    assert "性别" in report.errors[0]
    assert "男" in report.errors[0] and "女" in report.errors[0]


def test_a_file_that_is_not_a_workbook_is_refused_clearly(term):
    report = run_import(RosterResource(term=term), b"not an excel file")
    assert not report.ok
    assert Deputy.objects.count() == 0


def test_a_sheet_without_a_name_column_is_refused(term):
    report = run_import(RosterResource(term=term), workbook([["x"]], headers=["备注"]))
    assert not report.ok
    assert "姓名" in report.errors[0]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1975.03", datetime.date(1975, 3, 1)),
        ("1975.3", datetime.date(1975, 3, 1)),
        ("1975年3月", datetime.date(1975, 3, 1)),
        ("1975-03", datetime.date(1975, 3, 1)),
        ("197503", datetime.date(1975, 3, 1)),
        (1975.03, datetime.date(1975, 3, 1)),
        (1975.1, datetime.date(1975, 10, 1)),  # Excel's number for a typed 1975.10
        (1975.12, datetime.date(1975, 12, 1)),
        (datetime.datetime(1975, 3, 8), datetime.date(1975, 3, 1)),
        ("", None),
    ],
)
def test_birth_months_as_offices_write_them(cell, expected):
    assert parse_month(cell) == expected


def test_staff_import_the_roster_through_the_admin(staff_client, term):
    from import_export.formats.base_formats import XLSX

    url = reverse("admin:deputies_deputy_import")
    upload = io.BytesIO(workbook(GOOD))
    upload.name = "名册.xlsx"
    preview = staff_client.post(url, {"import_file": upload, "format": "0", "resource": "0"})
    assert preview.status_code == 200
    assert Deputy.objects.count() == 0  # the preview writes nothing
    confirm = preview.context["confirm_form"]
    response = staff_client.post(
        reverse("admin:deputies_deputy_process_import"), {**confirm.initial, "format": "0"}, follow=True
    )
    assert response.status_code == 200
    assert set(Deputy.objects.values_list("name", flat=True)) == {"巴特尔", "刘海燕"}
    assert XLSX().get_title() == "xlsx"


def test_the_admin_shows_import_errors_with_excel_rows_and_chinese_columns(staff_client, term):
    upload = io.BytesIO(workbook([[1, "那顺", "男", "蒙古族", "1975.13", "", "", "", "", ""]]))
    upload.name = "名册.xlsx"
    response = staff_client.post(
        reverse("admin:deputies_deputy_import"), {"import_file": upload, "format": "0", "resource": "0"}
    )
    html = response.content.decode()
    assert "出生年月" in html
    assert "1975.13" in html
    assert Deputy.objects.count() == 0
