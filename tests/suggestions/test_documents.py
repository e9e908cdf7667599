"""The paper of a suggestion: notices, evaluation forms, reply letters and the ledger, opened as Word files."""

from __future__ import annotations

import datetime
import io
from urllib.parse import quote

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from congress.roles import Role
from suggestions import workflow
from suggestions.choices import ContactForm, Rating, State, Transition
from tests.factories import SessionFactory, TownshipProfileFactory, UserFactory

from .factories import register

pytestmark = pytest.mark.django_db

D = datetime.date
CHANGELIST = "admin:suggestions_suggestion_changelist"
REPLY = "经研究，翻修查汗庙嘎查集中供水管道事项已协调落实。\n管道已于6月全部更换，冬季不再冻裂。"


def document_url(item, kind):
    return reverse("admin:suggestions_suggestion_document", args=[item.pk, kind])


def word(response) -> docx.document.Document:
    assert response.status_code == 200, response
    assert response["Content-Type"].endswith("wordprocessingml.document")
    return docx.Document(io.BytesIO(response.content))


def text_of(document) -> str:
    """Every paragraph, in the body and in table cells, one per line."""
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) not in seen:  # a merged cell appears once per column it spans
                    seen.add(id(cell._tc))
                    lines.append(cell.text)
    return "\n".join(lines)


def sections_text(document) -> list[str]:
    """The text of each section (a document of a batch), in order."""
    parts, current = [], []
    for block in document.element.body:
        if block.tag == qn("w:p"):
            current.append("".join(t.text or "" for t in block.iter(qn("w:t"))))
            if block.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
                parts.append("\n".join(current))
                current = []
        elif block.tag == qn("w:tbl"):
            current.append("".join(t.text or "" for t in block.iter(qn("w:t"))))
    parts.append("\n".join(current))
    return parts


@pytest.fixture
def profile(db):
    return TownshipProfileFactory(office_contact="张晓燕", office_phone="0477-1234567")


@pytest.fixture
def session(term):
    return SessionFactory(term=term, ordinal=2, start_date=D(2022, 1, 14), end_date=D(2022, 1, 14))


@pytest.fixture
def assign(staff, unit, chair):
    def assign_item(item, *, co_units=(), key=False):
        workflow.apply(
            item,
            Transition.ASSIGN,
            actor=staff,
            lead_unit=unit,
            co_units=list(co_units),
            assigned_on=D(2022, 1, 20),
            deadline=D(2022, 4, 20),
            supervisor_member=chair,
            key_supervision=key,
        )
        return item

    return assign_item


@pytest.fixture
def reply(staff):
    def reply_to(item, text=REPLY, result_class="A"):
        workflow.apply(
            item, Transition.START, actor=staff, form=ContactForm.IN_PERSON, contacted_on=D(2022, 2, 1)
        )
        workflow.apply(
            item,
            Transition.REPLY,
            actor=staff,
            text=text,
            result_class=result_class,
            replied_on=D(2022, 3, 1),
        )
        return item

    return reply_to


@pytest.fixture
def item(profile, staff, lead_deputy, co_signer, session, assign, co_unit):
    """2022-001: raised at the session by 乌云其其格 with 阿拉坦, assigned to a lead and a co-handling unit."""
    suggestion = register(
        staff,
        co_signers=[co_signer],
        lead_deputy=lead_deputy,
        session=session,
        title="关于翻修查汗庙嘎查集中供水管道的建议",
        content="查汗庙嘎查集中供水管道老化，冬季多次冻裂停水。",
        received_on=D(2022, 1, 14),
    )
    return assign(suggestion, co_units=[co_unit], key=True)


@pytest.fixture
def replied(item, reply):
    return reply(item)


# ---- 交办通知书 ---------------------------------------------------------------------------------------


