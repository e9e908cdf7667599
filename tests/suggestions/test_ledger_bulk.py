"""The ledger import: the workflow's plans batched give the records of taking each step by hand, in a few
statements for any number of rows."""

import copy
import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress.importing import run_import
from suggestions import notifications, workflow
from suggestions.importers import CONTACT, LedgerResource
from suggestions.models import (
    Assignment,
    Contact,
    Evaluation,
    Reply,
    Round,
    Suggestion,
    SuggestionEvent,
    YearCounter,
)
from tests.factories import DeputyFactory

from .factories import HandlingUnitFactory
from .test_ledger_sheet import good_rows, received, workbook  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

D = datetime.date
COLUMNS = [
    "编号", "标题", "建议内容", "类别", "来源", "领衔代表", "附议代表", "提出人", "收到日期", "承办单位", "协办单位",
    "督办人", "交办日期", "办理时限", "办理状态", "见面情况", "答复情况", "答复日期", "办理结果", "满意度", "测评日期",
    "测评意见", "重点督办", "公开", "备注",
]  # fmt: skip


def ledger(rows: list[dict]) -> bytes:
    return workbook([[row.get(column, "") for column in COLUMNS] for row in rows], COLUMNS)


@pytest.fixture
def varied_rows(lead_deputy, co_signer, other_deputy, unit, co_unit, other_unit, chair):
    """One row of each kind an office ledger holds, with the cases that numbering and history care about."""
    closed = {
        "编号": "2022-7",  # kept, stored as 2022-007
        "标题": "关于翻修供水管道的建议",
        "建议内容": "管道老化，冬季冻裂。",
        "类别": "道路、供水和基础设施",
        "来源": "会议期间",
        "领衔代表": "乌云其其格",
        "附议代表": "阿拉坦、乌云其其格、巴特尔、阿拉坦",  # the lead and a repeat are dropped
        "收到日期": "2022-01-14",
        "承办单位": "镇农业综合服务中心",
        "协办单位": "镇综治办、查汗庙嘎查",
        "督办人": "王宝平",
        "交办日期": "2022-01-20",
        "办理时限": "2022-04-20",
        "办理状态": "已办结",
        "见面情况": "2022-02-01 面谈；2022-02-20 电话；2022-03-01 走访",
        "答复情况": "已完成翻修。",
        "答复日期": "2022.3.15",
        "办理结果": "A类",
        "满意度": "满意",
        "测评日期": "2022-03-20",
        "重点督办": "是",
        "公开": "是",
    }
    return [
        closed,
        {  # no number: the year's next after 2022-007; default deadline; a township leader supervises
            "建议内容": "建议增设红绿灯。",
            "来源": "闭会期间",
            "领衔代表": "乌云其其格",
            "收到日期": "2022-05-01",
            "承办单位": "镇农业综合服务中心",
            "督办人": "镇长 巴图",
            "办理状态": "已交办",
        },
        {  # unsatisfied: stays evaluated, with the deputy's comment
            "建议内容": "牧区道路硬化。",
            "领衔代表": "巴特尔",
            "收到日期": "2022-06-01",
            "承办单位": "查汗庙嘎查",
            "督办人": "王宝平",
            "见面情况": "2022-06-10 电话",
            "答复情况": "已列入明年计划。",
            "答复日期": "2022-07-01",
            "办理结果": "C类",
            "满意度": "不满意",
            "测评意见": "希望今年动工。",
            "办理状态": "已测评",
        },
        {
            "建议内容": "调整医保报销比例。",
            "领衔代表": "阿拉坦",
            "收到日期": "2022-02-01",
            "办理状态": "不予立案",
        },
        {"建议内容": "登记待交办。", "领衔代表": "阿拉坦", "收到日期": "2023-03-01", "办理状态": "已登记"},
        {  # a banner CPPCC proposal: replied, closed without a rating
            "建议内容": "旗政协委员提案：草原防火。",
            "来源": "旗政协委员提案",
            "提出人": "旗政协委员（农牧业界别）",
            "收到日期": "2022-03-01",
            "承办单位": "镇综治办",
            "督办人": "王宝平",
            "答复情况": "已组织巡查。",
            "答复日期": "2022-04-01",
            "办理结果": "B类",
            "办理状态": "已办结",
        },
        {**closed, "编号": "2022-007", "建议内容": "重复的一行"},  # the same number again: skipped
    ]


