"""The rules with a time or a person attached, in the browser (admin at 1280 px, the unit's portal on a
phone): the supervising member's notes, the unit's 7 working days to return an item, and closing an
outside proposer's item 30 days after an unrated reply."""

import datetime

from django.utils import timezone

from congress.roles import Role
from suggestions import workflow
from suggestions.choices import ContactForm, Source, State, Transition
from suggestions.models import Suggestion
from tests.factories import DeputyFactory, PresidiumMembershipFactory, TownshipProfileFactory, UserFactory
from tests.suggestions.factories import HandlingUnitFactory, advance, register


def assigned(staff, unit, *, days_ago, title, **fields):
    item = register(
        staff, title=title, received_on=timezone.localdate() - datetime.timedelta(days=days_ago), **fields
    )
    workflow.apply(
        item,
        Transition.ASSIGN,
        actor=staff,
        lead_unit=unit,
        assigned_on=item.received_on,
        **({} if "supervisor_member" in fields else {"supervisor_leader": "镇长"}),
    )
    return item


def test_the_supervising_member_writes_a_note_and_the_unit_reads_it(
    page, phone_page, live_server, sign_in, screenshot, term, password
):
    TownshipProfileFactory()
    staff = UserFactory(username="renda", role=Role.STAFF)
    member = UserFactory(username="siqin", role=Role.MEMBER)
    seat = PresidiumMembershipFactory(term=term, role="vice_chair", deputy__name="斯琴", deputy__user=member)
    unit_user = UserFactory(username="nongye", role=Role.UNIT)
    unit = HandlingUnitFactory(name="镇农业综合服务中心", users=[unit_user])
    item = register(staff, title="关于开展肉牛冻精改良技术培训的建议", lead_deputy=DeputyFactory(term=term))
    workflow.apply(
        item,
        Transition.ASSIGN,
        actor=staff,
        lead_unit=unit,
        assigned_on=timezone.localdate() - datetime.timedelta(days=20),
        supervisor_member=seat,
        key_supervision=True,
    )

    sign_in(page, "siqin", password)
    page.goto(f"{live_server.url}/admin/suggestions/suggestion/{item.pk}/change/")
    assert page.locator("input[name=_save]").count() == 0  # members read the item, they do not edit it
    with page.expect_navigation():
        page.click("a.supervision-note-link")
    page.check("input[name=form][value=visit]")
    page.fill("#id_text", "到巴音陶勒盖嘎查实地了解培训场地和牧户报名情况，督促承办单位尽快制定培训方案。")
    screenshot(page, "write")
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.locator(".messagelist .success").count() == 1
    latest = page.locator(".field-latest_supervision").inner_text()
    assert "实地督查（斯琴）" in latest and "今天" in latest
    assert "到巴音陶勒盖嘎查实地了解" in page.locator("#timeline").inner_text()
    screenshot(page, "item")

    sign_in(phone_page, "nongye", password, admin=False)
    phone_page.goto(f"{live_server.url}/suggestions/unit/{item.pk}/")
    notes = phone_page.locator(".supervision-notes")
    assert "实地督查" in notes.inner_text() and "斯琴" in notes.inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone_page, "unit")


def test_the_unit_returns_within_seven_working_days_and_no_later(
    phone_page, live_server, sign_in, screenshot, term, password
):
    TownshipProfileFactory()
    staff = UserFactory(username="renda", role=Role.STAFF, password=None)
    unit_user = UserFactory(username="nongye", role=Role.UNIT)
    unit = HandlingUnitFactory(name="镇农业综合服务中心", users=[unit_user])
    deputy = DeputyFactory(term=term)
    fresh = assigned(staff, unit, days_ago=0, title="关于修缮牧道的建议", lead_deputy=deputy)
    late = assigned(staff, unit, days_ago=30, title="关于调整医保报销比例的建议", lead_deputy=deputy)

    sign_in(phone_page, "nongye", password, admin=False)
    phone_page.goto(f"{live_server.url}/suggestions/unit/{late.pk}/")
    assert phone_page.locator("textarea[name=return-reason]").count() == 0
    assert "退办期限已于" in phone_page.locator(".return-closed").inner_text()
    screenshot(phone_page, "too-late")

    phone_page.goto(f"{live_server.url}/suggestions/unit/{fresh.pk}/")
    assert "截至" in phone_page.locator(".return-until").inner_text()
    phone_page.fill("textarea[name=return-reason]", "属旗级交通部门事权，不属本单位职责。")
    screenshot(phone_page, "return")
    with phone_page.expect_navigation():
        phone_page.click("button:text-is('退回人大办')")
    assert Suggestion.objects.get(pk=fresh.pk).state == State.REGISTERED
    assert Suggestion.objects.get(pk=late.pk).state == State.ASSIGNED


def test_staff_close_an_outside_proposers_unrated_reply_with_the_reason(
    page, live_server, sign_in, screenshot, term, password
):
    TownshipProfileFactory()
    staff = UserFactory(username="renda", role=Role.STAFF)
    unit = HandlingUnitFactory(name="镇社会事务办公室")
    item = assigned(
        staff,
        unit,
        days_ago=90,
        title="关于完善牧区养老服务的提案",
        external_proposer="旗政协委员（社会福利界别）",
        source=Source.BANNER_CPPCC,
    )
    workflow.apply(item, Transition.START, actor=staff, form=ContactForm.PHONE)
    advance(
        item,
        State.REPLIED,
        actor=staff,
        unit=unit,
        replied_on=timezone.localdate() - datetime.timedelta(days=31),
    )

    sign_in(page, "renda", password)
    page.goto(f"{live_server.url}/admin/suggestions/suggestion/?closable=1")
    assert page.locator("#result_list tbody tr").count() == 1
    with page.expect_navigation():
        page.click("#result_list tbody tr th a")
    with page.expect_navigation():
        page.click(".object-tools a:text-is('办结')")
    with page.expect_navigation():
        page.click("input[name=_transition]")  # no reason: refused, the field says why
    assert page.locator(".field-reason .errorlist").count() == 1
    page.fill("#id_reason", "答复已报旗政协，提出人答复后30日内未反馈测评意见。")
    screenshot(page, "close")
    with page.expect_navigation():
        page.click("input[name=_transition]")
    assert page.locator(".messagelist .success").count() == 1
    assert "答复已报旗政协" in page.locator("#timeline").inner_text()
    assert Suggestion.objects.get(pk=item.pk).state == State.CLOSED
    screenshot(page, "closed")
