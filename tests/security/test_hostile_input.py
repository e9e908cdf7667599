"""Hostile input never breaks a form or an import (property-based, with hypothesis).

Random and hostile values (NUL and other control characters, SQL and HTML
fragments, template syntax, very long text, huge numbers, impossible dates,
emoji) are posted to every public and portal form and put into the cells of
every spreadsheet import. Whatever comes in:

- the answer is never a server error;
- what is refused writes nothing (row counts unchanged): a form answers with an
  error on the field that holds the bad value, an import with errors naming the
  Excel row (or the sheet when the file is no workbook);
- what is accepted is stored as typed (stripped), never mangled.

PostgreSQL refuses NUL in text: a NUL must end as a field error, never reach the database.
Each example runs in a savepoint rolled back afterwards, so every example starts from the same data.
``FUZZ_EXAMPLES=500`` (the environment) searches longer than the 40 examples a test run tries;
``--hypothesis-show-statistics`` shows how many were accepted and refused.
"""

from __future__ import annotations

import datetime
import os
import re
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import CharField
from django.forms.forms import NON_FIELD_ERRORS
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from congress.importing import run_import
from congress.roles import Role
from deputies.importers import RosterResource
from deputies.models import (
    Constituency,
    Deputy,
    Post,
    PostPhoto,
    PresidiumMembership,
    Reception,
    ReceptionMatter,
)
from livelihood.importers import CandidateResource
from livelihood.models import Candidate
from suggestions.choices import State
from suggestions.importers import LedgerResource
from suggestions.models import (
    Contact,
    Evaluation,
    Reply,
    Round,
    Suggestion,
    SuggestionEvent,
    SupervisionNote,
    VoterOpinion,
)
from suggestions.opinions.choices import OpinionCategory
from tests.deputies.factories import ActivityFactory, attend, jpeg_bytes
from tests.factories import DeputyFactory, PresidiumMembershipFactory, UserFactory
from tests.livelihood.factories import PlanFactory
from tests.spreadsheets import xlsx
from tests.suggestions.factories import HandlingUnitFactory, advance, register
from tests.suggestions.test_ledger_sheet import HEADERS as LEDGER_SHEET_HEADERS

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    deadline=None,
    database=None,  # no .hypothesis folder in the work tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE_TEXT = [
    "\x00",
    "正常\x00文字",
    "\x1b[2J\x07\x08",
    "\x7f\x85\u2028",
    "\u202egnp.exe",
    "\ufeff\u200b\u200d",
    "' OR '1'='1",
    "'; DROP TABLE deputies_deputy; --",
    '" OR 1=1 --',
    "1; SELECT pg_sleep(5)",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request.user.password }}{% debug %}",
    "%(name)s %s %d %n",
    "../../../../etc/passwd",
    "😀" * 60,
    "👨‍👩‍👧‍👦🇨🇳",
    "𠀀𪚥𰻞",
    "乌审召镇" * 600,
    "x" * 20_000,
    " ",
    "\r\n\t",
]
HOSTILE_NUMBERS = [
    "0",
    "-1",
    "1e309",
    "9" * 400,
    "NaN",
    "inf",
    "１２",
    "١٢",
    "0x1A",
    "1_000",
    " 5 ",
    "5.5",
    "",
]
HOSTILE_DATES = [
    "2022-02-30",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "2022/13/01",
    "二〇二二年一月一日",
    "-2022-01-01",
    "2022-01-01T25:61",
    "2022-01-01\x00",
    "1" * 300,
]

text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=200))
number = st.one_of(st.sampled_from(HOSTILE_NUMBERS), st.integers().map(str), st.floats().map(str), text)
words = st.text(min_size=1, max_size=100).filter(str.strip)  # what a person types
past_day = st.dates(datetime.date(2021, 9, 22), datetime.date.today()).map(datetime.date.isoformat)
date = st.one_of(
    st.dates(min_value=datetime.date(2021, 9, 22), max_value=datetime.date(2026, 11, 1)).map(
        datetime.date.isoformat
    ),
    st.dates().map(datetime.date.isoformat),
    st.sampled_from(HOSTILE_DATES),
    text,
)