def test_the_notice_names_the_township_number_deputy_units_deadline_and_supervisor(staff_client_for, item):
    document = word(staff_client_for().get(document_url(item, "notice")))
    lead_notice = sections_text(document)[0]
    assert "乌审召镇人大主席团" in lead_notice  # the head and the signature
    assert "编号：2022-001" in lead_notice
    assert "代表建议交办通知书" in lead_notice
    assert "镇农业综合服务中心：" in lead_notice
    assert (
        "乌云其其格代表在乌审召镇第四届人民代表大会第二次会议期间提出的《关于翻修查汗庙嘎查集中供水管道的建议》"
        in lead_notice
    )
    assert "现交由你单位主办，查汗庙嘎查协办" in lead_notice
    assert "于2022年4月20日前书面答复乌云其其格代表" in lead_notice
    assert "阿拉坦" in lead_notice  # co-signing deputy
    assert "王宝平（重点督办）" in lead_notice
    assert "查汗庙嘎查集中供水管道老化" in lead_notice  # the content
    assert "2022年1月20日" in lead_notice  # assigned on, the notice's date
    assert "（联系人：张晓燕；联系电话：0477-1234567）" in lead_notice


def test_each_unit_gets_its_own_notice_on_a_new_page_numbered_from_one(staff_client_for, item):
    document = word(staff_client_for().get(document_url(item, "notice")))
    lead, co = sections_text(document)
    assert lead.count("你单位主办") == 1 and "你单位协办" not in lead
    assert "查汗庙嘎查：" in co
    assert "现交由镇农业综合服务中心主办，你单位协办" in co
    assert len(document.sections) == 2
    for section in document.sections:
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        assert section.footer.paragraphs[0].text == "— 1 —"  # the PAGE field, linked to the first