def records() -> dict:
    """Every record an import writes, with database ids replaced by what they point at."""

    def number(round_id):
        return Round.objects.get(pk=round_id).suggestion.number if round_id else None

    def history(model, key):
        by_object = {}
        for record in model.history.order_by("history_date", "history_id"):
            values = {
                f.attname: getattr(record, f.attname)
                for f in model.history.model.tracked_fields
                if f.attname not in ("id", "current_round_id", "suggestion_id", "round_id")
            }
            if model is Suggestion:
                values["co_signers"] = sorted(link.deputy.name for link in record.co_signers.all())
                values["current_round"] = number(record.current_round_id)
            entry = (record.history_type, record.history_change_reason, record.history_user_id, values)
            by_object.setdefault(key(record), []).append(entry)
        return by_object

    def row(obj, *exclude):
        return {
            f.attname: getattr(obj, f.attname)
            for f in obj._meta.concrete_fields
            if f.attname not in ("id", "round_id", "suggestion_id", "current_round_id", *exclude)
        }

    def at(event):  # dated events at noon of their day; the others at the moment of the import
        return event.at if event.at.astimezone().time() == datetime.time(12) else "now"

    return {
        "suggestions": {
            s.number: {
                **row(s),
                "co_signers": sorted(d.name for d in s.co_signers.all()),
                "current_round": s.current_round.number if s.current_round else None,
            }
            for s in Suggestion.objects.all()
        },
        "rounds": sorted((r.suggestion.number, sorted(row(r).items())) for r in Round.objects.all()),
        "assignments": sorted(
            (a.round.suggestion.number, a.unit.name, sorted(row(a).items())) for a in Assignment.objects.all()
        ),
        "contacts": sorted(
            (c.round.suggestion.number, sorted(row(c).items())) for c in Contact.objects.all()
        ),
        "replies": sorted((r.round.suggestion.number, sorted(row(r).items())) for r in Reply.objects.all()),
        "evaluations": sorted(
            (e.round.suggestion.number, sorted(row(e).items())) for e in Evaluation.objects.all()
        ),
        "events": [
            (e.suggestion.number, e.transition, e.from_state, e.to_state, number(e.round_id))
            + (e.actor_id, at(e), e.note, e.data)
            for e in SuggestionEvent.objects.order_by("suggestion__number", "pk")
        ],
        "history": {
            "suggestion": history(Suggestion, lambda r: r.number),
            "round": history(Round, lambda r: number(r.id)),
            "assignment": history(Assignment, lambda r: (number(r.round_id), r.unit.name)),
            "contact": history(Contact, lambda r: (number(r.round_id), r.contacted_on)),
            "reply": history(Reply, lambda r: number(r.round_id)),
            "evaluation": history(Evaluation, lambda r: number(r.round_id)),
        },
        "counters": list(YearCounter.objects.values_list("year", "last")),
    }


class ReplayResource(LedgerResource):
    """The oracle: each row's steps taken one by one through ``workflow.apply``, as staff would by hand."""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        fresh = copy.copy(instance)  # before the steps are planned on it
        super().validate_instance(instance, import_validation_errors, validate_unique)
        instance._fresh = fresh

    def save_instance(self, instance, is_create, row, **kwargs):
        suggestion = instance._fresh
        with notifications.muted():
            for step, data in self._steps(suggestion):
                if step != CONTACT:
                    workflow.apply(suggestion, step, actor=self.actor, **data)
                    continue
                round_ = suggestion.current_round
                contact = Contact(
                    round=round_, unit=round_.lead_unit, recorded_by=self.actor, on_behalf=True, **data
                )
                contact._history_user = self.actor
                contact.save()

    def bulk_create(self, *args, **kwargs):
        self.create_instances.clear()