@contextmanager
def each_example():
    """Run one example in a savepoint that is rolled back (the rate limits' counts with it, congress/limits.py)."""
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def counts(*models) -> dict:
    return {model.__name__: model._default_manager.count() for model in models}


def assert_answered(response, form_key: str, posted: dict, before: dict, after: dict, *, allow=()) -> bool:
    """The response is a success (a redirect) or the form again with its errors and nothing written.

    Returns whether the post was accepted. A value holding NUL must be refused on its own field;
    ``allow`` names the non-field errors a form may give (rules on several fields together).
    """
    assert response.status_code in (200, 302), response.status_code
    event("accepted" if response.status_code == 302 else "refused")  # --hypothesis-show-statistics
    if response.status_code == 302:
        assert not any("\x00" in str(value) for value in posted.values()), "a NUL was accepted"
        return True
    form = response.context[form_key]
    assert form.errors, "refused without saying why"
    assert after == before, "a refused form wrote something"
    fields = set(form.fields)
    for name, value in posted.items():
        field_name = name.split("-", 1)[-1]
        if field_name in fields and "\x00" in str(value):
            assert field_name in form.errors, f"the NUL in {field_name} is not reported on it"
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS:
            assert all(any(a in e for a in allow) for e in errors), f"an error on no field: {errors}"
        else:
            assert name in fields
    return False


# ---- the data ---------------------------------------------------------------------------------


@pytest.fixture
def people(db, term):
    staff = UserFactory(username="fuzz-staff", role=Role.STAFF)
    deputy = DeputyFactory(
        term=term, user=UserFactory(username="fuzz-deputy", role=Role.DEPUTY), name="乌云其其格"
    )
    lead = HandlingUnitFactory(
        name="镇农业综合服务中心", users=[UserFactory(username="fuzz-lead", role=Role.UNIT)]
    )
    co = HandlingUnitFactory(name="查汗庙嘎查", users=[UserFactory(username="fuzz-co", role=Role.UNIT)])
    PresidiumMembershipFactory(term=term, role="chair", deputy__name="王宝平")
    return {"staff": staff, "deputy": deputy, "lead": lead, "co": co}


@pytest.fixture
def suggestion(people):
    """suggestion(state, co_units=[]) → the deputy's suggestion led by the lead unit, once per test."""
    made = {}

    def make(state, co_units=(), assigned_on=None):
        key = (state, tuple(unit.pk for unit in co_units), assigned_on)
        if key not in made:
            item = register(people["staff"], lead_deputy=people["deputy"])
            made[key] = advance(
                item,
                state,
                actor=people["staff"],
                unit=people["lead"],
                co_units=co_units,
                assigned_on=assigned_on,
            )
        return made[key]

    return make


