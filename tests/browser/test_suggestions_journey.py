"""A suggestion from registration to satisfaction: staff in the admin (1280 px), the deputy on a phone (375 px).

Staff register, assign and reply; the deputy rates 不满意; staff re-handle and reply again; the
deputy rates 满意; the ledger's satisfaction figure follows.
"""

import re

from django.utils import timezone

from congress.roles import Role
from suggestions.choices import State
from suggestions.models import Suggestion
from tests.factories import DeputyFactory, TownshipProfileFactory, UserFactory
from tests.suggestions.factories import HandlingUnitFactory


def ledger_satisfaction(page, live_server):
    page.goto(f"{live_server.url}/admin/suggestions/suggestion/?year={timezone.localdate().year}")
    return page.locator(".ledger-summary div:has(dt:text-is('满意率')) dd").inner_text()


def change_page(page, live_server, item):
    page.goto(f"{live_server.url}/admin/suggestions/suggestion/{item.pk}/change/")


def take(page, transition_label):
    with page.expect_navigation():
        page.click(f".object-tools a:text-is('{transition_label}')")


def submit(page):
    with page.expect_navigation():
        page.click("input[name=_transition]")


def reply(page, text, result_class):
    take(page, "答复")
    page.fill("#id_text", text)
    page.select_option("#id_result_class", result_class)
    submit(page)
    assert page.locator(".messagelist .success").count() == 1


def rate(phone, live_server, rating_label, comment):
    phone.goto(live_server.url + "/suggestions/mine/")
    with phone.expect_navigation():
        phone.click("a:text-is('测评')")
    phone.check(f"label:text-is('{rating_label}')")
    phone.fill("textarea[name=comment]", comment)
    with phone.expect_navigation():
        phone.click("button:text-is('提交测评')")


def test_a_suggestion_from_registration_to_satisfaction(
    page, phone_page, live_server, sign_in, screenshot, term, password
):
    TownshipProfileFactory()
    UserFactory(username="renda", role=Role.STAFF)
    deputy_user = UserFactory(username="wuyun", role=Role.DEPUTY)
    DeputyFactory(term=term, name="乌云其其格", user=deputy_user)
    HandlingUnitFactory(name="镇农业综合服务中心")

    # Staff register the suggestion in one form.
    sign_in(page, "renda", password)
    page.goto(live_server.url + "/admin/suggestions/suggestion/add/")
    page.fill("#id_title", "关于开展肉牛冻精改良技术培训的建议")
    page.fill("#id_content", "牧户对肉牛冻精改良技术掌握不够，建议分片开展培训。")
    page.select_option("#id_category", "agriculture")
    page.click("#id_lead_deputy + .select2 .select2-selection")
    page.fill(".select2-search__field", "乌云")
    page.click(".select2-results__option:has-text('乌云其其格')")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    item = Suggestion.objects.get()
    assert item.number == f"{timezone.localdate().year}-001"

    # Assign: lead unit, supervisor; the deadline defaults to three months.
    take(page, "交办")
    page.select_option("#id_lead_unit", label="镇农业综合服务中心")
    page.fill("#id_supervisor_leader", "镇长")
    screenshot(page, "admin-assign")
    submit(page)
    item.refresh_from_db()
    assert item.state == State.ASSIGNED

    reply(page, "已联系旗农牧局技术人员，计划分三片开展培训。", "B")
    screenshot(page, "admin-timeline")

    # The deputy, on a phone, is not satisfied.
    sign_in(phone_page, "wuyun", password, admin=False)
    phone_page.goto(live_server.url + "/suggestions/mine/")
    assert "待您测评的答复" in phone_page.content()
    screenshot(phone_page, "phone-mine")
    rate(phone_page, live_server, "不满意", "只有计划，没有培训时间。")
    assert "不满意" in phone_page.locator("main").inner_text()
    screenshot(phone_page, "phone-unsatisfied")
    assert ledger_satisfaction(page, live_server) == "0%"

    # Staff re-handle: the item is back in handling, in a second round.
    change_page(page, live_server, item)
    take(page, "重新办理")
    submit(page)
    item.refresh_from_db()
    assert (item.state, item.current_round.number) == (State.IN_HANDLING, 2)
    assert "办理中" in page.locator("div.readonly").all_inner_texts()[1]

    reply(page, "已于本月在三个嘎查完成培训，参训牧户126人次。", "A")

    # The deputy is satisfied now; the figure follows.
    rate(phone_page, live_server, "满意", "培训及时，很实用。")
    timeline = phone_page.locator("main").inner_text()
    assert re.search(r"第2轮办理[\s\S]*满意", timeline) and "第1轮办理" in timeline
    screenshot(phone_page, "phone-satisfied")
    assert ledger_satisfaction(page, live_server) == "100%"
    screenshot(page, "admin-ledger")