def forget_everything():
    Suggestion.objects.all().delete()
    for model in (Suggestion, Round, Assignment, Contact, Reply, Evaluation):
        model.history.all().delete()
    YearCounter.objects.all().delete()


def test_the_bulk_import_writes_the_records_of_taking_each_step_by_hand(staff, varied_rows):
    sheet = ledger(varied_rows)
    replayed = run_import(ReplayResource(actor=staff), sheet)
    assert replayed.ok, replayed.errors
    assert (replayed.created, replayed.skipped) == (6, 1)
    expected = records()
    forget_everything()

    bulk = run_import(LedgerResource(actor=staff), sheet)

    assert bulk.ok, bulk.errors
    assert (bulk.created, bulk.skipped) == (6, 1)
    assert records() == expected
    closed = Suggestion.objects.get(number="2022-007")
    assert closed.state == "closed" and closed.current_round.contacts.count() == 3
    assert [e.transition for e in closed.events.all()] == [
        "register",
        "assign",
        "start",
        "reply",
        "evaluate",
        "close",
    ]


def test_a_bulk_import_refuses_a_row_as_the_workflow_would_and_writes_nothing(staff, varied_rows):
    varied_rows[1]["交办日期"], varied_rows[1]["办理时限"] = "2022-05-10", "2022-05-01"  # deadline first
    varied_rows[5]["答复日期"] = datetime.date.today().isoformat()  # closed before 30 days have passed
    bulk = run_import(LedgerResource(actor=staff), ledger(varied_rows))
    assert not bulk.ok
    assert len(bulk.errors) == 2, bulk.errors
    deadline, close = bulk.errors  # Excel rows 4 and 8 (a title and the header above the first row)
    assert re.match(r"\D*4\D", deadline) and "办理时限" in deadline, deadline
    assert re.match(r"\D*8\D", close) and "办理状态" in close and "30" in close, close
    assert Suggestion.objects.count() == 0 and YearCounter.objects.count() == 0
    assert Round.history.count() == 0


def many_rows(count: int, deputies, units) -> list[dict]:
    rows = []
    for n in range(count):
        handled = n % 3 != 0
        rows.append(
            {
                "建议内容": f"第{n}项建议。",
                "领衔代表": deputies[n % len(deputies)].name,
                "附议代表": deputies[(n + 1) % len(deputies)].name,
                "收到日期": f"{2022 + n % 2}-03-01",
                "承办单位": units[n % len(units)].name if handled else "",
                "督办人": "王宝平" if handled else "",
                "见面情况": "2022-03-10 电话" if handled else "",
                "答复情况": "已解决。" if handled else "",
                "答复日期": "2023-04-01" if handled else "",
                "办理结果": "A类" if handled else "",
                "满意度": "满意" if handled else "",
                "办理状态": "已办结" if handled else "已登记",
            }
        )
    return rows


def test_a_bulk_import_makes_no_more_queries_for_more_rows(staff, term, chair):
    deputies = DeputyFactory.create_batch(8, term=term)
    units = [HandlingUnitFactory() for _ in range(4)]
    counts = {}
    for size in (20, 200):
        sheet = ledger(many_rows(size, deputies, units))
        actor = type(staff).objects.get(pk=staff.pk)  # the roles read afresh each time
        with CaptureQueriesContext(connection) as queries:
            report = run_import(LedgerResource(actor=actor), sheet)
        assert report.ok and report.created == size, report.errors
        counts[size] = len(queries)
        forget_everything()
    # One statement per table for a thousand rows (SQLite: for about 50, its limit being 999 parameters);
    # the row-by-row replay took about 60 statements a row.
    if connection.vendor == "postgresql":
        assert counts[200] == counts[20], counts
    else:
        assert counts[200] - counts[20] < (200 - 20) / 4, counts
    assert counts[20] < 60, counts


def test_every_history_record_of_an_import_names_the_importing_staff_member(staff, varied_rows):
    assert run_import(LedgerResource(actor=staff), ledger(varied_rows)).ok
    for model in (Suggestion, Round, Assignment, Contact, Reply, Evaluation):
        users = set(model.history.values_list("history_user_id", flat=True))
        assert users == {staff.pk}, model