def test_an_item_not_yet_assigned_has_no_notice(staff_client_for, profile, staff, lead_deputy):
    item = register(staff, lead_deputy=lead_deputy)
    client = staff_client_for()
    change = client.get(reverse("admin:suggestions_suggestion_change", args=[item.pk])).content.decode()
    assert "document-link" not in change
    response = client.get(document_url(item, "notice"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:suggestions_suggestion_change", args=[item.pk])
    assert "尚未交办承办单位" in response.content.decode()


def test_the_change_page_links_the_documents_the_round_can_print(staff_client_for, item, reply):
    client = staff_client_for()
    change_url = reverse("admin:suggestions_suggestion_change", args=[item.pk])
    assert client.get(change_url).content.decode().count('class="document-link"') == 1  # the notice
    reply(item)
    html = client.get(change_url).content.decode()
    for kind, label in (
        ("notice", "交办通知书"),
        ("evaluation-form", "征询意见表"),
        ("reply-letter", "答复函"),
    ):
        assert f'<a class="document-link" href="{document_url(item, kind)}">{label}（Word）</a>' in html


def test_a_handed_down_item_names_its_proposer(staff_client_for, profile, staff, assign):
    item = assign(
        register(
            staff,
            external_proposer="旗政协委员（农牧业界别）",
            source="banner_cppcc",
            title="关于扶持肉牛产业发展的提案",
            received_on=D(2022, 2, 18),
        )
    )
    text = text_of(word(staff_client_for().get(document_url(item, "notice"))))
    assert "旗政协委员提案交办通知书" in text
    assert "旗政协委员（农牧业界别）于2022年2月18日提出的《关于扶持肉牛产业发展的提案》" in text
    assert "提出人" in text and "附议代表" not in text


# ---- 征询意见表 ---------------------------------------------------------------------------------------


def test_the_evaluation_form_has_the_reply_its_class_and_the_three_choices(staff_client_for, replied):
    text = text_of(word(staff_client_for().get(document_url(replied, "evaluation-form"))))
    assert "代表建议办理情况征询意见表" in text
    assert "编号：2022-001" in text
    assert "乌云其其格" in text and "镇农业综合服务中心" in text and "查汗庙嘎查" in text
    assert "2022年3月1日" in text  # replied on
    assert "A类：已经解决或基本解决" in text
    assert "经研究，翻修查汗庙嘎查集中供水管道事项已协调落实。管道已于6月全部更换" in text
    assert "□满意　　□基本满意　　□不满意" in text
    assert "意见和建议" in text and "签名" in text and "年　　月　　日" in text
    assert "代为录入" in text  # the office enters the marks on the deputy's behalf


def test_a_long_reply_is_cut_on_the_form_and_whole_in_the_letter(staff_client_for, item, reply):
    long_text = "答复正文。" * 100
    reply(item, text=long_text)
    client = staff_client_for()
    form = text_of(word(client.get(document_url(item, "evaluation-form"))))
    assert "……（详见答复函）" in form and long_text not in form
    assert long_text in text_of(word(client.get(document_url(item, "reply-letter"))))


def test_an_item_without_a_reply_has_no_form_or_letter(staff_client_for, item):
    client = staff_client_for()
    for kind in ("evaluation-form", "reply-letter"):
        response = client.get(document_url(item, kind))
        assert response.status_code == 302 and response["Location"].endswith(f"/{item.pk}/change/")


# ---- 答复函 -----------------------------------------------------------------------------------------


def test_the_reply_letter_is_the_units_reply_to_the_deputy_ready_to_sign(staff_client_for, replied, unit):
    document = word(staff_client_for().get(document_url(replied, "reply-letter")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0].startswith("A类") and "签发人：" in texts[0]
    assert texts[1] == "镇农业综合服务中心"  # the unit's head
    assert "关于第2022-001号代表建议的答复" in texts
    assert "乌云其其格代表：" in texts
    assert "您提出的《关于翻修查汗庙嘎查集中供水管道的建议》收悉，现答复如下：" in texts
    assert "经研究，翻修查汗庙嘎查集中供水管道事项已协调落实。" in texts
    assert "管道已于6月全部更换，冬季不再冻裂。" in texts  # one paragraph per line of the reply
    signature = texts.index("镇农业综合服务中心", 2)
    assert texts[signature - 2 : signature] == ["", ""]  # room for the seal
    assert texts[signature + 1] == "2022年3月1日"
    assert f"（联系人：{unit.contact_person}；联系电话：{unit.contact_phone}）" in texts
    assert texts[-1] == "抄送：乌审召镇人大主席团。"


def test_a_second_rounds_letter_says_the_item_was_handled_again(staff_client_for, replied, staff, reply):
    workflow.apply(replied, Transition.EVALUATE, actor=staff, rating=Rating.UNSATISFIED, comment="没有解决。")
    workflow.apply(
        replied, Transition.REHANDLE, actor=staff, assigned_on=D(2022, 4, 1), deadline=D(2022, 6, 30)
    )
    replied.refresh_from_db()
    workflow.apply(
        replied,
        Transition.REPLY,
        actor=staff,
        text="已重新办理。",
        result_class="A",
        replied_on=D(2022, 5, 1),
    )
    text = text_of(word(staff_client_for().get(document_url(replied, "reply-letter"))))
    assert "重新研究办理" in text and "已重新办理。" in text


# ---- a batch from the ledger's selection ------------------------------------------------------


def act(client, action, items):
    return client.post(
        reverse(CHANGELIST), {"action": action, "_selected_action": [i.pk for i in items], "index": 0}
    )


def test_the_batch_puts_every_selected_items_notices_in_one_file(
    staff_client_for, item, staff, lead_deputy, assign
):
    second = assign(register(staff, lead_deputy=lead_deputy, title="关于修缮嘎查道路的建议"))
    response = act(staff_client_for(), "print_notices", [second, item])
    document = word(response)
    parts = sections_text(document)
    assert len(parts) == 3  # 2022-001 to its two units, then 2022-002 to its one
    assert "编号：2022-001" in parts[0] and "编号：2022-001" in parts[1] and "编号：2022-002" in parts[2]
    disposition = response["Content-Disposition"]
    assert f"filename*=utf-8''{quote('交办通知书-2022-001等2件.docx')}" in disposition
    assert disposition.startswith('attachment; filename="2022-001-2.docx"; ')


def test_the_batch_skips_and_names_the_items_it_cannot_print(
    staff_client_for, item, staff, lead_deputy, reply
):
    waiting = register(staff, lead_deputy=lead_deputy, title="关于修缮嘎查道路的建议")
    reply(item)
    client = staff_client_for()
    document = word(act(client, "print_evaluation_forms", [item, waiting]))
    assert len(document.sections) == 1 and "编号：2022-001" in text_of(document)
    messages = [str(m) for m in client.get(reverse(CHANGELIST)).context["messages"]]
    assert messages == ["未打印：2022-002尚未交办承办单位。"]
    # Nothing printable: back to the list with the reason.
    response = act(client, "print_notices", [waiting])
    assert response.status_code == 302


def test_presidium_members_may_print_a_batch(client, item):
    client.force_login(UserFactory(username="member-printing", role=Role.MEMBER))
    assert "编号：2022-001" in text_of(word(act(client, "print_notices", [item])))
    assert client.get(document_url(item, "notice")).status_code == 200


@pytest.mark.parametrize("role", [Role.DEPUTY, Role.UNIT])
def test_deputies_and_units_cannot_print_from_the_admin(client, item, role):
    client.force_login(UserFactory(username=f"printing-{role.value}", role=role))
    for response in (act(client, "print_notices", [item]), client.get(document_url(item, "notice"))):
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


# ---- 建议办理台账 ------------------------------------------------------------------------------------


def test_the_ledger_is_the_years_items_in_a_landscape_table(
    staff_client_for, replied, staff, lead_deputy, assign
):
    later = assign(register(staff, lead_deputy=lead_deputy, title="2023年的建议", received_on=D(2023, 2, 1)))
    url = reverse("admin:suggestions_suggestion_ledger_word") + "?year=2022"
    response = staff_client_for().get(url)
    document = word(response)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert [round(section.page_width.mm), round(section.page_height.mm)] == [297, 210]
    assert document.paragraphs[0].text == "乌审召镇2022年代表建议办理台账"
    assert "共1件" in document.paragraphs[1].text
    table = document.tables[0]
    assert table.rows[0].cells[1].text == "编号"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    row = [cell.text for cell in table.rows[1].cells]
    assert row[:6] == ["1", "2022-001", replied.title, "乌云其其格", "镇农业综合服务中心", "查汗庙嘎查"]
    assert row[6:] == ["王宝平", "2022-04-20", "2022-03-01\nA", "", "已答复"]
    assert later.number not in text_of(document)
    assert f"filename*=utf-8''{quote('建议办理台账-2022.docx')}" in response["Content-Disposition"]


def test_the_ledger_follows_the_lists_filter(staff_client_for, replied, staff, lead_deputy, other_unit):
    other = register(staff, lead_deputy=lead_deputy, title="关于调解草场纠纷的建议")
    workflow.apply(
        other,
        Transition.ASSIGN,
        actor=staff,
        lead_unit=other_unit,
        assigned_on=D(2022, 1, 20),
        supervisor_leader="镇长",
    )
    url = reverse("admin:suggestions_suggestion_ledger_word") + f"?unit={other_unit.pk}&state__exact=assigned"
    document = word(staff_client_for().get(url))
    assert document.paragraphs[0].text == "乌审召镇代表建议办理台账"
    assert (
        "主办单位：镇综治办" in document.paragraphs[1].text and "状态：已交办" in document.paragraphs[1].text
    )
    text = text_of(document)
    assert other.title in text and replied.title not in text


def test_the_ledger_page_links_the_word_ledger_with_its_filter(staff_client_for, replied):
    html = staff_client_for().get(reverse(CHANGELIST) + "?year=2022").content.decode()
    assert f'href="{reverse("admin:suggestions_suggestion_ledger_word")}?year=2022"' in html


def test_an_empty_ledger_says_so(staff_client_for, profile):
    document = word(
        staff_client_for().get(reverse("admin:suggestions_suggestion_ledger_word") + "?year=2030")
    )
    assert "共0件" in document.paragraphs[1].text
    assert document.tables[0].rows[1].cells[0].text == "无记录。"


# ---- the unit's portal ----------------------------------------------------------------------------


def unit_url(item, kind):
    return reverse("suggestions:unit_document", args=[item.pk, kind])


def test_a_unit_prints_its_own_notice_and_as_lead_unit_its_reply_letter(
    client, replied, unit_user, co_unit_user
):
    client.force_login(unit_user)
    page = client.get(reverse("suggestions:unit_detail", args=[replied.pk])).content.decode()
    assert unit_url(replied, "notice") in page and unit_url(replied, "reply-letter") in page
    notice = sections_text(word(client.get(unit_url(replied, "notice"))))
    assert len(notice) == 1 and "镇农业综合服务中心：" in notice[0]  # its own, not the co-unit's
    assert "镇农业综合服务中心" in text_of(word(client.get(unit_url(replied, "reply-letter"))))

    client.force_login(co_unit_user)
    notice = sections_text(word(client.get(unit_url(replied, "notice"))))
    assert len(notice) == 1 and "查汗庙嘎查：" in notice[0]
    assert client.get(unit_url(replied, "reply-letter")).status_code == 404  # the lead unit's letter


def test_another_unit_or_a_deputy_gets_404(client, replied, other_unit_user, lead_user):
    for user in (other_unit_user, lead_user):
        client.force_login(user)
        for kind in ("notice", "reply-letter", "evaluation-form", "nothing"):
            assert client.get(unit_url(replied, kind)).status_code == 404


# ---- language, names and cost -----------------------------------------------------------------


def test_documents_print_in_chinese_for_a_reader_of_the_english_site(staff_client_for, item):
    client = staff_client_for()
    client.cookies["django_language"] = "en"
    text = text_of(word(client.get(document_url(item, "notice"), HTTP_ACCEPT_LANGUAGE="en")))
    assert "代表建议交办通知书" in text and "Notice" not in text


def test_the_file_is_named_in_chinese_with_an_ascii_fallback(staff_client_for, item):
    disposition = staff_client_for().get(document_url(item, "notice"))["Content-Disposition"]
    assert disposition == (
        f"attachment; filename=\"2022-001.docx\"; filename*=utf-8''{quote('交办通知书-2022-001.docx')}"
    )


def make_items(count, staff, lead_deputy, assign, reply, co_unit):
    items = []
    for n in range(count):
        item = assign(
            register(staff, lead_deputy=lead_deputy, title=f"关于第{n}件事的建议"), co_units=[co_unit]
        )
        items.append(reply(item))
    return items


@pytest.mark.parametrize("action", ["print_notices", "print_evaluation_forms"])
def test_a_batch_costs_the_same_queries_for_three_items_or_nine(
    staff_client_for, profile, staff, lead_deputy, assign, reply, co_unit, action
):
    client = staff_client_for()
    client.get(reverse(CHANGELIST))  # the session and the content types, once
    items = make_items(3, staff, lead_deputy, assign, reply, co_unit)
    with CaptureQueriesContext(connection) as small:
        word(act(client, action, items))
    items += make_items(6, staff, lead_deputy, assign, reply, co_unit)
    with CaptureQueriesContext(connection) as large:
        assert len(sections_text(word(act(client, action, items)))) >= 9
    assert len(large) == len(small)


def test_the_ledger_costs_the_same_queries_for_three_items_or_nine(
    staff_client_for, profile, staff, lead_deputy, assign, reply, co_unit
):
    client = staff_client_for()
    url = reverse("admin:suggestions_suggestion_ledger_word") + "?year=2022"
    client.get(url)
    make_items(3, staff, lead_deputy, assign, reply, co_unit)
    with CaptureQueriesContext(connection) as small:
        word(client.get(url))
    make_items(6, staff, lead_deputy, assign, reply, co_unit)
    with CaptureQueriesContext(connection) as large:
        assert len(word(client.get(url)).tables[0].rows) == 10
    assert len(large) == len(small)


def test_state_labels_in_the_ledger_follow_the_workflow(staff_client_for, replied, staff):
    workflow.apply(replied, Transition.EVALUATE, actor=staff, rating=Rating.BASICALLY_SATISFIED)
    workflow.apply(replied, Transition.CLOSE, actor=staff)
    replied.refresh_from_db()
    assert replied.state == State.CLOSED
    document = word(
        staff_client_for().get(reverse("admin:suggestions_suggestion_ledger_word") + "?year=2022")
    )
    assert [c.text for c in document.tables[0].rows[1].cells][-2:] == ["基本满意", "已办结"]


def test_text_typed_or_imported_with_markup_or_control_characters_prints_as_typed(
    staff_client_for, item, reply
):
    reply(item, text="第一段<b>&amp;\x0b“引号”\n\x01第二段")
    client = staff_client_for()
    letter = text_of(word(client.get(document_url(item, "reply-letter"))))
    # A vertical tab (Word's and Excel's line break inside a cell) starts a new paragraph, as \n does.
    assert "\n第一段<b>&amp;\n“引号”\n第二段\n" in letter
    ledger = text_of(word(client.get(reverse("admin:suggestions_suggestion_ledger_word") + "?year=2022")))
    assert item.number in ledger
