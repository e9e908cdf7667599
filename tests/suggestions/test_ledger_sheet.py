"""The ledger (台账) in Excel: export with the latest round, import of an office's sheet, round trip."""

import datetime
import io
import re

import pytest
from django.urls import reverse

from congress.importing import run_import
from suggestions import workflow
from suggestions.choices import Rating, State, Transition
from suggestions.importers import LedgerResource
from suggestions.models import Suggestion, SuggestionEvent
from tests.spreadsheets import read, xlsx

pytestmark = pytest.mark.django_db

D = datetime.date

HEADERS = [
    "序号",
    "编号",
    "标题",
    "建议内容",
    "来源",
    "领衔代表",
    "附议代表",
    "承办单位",
    "协办单位",
    "督办人",
    "交办日期",
    "办理时限",
    "见面情况",
    "答复情况",
    "答复日期",
    "办理结果",
    "满意度",
    "办理状态",
]


def workbook(rows, headers=HEADERS, title="乌审召镇2022年代表建议办理台账"):
    return xlsx(rows, headers, title=title)


def export(queryset=None) -> bytes:
    from import_export.formats.base_formats import XLSX

    dataset = LedgerResource().export(queryset)
    return XLSX().export_data(dataset)


@pytest.fixture
def good_rows(lead_deputy, co_signer, unit, co_unit, chair):
    return [
        [
            1,
            "2022-003",
            "关于翻修供水管道的建议",
            "管道老化，冬季冻裂。",
            "会议期间",
            "乌云其其格",
            "阿拉坦",
            "镇农业综合服务中心",
            "查汗庙嘎查",
            "王宝平",
            "2022-01-20",
            "2022-04-20",
            "2022-02-01 面谈",
            "已完成翻修。",
            "2022.3.15",
            "A类",
            "满意",
            "已办结",
        ],
        [
            2,
            "",
            "",
            "建议增设红绿灯。",
            "闭会期间",
            "乌云其其格",
            "",
            "镇农业综合服务中心",
            "",
            "镇长",
            "2022-05-01",
            "",
            "",
            "",
            "",
            "",
            "",
            "已交办",
        ],
        [
            3,
            "",
            "关于调整医保报销比例的建议",
            "提高报销比例。",
            "会议期间",
            "阿拉坦",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "不予立案",
        ],
    ]


def received(rows, day="2022-01-14"):
    """Add the 收到日期 column to rows and headers."""
    return HEADERS + ["收到日期"], [row + [day] for row in rows]


def test_an_office_ledger_imports_through_the_workflow(staff, good_rows):
    headers, rows = received(good_rows)
    report = run_import(LedgerResource(actor=staff), workbook(rows, headers))
    assert report.ok, report.errors
    assert report.created == 3
    closed = Suggestion.objects.get(number="2022-003")
    assert closed.state == State.CLOSED
    assert closed.co_signers.get().name == "阿拉坦"
    round_ = closed.current_round
    assert (round_.lead_unit.name, round_.supervisor, round_.deadline) == (
        "镇农业综合服务中心",
        "王宝平",
        D(2022, 4, 20),
    )
    assert round_.reply.replied_on == D(2022, 3, 15) and round_.reply.result_class == "A"
    assert round_.evaluation.rating == Rating.SATISFIED and round_.evaluation.on_behalf
    assert round_.contacts.get().form == "in_person"
    assert [e.transition for e in closed.events.order_by("at", "pk")][:2] == [
        Transition.REGISTER,
        Transition.ASSIGN,
    ]
    assert all(e.actor == staff for e in SuggestionEvent.objects.all())
    # Numbers not given are allocated after the highest one given.
    assigned = Suggestion.objects.get(content="建议增设红绿灯。")
    assert assigned.number == "2022-004" and assigned.title == "建议增设红绿灯。"
    assert assigned.current_round.deadline == D(2022, 8, 1)  # three months
    assert Suggestion.objects.get(number="2022-005").state == State.REJECTED


def test_an_import_sends_no_notifications(staff, good_rows, mailoutbox, django_capture_on_commit_callbacks):
    headers, rows = received(good_rows)
    with django_capture_on_commit_callbacks(execute=True):
        run_import(LedgerResource(actor=staff), workbook(rows, headers))
    assert mailoutbox == []