def signed_in(client, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    return client


# ---- the deputy's portal -------------------------------------------------------------------


@FUZZ
@given(
    day=st.one_of(past_day, date),
    place=st.one_of(words, text),
    visitors=st.one_of(st.integers(1, 10000).map(str), number),
    matters=st.one_of(st.just(""), words, text),
)
def test_logging_a_reception(client, people, day, place, visitors, matters):
    signed_in(client, "fuzz-deputy")
    posted = {"date": day, "place": place, "visitors": visitors, "matters_summary": matters}
    with each_example():
        before = counts(Reception, ReceptionMatter)
        response = client.post(reverse("deputies:log_reception"), posted)
        after = counts(Reception, ReceptionMatter)
        if assert_answered(response, "form", posted, before, after):
            reception = Reception.objects.latest("pk")
            assert reception.place == place.strip()
            assert 1 <= reception.visitors <= 10000


@FUZZ
@given(
    rating=st.one_of(st.sampled_from(["satisfied", "basically_satisfied", "unsatisfied"]), text), comment=text
)
def test_rating_a_reply(client, people, suggestion, rating, comment):
    item = suggestion(State.REPLIED)
    signed_in(client, "fuzz-deputy")
    posted = {"rating": rating, "comment": comment}
    with each_example():
        before = counts(Evaluation, SuggestionEvent)
        response = client.post(reverse("suggestions:evaluate", args=[item.pk]), posted)
        after = counts(Evaluation, SuggestionEvent)
        if assert_answered(response, "form", posted, before, after):
            assert Evaluation.objects.get(round__suggestion=item).comment == comment.strip()


PHOTO_NAMES = ["现场.jpg", "photo.png", "../../evil.jpg", "x" * 300 + ".jpg", "a.webp", "a.exe", "无扩展名"]


@pytest.fixture
def attended(people, term, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity = ActivityFactory(term=term, title="赴五原县学习考察乡村振兴工作")
    attend(activity, [people["deputy"]])
    return activity


@FUZZ
@given(
    activity=st.one_of(st.just("attended"), number),
    title=st.one_of(st.just(""), words, text),
    body=st.one_of(words, text),
    upload=st.one_of(
        st.none(),
        st.just(("现场.jpg", "a real photo")),
        st.tuples(st.sampled_from(PHOTO_NAMES), st.binary(max_size=300)),
    ),
)
def test_proposing_a_post(client, people, attended, activity, title, body, upload):
    signed_in(client, "fuzz-deputy")
    posted = {
        "activity": str(attended.pk) if activity == "attended" else activity,
        "title": title,
        "text": body,
    }
    files = {}
    if upload is not None:
        name, content = upload
        files["photos"] = SimpleUploadedFile(name, jpeg_bytes() if content == "a real photo" else content)
    with each_example():
        before = counts(Post, PostPhoto)
        response = client.post(reverse("posts:propose"), {**posted, **files})
        after = counts(Post, PostPhoto)
        if assert_answered(response, "form", posted, before, after):
            post = Post.objects.latest("pk")
            assert (post.activity, post.text) == (attended, body.strip())
            assert post.title == (title.strip() or attended.title)


# ---- the handling unit's portal ---------------------------------------------------------------


ATTACHMENT_NAMES = ["reply.pdf", "回复函.docx", "../../evil.php", "photo.png", "x" * 300 + ".pdf", "a.exe"]


@FUZZ
@given(
    action=st.sampled_from(["contact", "reply", "return", "opinion"]),
    form=st.one_of(st.sampled_from(["phone", "visit", ""]), text),
    day=date,
    words=st.one_of(words, text),
    result=st.one_of(st.sampled_from(["A", "B", "C", "D"]), text),
    upload=st.one_of(st.none(), st.tuples(st.sampled_from(ATTACHMENT_NAMES), st.binary(max_size=300))),
)
def test_the_units_forms(client, people, suggestion, action, form, day, words, result, upload):
    # Assigned today: within the unit's 7 working days to return it.
    item = suggestion(
        State.ASSIGNED,
        co_units=[people["co"]] if action == "opinion" else [],
        assigned_on=datetime.date.today(),
    )
    signed_in(client, "fuzz-co" if action == "opinion" else "fuzz-lead")
    posted = {
        "contact": {"contact-form": form, "contact-contacted_on": day, "contact-note": words},
        "reply": {"reply-text": words, "reply-result_class": result, "reply-replied_on": day},
        "return": {"return-reason": words},
        "opinion": {"opinion-text": words},
    }[action]
    files = {}
    if action == "reply" and upload is not None:
        files["reply-attachment"] = SimpleUploadedFile(upload[0], upload[1])
    with each_example():
        before = counts(Contact, Reply, SuggestionEvent, Suggestion)
        response = client.post(reverse(f"suggestions:unit_{action}", args=[item.pk]), {**posted, **files})
        after = counts(Contact, Reply, SuggestionEvent, Suggestion)
        # The workflow's rules on dates (before the assignment, in the future) are reported on top.
        assert_answered(response, f"{action}_form", posted, before, after, allow=("日期", "date"))


# ---- the supervising presidium member's note (in the admin) ---------------------------------------


@FUZZ
@given(
    day=st.one_of(past_day, date),
    form=st.one_of(st.sampled_from(["visit", "meeting", "deadline", "other"]), text),
    words=st.one_of(words, text),
)
def test_writing_a_supervision_note(client, people, suggestion, day, form, words):
    item = suggestion(State.IN_HANDLING, assigned_on=datetime.date(2021, 10, 8))
    chair = PresidiumMembership.objects.get(deputy__name="王宝平")
    Round.objects.filter(pk=item.current_round_id).update(supervisor_member=chair, supervisor_leader="")
    posted = {"date": day, "form": form, "text": words}
    signed_in(client, "fuzz-staff")
    with each_example():
        before = counts(SupervisionNote)
        response = client.post(
            reverse("admin:suggestions_suggestion_supervision_note", args=[item.pk]), posted
        )
        after = counts(SupervisionNote)
        if assert_answered(response, "form", posted, before, after):
            note = SupervisionNote.objects.get()
            assert note.text == words.strip() and note.on_behalf


# ---- public forms --------------------------------------------------------------------------


@FUZZ
@given(
    page=st.sampled_from(["login", "admin:login"]),
    username=st.one_of(st.just("fuzz-deputy"), text),
    password=text,
    next_page=st.one_of(st.just(""), text),
)
@example(page="login", username="乌审召镇" * 100, password="x", next_page="")  # longer than axes' column
def test_signing_in(client, people, page, username, password, next_page):
    posted = {"username": username, "password": password, "next": next_page}
    with each_example():
        response = client.post(reverse(page), posted)
        assert response.status_code in (200, 429)  # the form again, or a lockout
        assert "_auth_user_id" not in client.session
        form = response.context["form"]
        for name in ("username", "password"):
            if "\x00" in posted[name]:
                assert name in form.errors


@FUZZ
@given(
    content=st.one_of(st.text(min_size=5, max_size=500).filter(lambda value: len(value.strip()) >= 5), text),
    category=st.one_of(st.sampled_from(OpinionCategory.values), text),
    name=st.one_of(st.just(""), st.text(max_size=50), text),
    phone=st.one_of(st.just(""), st.from_regex(r"\A1[3-9]\d{9}\Z"), number),
    deputy=st.one_of(st.just(""), st.just("addressed"), number),
)
def test_sending_a_voters_opinion(client, people, content, category, name, phone, deputy):
    if deputy == "addressed":
        deputy = str(people["deputy"].pk)
    posted = {
        "content": content,
        "category": category,
        "voter_name": name,
        "voter_contact": phone,
        "deputy": deputy,
        "website": "",
    }
    with each_example():
        before = counts(VoterOpinion)
        response = client.post(reverse("opinions:new"), posted)
        after = counts(VoterOpinion)
        if assert_answered(response, "form", posted, before, after):
            assert after[VoterOpinion.__name__] == before[VoterOpinion.__name__] + 1
            assert VoterOpinion.objects.latest("pk").content == content.strip()


@FUZZ
@given(code=st.one_of(st.just("the real one"), text))
def test_looking_up_an_opinion(client, people, code):
    if code == "the real one":
        code = VoterOpinion.objects.create(content="村口路灯不亮。", code="K7M2Q9XA").code.lower()
    with each_example():
        response = client.post(reverse("opinions:lookup"), {"code": code})
        assert response.status_code == 200
        form = response.context["form"]
        if "\x00" in code:
            assert "code" in form.errors


# ---- spreadsheet imports ---------------------------------------------------------------------


def cell_value():
    """What a cell of an .xlsx file can hold (no control characters: XML cannot carry them)."""
    return st.one_of(
        text.map(lambda value: ILLEGAL_CHARACTERS_RE.sub("", value)[:5000]),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(allow_nan=False),
        st.sampled_from([10**300 * 1.0, -0.0, 1e-300, True, False]),
        st.dates(),
        st.datetimes(),
    )


def workbook(headers, rows) -> bytes:
    return xlsx(rows, headers, title="标题行：导入测试")


# A message naming an Excel row, or one about the whole file (no header row, not a workbook).
ROW_MESSAGE = re.compile(r"^Row \d+")
SHEET_MESSAGES = ("The sheet has no header row", "This file is not an Excel workbook")


def assert_imported_or_refused(report, before, after, rows: int, models=()):
    event("refused" if report.errors else "imported")
    if report.errors:
        assert after == before, "a refused import wrote something"
        for message in report.errors:
            assert ROW_MESSAGE.match(message) or message.startswith(SHEET_MESSAGES), message
            assert "Traceback" not in message and "<class" not in message, message
    else:
        assert report.created + report.updated + report.skipped == rows
        assert_fits_columns(*models)


def assert_fits_columns(*models):
    """What was stored fits its columns (SQLite would keep a longer text that PostgreSQL refuses)."""
    for model in models:
        for field in model._meta.concrete_fields:
            if isinstance(field, CharField) and field.max_length:
                values = model._default_manager.values_list(field.attname, flat=True)
                too_long = [v for v in values if v and len(v) > field.max_length]
                assert not too_long, (
                    f"{model.__name__}.{field.name} holds more than {field.max_length} characters"
                )


def spoil(rows, changes):
    """Put the hostile values ``changes`` [(row, column, value)] into copies of ``rows``."""
    rows = [list(row) for row in rows]
    for row, column, value in changes:
        rows[row % len(rows)][column % len(rows[0])] = value
    return rows


changes = st.lists(st.tuples(st.integers(0, 1), st.integers(0, 20), cell_value()), min_size=1, max_size=4)

ROSTER_HEADERS = [
    "序号",
    "姓名",
    "性别",
    "民族",
    "出生年月",
    "政治面貌",
    "文化程度",
    "工作单位及职务",
    "选区",
    "联系电话",
    "兼任",
]
ROSTER = [
    [
        1,
        "巴特尔",
        "男",
        "蒙古族",
        "1975.03",
        "中共党员",
        "大专",
        "查汗庙嘎查党支部书记",
        "第一选区",
        "13912345678",
        "旗人大代表",
    ],
    [
        2,
        "刘海燕",
        "女",
        "汉族",
        "1982年11月",
        "群众",
        "本科",
        "乌审召镇中心校教师",
        "第二选区",
        "13987654321",
        "",
    ],
]


@FUZZ
@given(changes=changes)
def test_importing_a_roster(people, term, changes):
    rows = spoil(ROSTER, changes)
    with each_example(), translation.override("en"):
        before = counts(Deputy, Constituency)
        report = run_import(RosterResource(term=term), workbook(ROSTER_HEADERS, rows))
        assert_imported_or_refused(
            report, before, counts(Deputy, Constituency), len(rows), [Deputy, Constituency]
        )


CANDIDATE_HEADERS = [
    "序号",
    "项目名称",
    "类别",
    "建设地点",
    "预计投资(万元)",
    "资金来源",
    "责任单位",
    "计划开工",
    "计划完工",
    "来源",
]
CANDIDATES = [
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
        "综合保障中心",
        "2022-05-09",
        "2022.06.30",
        "代表",
    ],
]


@pytest.fixture
def plan(db, term):
    return PlanFactory(number_to_choose=2, session__term=term)


@FUZZ
@given(changes=changes)
@example(changes=[(0, 4, 1e26)])  # too large an amount for Decimal's precision
def test_importing_livelihood_candidates(plan, changes):
    rows = spoil(CANDIDATES, changes)
    with each_example(), translation.override("en"):
        before = counts(Candidate)
        report = run_import(CandidateResource(plan=plan), workbook(CANDIDATE_HEADERS, rows))
        assert_imported_or_refused(report, before, counts(Candidate), len(rows), [Candidate])


LEDGER_HEADERS = [*LEDGER_SHEET_HEADERS, "收到日期"]  # the ledger as exported, with the date received
LEDGER = [
    [
        1,
        "2022-003",
        "关于翻修供水管道的建议",
        "管道老化。",
        "会议期间",
        "乌云其其格",
        "",
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
        "2022-01-14",
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
        "2022-04-20",
    ],
]


@FUZZ
@given(changes=changes)
@example(changes=[(0, 9, 1e100)])  # a "leader" of 101 digits: longer than the round's column
def test_importing_a_suggestion_ledger(people, changes):
    rows = spoil(LEDGER, changes)
    with each_example(), translation.override("en"):
        written = [Suggestion, SuggestionEvent, Round, Reply, Evaluation, Contact]
        before = counts(*written)
        report = run_import(LedgerResource(actor=people["staff"]), workbook(LEDGER_HEADERS, rows))
        assert_imported_or_refused(report, before, counts(*written), len(rows), written)


@FUZZ
@given(content=st.one_of(st.binary(max_size=2000), st.sampled_from([b"", b"PK\x03\x04" + b"\x00" * 100])))
def test_importing_a_file_that_is_no_workbook(people, term, content):
    with each_example(), translation.override("en"):
        before = counts(Deputy)
        report = run_import(RosterResource(term=term), content)
        assert report.errors
        assert_imported_or_refused(report, before, counts(Deputy), 0)
