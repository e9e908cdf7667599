"""The roster arrives whole: an office's real sheet, every column accounted for, names tidied, namesakes told apart."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from congress.importing import run_import
from deputies.importers import RosterResource
from deputies.models import Constituency, Deputy
from tests.factories import ConstituencyFactory, DeputyFactory, TermFactory

pytestmark = pytest.mark.django_db

NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
TWELVE = [f"第{n}选区" for n in NUMERALS]
# As an office keeps it: odd order, full-width and ordinary spaces in the headers, 届别,
# 代表小组, 是否旗人大代表, and 籍贯, which the platform does not keep.
OFFICE_HEADERS = [
    "序号",
    "届　别",
    "姓　　名",
    "性 别",
    "出生年月",
    "选区",
    "代表小组",
    "是否旗人大代表",
    "民族",
    "政治面貌",
    "籍贯",
    "工作单位及职务",
    "联系电话",
]


def office_rows():
    """Twelve constituencies listed from the twelfth down; names with spaces inside; one 王宝平."""
    people = [
        ("罗　宝音", "男", "1979.02", "是", "蒙古族"),  # full-width space
        ("乌云 其其格", "女", "1985.06", "否", "蒙古族"),  # ordinary space
        ("张\u00a0建军", "男", "1972.11", "√", "汉族"),  # no-break space
        ("王宝平", "男", "1975.08", "Y", "汉族"),  # the roster has another 王宝平
        ("刘海燕", "女", "1982.11", "", "汉族"),
        ("巴特尔", "男", "1975.03", "否", "蒙古族"),
        ("李秀英", "女", "1969.04", "否", "汉族"),
        ("陈志强", "男", "1988.09", "否", "汉族"),
        ("斯琴", "女", "1977.12", "是", "蒙古族"),
        ("赵永平", "男", "1966.01", "否", "汉族"),
        ("那顺", "男", "1983.07", "否", "蒙古族"),
        ("高娃", "女", "1990.10", "否", "蒙古族"),
    ]
    rows = []
    for index, (name, gender, month, banner, ethnicity) in enumerate(people):
        constituency = TWELVE[-1 - index]
        group = f"第{NUMERALS[index % 3]}代表小组"
        rows.append(
            [
                index + 1,
                "第四届",
                name,
                gender,
                month,
                constituency,
                group,
                banner,
                ethnicity,
                "中共党员",
                "内蒙古乌审旗",
                "乌审召镇牧民",
                f"1390000{index:04d}",
            ]
        )
    return rows


def workbook(rows, headers=OFFICE_HEADERS, title="乌审召镇第四届人民代表大会代表名册"):
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def term():
    return TermFactory(ordinal=4)


@pytest.fixture
def chair(term):
    """The 王宝平 already on the roster: another person, born in 1968."""
    return DeputyFactory(
        term=term,
        name="王宝平",
        birth_month=datetime.date(1968, 5, 1),
        constituency=ConstituencyFactory(name="第三选区"),
    )


@pytest.fixture(autouse=True)
def english(request):
    """The service's messages in their msgids; the admin's pages (below) in Chinese."""
    if "client" in request.fixturenames or "staff_client" in request.fixturenames:
        yield
        return
    with translation.override("en"):
        yield


def notices(report) -> list[str]:
    return [str(notice) for notice in report.notices]


def test_an_office_sheet_arrives_whole(term, chair):
    report = run_import(RosterResource(term=term), workbook(office_rows()))

    assert report.ok, report.errors
    assert report.created == 12
    wang = Deputy.objects.get(name="王宝平", birth_month=datetime.date(1975, 8, 1))
    assert wang.constituency.name == "第九选区"
    assert wang.is_banner_deputy and wang.deputy_group == "第一代表小组"
    assert Deputy.objects.get(name="罗宝音").is_banner_deputy
    assert Deputy.objects.get(name="张建军").is_banner_deputy  # √
    assert not Deputy.objects.get(name="刘海燕").is_banner_deputy  # an empty cell is 否
    assert set(Deputy.objects.exclude(pk=chair.pk).values_list("deputy_group", flat=True)) == {
        "第一代表小组",
        "第二代表小组",
        "第三代表小组",
    }
    # Nothing was dropped without a word: 序号 and 籍贯 are named, with their column letters.
    assert "Column A “序号” is not imported: the platform numbers the rows itself." in notices(report)
    assert "Column K “籍贯” is not imported: the platform keeps no such column." in notices(report)


def test_names_lose_the_spaces_inside_them_and_the_preview_says_so(term):
    report = run_import(RosterResource(term=term), workbook(office_rows()), dry_run=True)

    assert report.ok, report.errors
    assert Deputy.objects.count() == 0  # a preview writes nothing
    assert (
        "Row 3, column “姓名”: “罗　宝音” is imported as “罗宝音” (spaces inside a name removed)."
        in notices(report)
    )
    assert (
        "Row 4, column “姓名”: “乌云 其其格” is imported as “乌云其其格” (spaces inside a name removed)."
        in (notices(report))
    )
    assert any("“张\u00a0建军” is imported as “张建军”" in n for n in notices(report))
    run_import(RosterResource(term=term), workbook(office_rows()))
    assert {"罗宝音", "乌云其其格", "张建军"} <= set(Deputy.objects.values_list("name", flat=True))


def test_a_reimport_matches_a_name_kept_with_a_space_and_tidies_it(term):
    kept = DeputyFactory(term=term, name="罗　宝音", birth_month=datetime.date(1979, 2, 1))

    report = run_import(RosterResource(term=term), workbook(office_rows()[:1]))

    assert report.ok, report.errors
    assert (report.created, report.updated) == (0, 1)
    kept.refresh_from_db()
    assert kept.name == "罗宝音"


def test_a_deputy_of_a_name_already_on_the_roster_is_flagged_and_both_are_told_apart(term, chair):
    report = run_import(RosterResource(term=term), workbook(office_rows()))

    assert (
        "Row 6, column “姓名”: The roster already has 王宝平（1968.05，第三选区）, another deputy of this name: "
        "both are kept, and lists will tell them apart by birth month and constituency." in notices(report)
    )
    with translation.override("zh-hans"):
        labels = sorted(str(d) for d in Deputy.objects.filter(name="王宝平"))
    assert labels == ["王宝平（1968.05，第三选区）", "王宝平（1975.08，第九选区）"]
    # In English the brackets are English ones (issue 18: punctuation in the reader's language).
    assert str(Deputy.objects.filter(name="王宝平").first()).startswith("王宝平 (")
    assert str(Deputy.objects.get(name="刘海燕")) == "刘海燕"  # a name no one else has stays plain


def test_two_rows_of_one_name_are_flagged_and_one_row_repeated_is_refused(term):
    rows = office_rows()[:3]
    rows.append([4, "第四届", "罗宝音", "男", "1991.03", "第二选区", "", "否", "蒙古族", "群众", "", "", ""])
    report = run_import(RosterResource(term=term), workbook(rows), dry_run=True)
    assert report.ok, report.errors
    assert any(
        n.startswith("Row 6, column “姓名”: Rows 3、6 of this sheet have a deputy") for n in notices(report)
    )

    rows.append(rows[0][:])
    report = run_import(RosterResource(term=term), workbook(rows))
    assert not report.ok
    assert (
        "Row 7: This row repeats row 3 (the same name and birth month): keep one of the two." in report.errors
    )
    assert Deputy.objects.count() == 0


def test_constituencies_keep_the_order_of_their_numbers(term):
    run_import(RosterResource(term=term), workbook(office_rows()))

    assert list(Constituency.objects.values_list("name", flat=True)) == TWELVE
    assert [d.constituency.name for d in Deputy.objects.all()] == TWELVE


def test_constituencies_without_numbers_keep_the_sheet_s_order(term):
    names = ["乌审召嘎查选区", "查汗庙嘎查选区", "巴音陶勒盖嘎查选区", "绿洲社区选区", "惠泽社区选区"]
    rows = [[i, "", f"代表{i}", "男", "1980.01", name] for i, name in enumerate(names, 1)]
    report = run_import(RosterResource(term=term), workbook(rows, OFFICE_HEADERS[:6], title=None))

    assert report.ok, report.errors
    assert list(Constituency.objects.values_list("name", flat=True)) == names


def test_a_row_of_another_term_is_refused_by_row_and_column(term):
    rows = office_rows()
    rows[4][1] = "第三届"
    report = run_import(RosterResource(term=term), workbook(rows))

    assert not report.ok
    assert report.errors == [
        "Row 7, column “届别”: This row is of the 第三届, but the roster is imported into the 第四届 (the current "
        "term): correct the cell, or import the sheet when its term is the current one."
    ]
    assert Deputy.objects.count() == 0 and Constituency.objects.count() == 0


@pytest.mark.parametrize("cell", ["第四届", "四", "4", "第4届", "四届", ""])
def test_the_term_may_be_written_as_offices_write_it(term, cell):
    rows = office_rows()[:1]
    rows[0][1] = cell
    report = run_import(RosterResource(term=term), workbook(rows))
    assert report.ok, report.errors


@pytest.mark.parametrize(
    ("cell", "banner"), [("是", True), ("√", True), ("Y", True), ("否", False), ("", False)]
)
def test_the_banner_deputy_column_reads_yes_and_no(term, cell, banner):
    rows = office_rows()[:1]
    rows[0][7] = cell
    run_import(RosterResource(term=term), workbook(rows))
    assert Deputy.objects.get().is_banner_deputy is banner


def test_a_banner_column_headed_旗人大代表_is_read_too(term):
    headers = ["姓名", "性别", "出生年月", "旗人大代表", "代表组"]
    rows = [["宝音", "男", "1980.01", "是", "第一组"]]
    report = run_import(RosterResource(term=term), workbook(rows, headers, None))
    assert report.ok, report.errors
    assert Deputy.objects.get().is_banner_deputy and Deputy.objects.get().deputy_group == "第一组"


def test_a_banner_column_that_contradicts_兼任_is_refused(term):
    headers = ["姓名", "性别", "出生年月", "兼任", "是否旗人大代表"]
    rows = [["宝音", "男", "1980.01", "旗人大代表", "否"]]
    report = run_import(RosterResource(term=term), workbook(rows, headers, None))
    assert not report.ok
    assert report.errors[0].startswith("Row 2, column “是否旗人大代表”: “否” disagrees with the column 兼任")


def test_a_word_that_is_not_yes_or_no_is_refused_by_row_and_column(term):
    rows = office_rows()[:2]
    rows[1][7] = "也许"
    report = run_import(RosterResource(term=term), workbook(rows))
    assert report.errors == ["Row 4, column “是否旗人大代表”: Write 是 or 否, not “也许”."]


def test_an_over_long_constituency_is_refused_by_row_and_column(term):
    rows = office_rows()[:2]
    rows[1][5] = "第" * 101
    report = run_import(RosterResource(term=term), workbook(rows))

    assert not report.ok
    assert report.errors == [
        "Row 4, column “选区”: A constituency's name has at most 100 characters; this one has 101."
    ]
    assert Constituency.objects.count() == 0


def test_a_column_without_a_header_and_a_repeated_column_are_named(term):
    headers = ["姓名", "性别", "出生年月", "选区", None, "选区"]
    rows = [["宝音", "男", "1980.01", "第一选区", "备用", "第二选区"]]
    report = run_import(RosterResource(term=term), workbook(rows, headers, None))

    assert report.ok, report.errors
    assert notices(report) == [
        "Column E has no header: it is not imported.",
        "Column F “选区” repeats an earlier column: it is not imported.",
    ]
    assert Deputy.objects.get().constituency.name == "第一选区"


def test_rows_with_only_a_number_are_not_data_and_rows_keep_excel_s_numbers(term):
    rows = [*office_rows()[:2], [3], [None], [5, "第四届", "那顺", "公", "1983.07"]]
    report = run_import(RosterResource(term=term), workbook(rows))
    assert report.errors[0].startswith("Row 7, column “性别”")


def test_the_export_writes_the_new_columns_and_reimports_unchanged(term, chair, staff_client):
    run_import(RosterResource(term=term), workbook(office_rows()))
    dataset = RosterResource(term=term).export()
    assert dataset.headers[:2] == ["届别", "姓名"]
    assert "代表小组" in dataset.headers and "是否旗人大代表" not in dataset.headers
    buffer = io.BytesIO(dataset.export("xlsx"))
    report = run_import(RosterResource(term=term), buffer.getvalue())
    assert report.ok, report.errors
    assert (report.created, report.updated, report.skipped) == (0, 0, 13)


# ---- through the admin's import pages --------------------------------------------------------


def upload(client, content, name="名册.xlsx"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(
        reverse("admin:deputies_deputy_import"), {"import_file": file, "format": "0", "resource": "0"}
    )


def test_the_admin_preview_names_the_columns_left_out_the_names_tidied_and_the_namesake(
    staff_client, term, chair
):
    response = upload(staff_client, workbook(office_rows()))
    html = response.content.decode()

    assert response.status_code == 200 and "confirm_form" in response.context
    assert Deputy.objects.count() == 1  # only 王宝平 of 1968: the preview wrote nothing
    assert "导入前请核对" in html
    assert "K 列“籍贯”未导入：平台不保存这一列。" in html
    assert "“罗　宝音”导入为“罗宝音”（去掉了姓名中的空格）。" in html
    assert "名册中已有同名代表王宝平（1968.05，第三选区）" in html
    assert 'class="new import-noted"' in html  # the rows with a note are marked
    assert '<th scope="row" class="import-row-number">6</th>' in html  # rows as Excel numbers them
    assert "style=" not in html.split('id="content"')[1]  # nothing the Content-Security-Policy refuses

    confirm = response.context["confirm_form"]
    staff_client.post(reverse("admin:deputies_deputy_process_import"), {**confirm.initial, "format": "0"})
    assert Deputy.objects.count() == 13


def test_the_admin_error_page_writes_each_reason_next_to_its_row_and_marks_the_cell(staff_client, term):
    rows = office_rows()
    rows[4][4] = "1982.13"
    rows[8][1] = "第五届"
    html = upload(staff_client, workbook(rows)).content.decode()

    assert "某些行验数据证失败" not in html
    assert "以下行有错误，未写入任何记录" in html
    assert "validation-error-count" not in html  # no hover badge
    # The column is the sheet's own, marked as Chinese (issue 18: the language walk).
    assert '<strong lang="zh-Hans">出生年月</strong>：无法识别日期“1982.13”' in html
    assert '<strong lang="zh-Hans">届别</strong>：这一行属于第五届' in html
    assert html.count('class="import-error-cell"') == 2
    assert '<th scope="row" class="import-row-number">7</th>' in html
    assert '<th scope="row" class="import-row-number">11</th>' in html
    assert Deputy.objects.count() == 0
