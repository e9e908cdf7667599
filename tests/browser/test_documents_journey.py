"""Staff print the paper of the suggestion work from the ledger (1280 px): a batch of assignment notices for
the selected items, one item's notice from its page, and the year's ledger in Word."""

import datetime

import docx

from congress.roles import Role
from suggestions import workflow
from suggestions.choices import Transition
from tests.factories import DeputyFactory, TownshipProfileFactory, UserFactory
from tests.suggestions.factories import HandlingUnitFactory, register

D = datetime.date


def assigned(staff, deputy, title, lead, co_units=()):
    item = register(staff, lead_deputy=deputy, title=title, received_on=D(2022, 1, 14))
    workflow.apply(
        item,
        Transition.ASSIGN,
        actor=staff,
        lead_unit=lead,
        co_units=list(co_units),
        assigned_on=D(2022, 1, 20),
        deadline=D(2022, 4, 20),
        supervisor_leader="镇长",
    )
    return item


def sections(path) -> list[str]:
    """Each notice of the file: the text up to its section break."""
    document = docx.Document(path)
    texts, current = [], []
    for paragraph in document.paragraphs:
        current.append(paragraph.text)
        if paragraph._p.pPr is not None and paragraph._p.pPr.sectPr is not None:
            texts.append("\n".join(current))
            current = []
    return [*texts, "\n".join(current)]


def test_staff_print_a_batch_of_notices_from_the_ledger(
    page, live_server, sign_in, screenshot, term, password
):
    TownshipProfileFactory(office_contact="张晓燕", office_phone="0477-1234567")
    staff = UserFactory(username="renda", role=Role.STAFF)
    deputy = DeputyFactory(term=term, name="乌云其其格")
    agriculture = HandlingUnitFactory(name="镇农业综合服务中心")
    village = HandlingUnitFactory(name="查汗庙嘎查", kind="village")
    first = assigned(staff, deputy, "关于翻修查汗庙嘎查集中供水管道的建议", agriculture, [village])
    second = assigned(staff, deputy, "关于开展肉牛冻精改良技术培训的建议", agriculture)
    assigned(staff, deputy, "关于修缮嘎查道路的建议", village)  # not selected

    sign_in(page, "renda", password)
    page.goto(f"{live_server.url}/admin/suggestions/suggestion/?year=2022")
    page.check(f"input.action-select[value='{first.pk}']")
    page.check(f"input.action-select[value='{second.pk}']")
    page.select_option("select[name=action]", label="打印交办通知书（Word）")
    screenshot(page, "ledger-selection")
    with page.expect_download() as download:
        page.click("button[name=index]")
    assert download.value.suggested_filename == "交办通知书-2022-001等2件.docx"
    notices = sections(download.value.path())
    assert len(notices) == 3  # 2022-001 to its lead and co-handling unit, 2022-002 to its lead unit
    assert notices[0].startswith(
        "乌审召镇人大主席团\n编号：2022-001\n代表建议交办通知书\n镇农业综合服务中心："
    )
    assert "查汗庙嘎查：" in notices[1] and "你单位协办" in notices[1]
    assert "编号：2022-002" in notices[2] and "关于开展肉牛冻精改良技术培训的建议" in notices[2]
    assert "关于修缮嘎查道路的建议" not in "".join(notices)

    # One item's notice from its page.
    page.goto(f"{live_server.url}/admin/suggestions/suggestion/{second.pk}/change/")
    link = page.locator("a.document-link")
    assert link.all_text_contents() == ["交办通知书（Word）"]  # no reply yet: no form, no letter
    screenshot(page, "change-page")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "交办通知书-2022-002.docx"

    # The year's ledger in Word, as the list is filtered.
    page.goto(f"{live_server.url}/admin/suggestions/suggestion/?year=2022")
    with page.expect_download() as download:
        page.click(".ledger-print a")
    assert download.value.suggested_filename == "建议办理台账-2022.docx"
    ledger = docx.Document(download.value.path())
    assert ledger.paragraphs[0].text == "乌审召镇2022年代表建议办理台账"
    assert len(ledger.tables[0].rows) == 4  # the head and three items


def test_a_unit_prints_its_notice_from_the_portal_on_a_phone(
    phone_page, live_server, sign_in, screenshot, term, password
):
    TownshipProfileFactory()
    staff = UserFactory(username="renda", role=Role.STAFF)
    unit_user = UserFactory(username="nongye", role=Role.UNIT)
    agriculture = HandlingUnitFactory(name="镇农业综合服务中心", users=[unit_user])
    item = assigned(
        staff, DeputyFactory(term=term, name="乌云其其格"), "关于开展肉牛冻精改良技术培训的建议", agriculture
    )

    sign_in(phone_page, "nongye", password, admin=False)
    phone_page.goto(f"{live_server.url}/suggestions/unit/{item.pk}/")
    buttons = phone_page.locator("a[href*='/documents/']")
    assert buttons.all_inner_texts() == ["交办通知书（Word）"]  # the reply letter once the unit has replied
    screenshot(phone_page, "unit-item")
    with phone_page.expect_download() as download:
        buttons.first.click()
    assert download.value.suggested_filename == "交办通知书-2022-001.docx"
    assert "镇农业综合服务中心：" in [p.text for p in docx.Document(download.value.path()).paragraphs]