def test_a_bad_ledger_writes_nothing_and_names_excel_rows_and_chinese_columns(staff, good_rows):
    headers, rows = received(good_rows)
    rows[1][7] = "镇不存在办公室"  # unknown unit, Excel row 4 (title, header, first row)
    rows[0][15] = "E类"  # result class, Excel row 3
    rows[2][-1] = "2022.13.01"  # received date, Excel row 5
    report = run_import(LedgerResource(actor=staff), workbook(rows, headers))
    assert not report.ok
    assert len(report.errors) == 3
    by_row = {re.match(r"\D*(\d+)", error).group(1): error for error in report.errors}  # 第 3 行… / Row 3…
    assert "办理结果" in by_row["3"] and "E类" in by_row["3"] and "A类、B类、C类、D类" in by_row["3"]
    assert "承办单位" in by_row["4"] and "镇不存在办公室" in by_row["4"]
    assert "收到日期" in by_row["5"] and "2022.13.01" in by_row["5"]
    assert Suggestion.objects.count() == 0
    assert SuggestionEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("column", "value", "header"),
    [
        (16, "不满意", "测评意见"),  # 不满意 needs a comment (no 测评意见 column here)
        (14, "", "答复日期"),  # a reply needs its date
        (5, "查无此人", "领衔代表"),
        (17, "办理中", "见面情况"),  # in handling without a contact
    ],
)
def test_row_rules_are_reported_under_their_column(staff, good_rows, column, value, header):
    headers, rows = received(good_rows)
    rows[0][column] = value
    if column == 17:
        rows[0][12:17] = ["", "", "", "", ""]
    report = run_import(LedgerResource(actor=staff), workbook(rows, headers))
    assert not report.ok
    assert any(header in error and re.match(r"\D*3\D", error) for error in report.errors), report.errors
    assert Suggestion.objects.count() == 0


def test_a_row_already_on_the_platform_is_skipped(staff, good_rows, make):
    headers, rows = received(good_rows[:1])
    run_import(LedgerResource(actor=staff), workbook(rows, headers))
    report = run_import(LedgerResource(actor=staff), workbook(rows, headers))
    assert report.ok and report.skipped == 1 and report.created == 0
    assert Suggestion.objects.count() == 1


def test_the_export_has_chinese_headers_and_the_latest_round(make, staff, lead_user):
    item = make(State.EVALUATED, rating=Rating.UNSATISFIED, result_class="C")
    workflow.apply(item, Transition.REHANDLE, actor=staff, assigned_on=D(2022, 5, 1))
    workflow.apply(
        item, Transition.REPLY, actor=staff, text="第二次答复。", result_class="A", replied_on=D(2022, 6, 1)
    )
    workflow.apply(item, Transition.EVALUATE, actor=lead_user, rating=Rating.SATISFIED)
    header, row = read(export())
    values = dict(zip(header, row, strict=True))
    assert {
        "编号",
        "标题",
        "领衔代表",
        "附议代表",
        "承办单位",
        "办理时限",
        "答复情况",
        "办理结果",
        "满意度",
    } <= set(header)
    assert values["编号"] == item.number
    assert (values["答复情况"], values["办理结果"], values["满意度"]) == ("第二次答复。", "A类", "满意")
    assert values["办理时限"] == "2022-08-01"
    assert values["办理状态"] == "已测评"
    assert values["附议代表"] == "阿拉坦"


def test_export_then_import_gives_the_same_ledger(make, staff, unit, co_unit, chair):
    today = datetime.date.today()
    make(State.CLOSED, co_units=[co_unit])
    make(State.EVALUATED, rating=Rating.BASICALLY_SATISFIED, result_class="B")
    make(State.REPLIED, result_class="C", assigned_on=D(2022, 2, 1))
    make(State.IN_HANDLING, assigned_on=today, deadline=today + datetime.timedelta(days=40))
    make(State.ASSIGNED)
    make(State.REJECTED)
    make(register_fields={"external_proposer": "旗政协委员（农牧业界别）", "source": "banner_cppcc"})
    make()
    before = export()
    Suggestion.objects.all().delete()
    report = run_import(LedgerResource(actor=staff), before)
    assert report.ok, report.errors
    assert report.created == 8
    assert read(export()) == read(before)


def test_staff_export_the_filtered_ledger_from_the_admin(staff_client_for, make):
    make(State.REPLIED, register_fields={"received_on": D(2022, 3, 1)})
    make(register_fields={"received_on": D(2023, 3, 1)})
    client = staff_client_for()
    response = client.post(
        reverse("admin:suggestions_suggestion_export") + "?year=2022",
        {
            "format": "0",
            "resource": "0",
            **{f"ledgerresource_{f}": "on" for f in ("number", "title", "reply_text")},
        },
    )
    assert response.status_code == 200, response.content[:500]
    rows = read(response.content)
    assert rows[0] == ["编号", "标题", "答复情况"]
    assert [row[0] for row in rows[1:]] == ["2022-001"]


def test_staff_import_a_ledger_through_the_admin(staff_client_for, staff, good_rows):
    client = staff_client_for()
    headers, rows = received(good_rows)
    upload = io.BytesIO(workbook(rows, headers))
    upload.name = "台账.xlsx"
    preview = client.post(
        reverse("admin:suggestions_suggestion_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    assert preview.status_code == 200
    assert Suggestion.objects.count() == 0  # the preview writes nothing
    confirm = preview.context["confirm_form"]
    client.post(
        reverse("admin:suggestions_suggestion_process_import"),
        {**confirm.initial, "format": "0"},
        follow=True,
    )
    assert Suggestion.objects.count() == 3
    assert SuggestionEvent.objects.filter(transition=Transition.REGISTER).first().actor == staff
