"""The platform as the public and a deputy see it, at 375 px and 1280 px, checked with axe-core.

A visitor browses the home page, the deputies' directory, the deputies' home, the
projects, a project and the published results; a deputy signs in, lands on the
portal home, sees a reply to rate and their duty record; a handling unit then
signs in on the same device. Every page is checked with axe-core (no serious or
critical violation) and saved as a screenshot.
"""

import datetime
import re

import pytest
from django.utils import timezone

from congress.roles import Role
from deputies.models import AttendanceStatus, Reception
from livelihood import services as livelihood_services
from livelihood.models import ProjectStatus
from suggestions.choices import State
from suggestions.models import Suggestion
from tests.browser import axe, tap_targets
from tests.deputies.factories import ActivityFactory, AttendanceFactory, DeputiesHomeFactory, ReceptionFactory
from tests.factories import (
    ConstituencyFactory,
    DeputyFactory,
    PresidiumMembershipFactory,
    SessionFactory,
    TownshipProfileFactory,
    UserFactory,
)
from tests.livelihood.helpers import chosen_projects
from tests.suggestions.factories import HandlingUnitFactory, advance, register

WIDTHS = ["phone_page", "page"]  # 375 px and 1280 px (tests/browser/conftest.py)
# The fields by their labels ("用户名*": crispy marks required fields).
USERNAME, PASSWORD_FIELD = re.compile(r"^\s*用户名"), re.compile(r"^\s*密码")


@pytest.fixture
def township_records(term):
    """A small township: presidium, deputies with private phone numbers, a home, projects, a published result."""
    TownshipProfileFactory(
        presidium_address="乌审召镇人民政府院内", deputies_home_address="乌审召镇人大代表之家"
    )
    staff = UserFactory(username="renda", role=Role.STAFF, password=None)
    SessionFactory(term=term, ordinal=3)
    chair = PresidiumMembershipFactory(
        term=term,
        role="chair",
        title="镇党委委员、人大主席",
        deputy__name="王宝平",
        deputy__phone="13904770001",
    )
    for name, constituency in [("斯琴高娃", "查汗庙嘎查选区"), ("巴特尔", "巴音陶勒盖嘎查选区")]:
        DeputyFactory(term=term, name=name, constituency=ConstituencyFactory(name=constituency))
    DeputiesHomeFactory(opening_hours="工作日 8:30—12:00")
    ActivityFactory(term=term, title="赴五原县学习考察乡村振兴工作", destination="巴彦淖尔市五原县")
    projects = chosen_projects(staff, count=3, session=SessionFactory(term=term, ordinal=2))
    for project, (name, percent) in zip(
        projects,
        [
            ("查汗庙嘎查集中供水管道翻修项目", 100),
            ("新建镇区三处红绿灯项目", 60),
            ("惠泽社区巷道硬化项目", 0),
        ],
        strict=True,
    ):
        project.name = name
        project.save()
        if percent:
            livelihood_services.progress_post(
                project, date=datetime.date(2022, 5, 1), text="开工建设", percent=percent
            )
    livelihood_services.project_set_status(
        projects[0],
        ProjectStatus.IN_USE,
        completion_date=datetime.date(2022, 8, 1),
        first_use_date=datetime.date(2022, 8, 10),
    )
    unit = HandlingUnitFactory(
        name="镇农业综合服务中心", users=[UserFactory(username="nongye", role=Role.UNIT)]
    )
    result = register(staff, lead_deputy=chair.deputy, title="关于推进牧区旱厕改造的建议")
    advance(result, State.REPLIED, actor=staff, unit=unit, result_class="B")
    Suggestion.objects.filter(pk=result.pk).update(public=True)
    return {"staff": staff, "unit": unit, "projects": projects, "chair": chair}


def open_menu_if_collapsed(page):
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.locator("#site-nav.show").wait_for()


def go_by_menu(page, text):
    open_menu_if_collapsed(page)
    with page.expect_navigation():
        page.locator("#site-nav").get_by_role("link", name=text, exact=True).click()


def fits(page):
    """Nothing is wider than the window: no sideways scrolling on a phone."""
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.fixture
def look(request, screenshot):
    """look(page, step): the page fits the window, its tap targets are large enough on a phone, it passes
    axe-core and is saved as a screenshot."""
    name = request.node.name.replace("[", "-").replace("]", "")

    def check(page, step):
        fits(page)
        if page.viewport_size["width"] < 768:  # a phone: every tap target 44 × 44 px
            tap_targets.check(page)
        axe.check(page, f"{name}-{step}")
        screenshot(page, step)

    return check


@pytest.mark.parametrize("device", WIDTHS, ids=["375px", "1280px"])
def test_a_visitor_browses_the_home_page_deputies_and_projects(
    request, device, live_server, look, township_records
):
    page = request.getfixturevalue(device)
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "乌审召镇人民代表大会"
    assert "王宝平" in page.locator("main").inner_text()
    assert page.locator(".project-card progress").count() == 3
    look(page, "home")

    go_by_menu(page, "人大代表")
    assert "斯琴高娃" in page.locator("main").inner_text()
    look(page, "directory")
    with page.expect_navigation():
        page.get_by_role("link", name="斯琴高娃").click()
    look(page, "deputy")

    go_by_menu(page, "人大代表之家")
    assert "工作日 8:30—12:00" in page.locator("main").inner_text()
    look(page, "deputies-home")

    go_by_menu(page, "民生实事")
    assert page.locator(".project-card").count() == 3
    look(page, "projects")
    with page.expect_navigation():
        page.get_by_role("link", name="查汗庙嘎查集中供水管道翻修项目").click()
    assert page.locator("h1").inner_text() == "查汗庙嘎查集中供水管道翻修项目"
    assert "2022年8月10日" in page.locator("main").inner_text()
    look(page, "project")

    go_by_menu(page, "建议办理结果")
    assert "关于推进牧区旱厕改造的建议" in page.locator("main").inner_text()
    look(page, "results")

    # Nothing private on any of them: the chair's phone number stays in the admin.
    assert "13904770001" not in page.content()


@pytest.mark.parametrize("device", WIDTHS, ids=["375px", "1280px"])
def test_a_deputy_signs_in_and_finds_what_needs_them(
    request, device, live_server, look, township_records, password, term
):
    staff, unit = township_records["staff"], township_records["unit"]
    deputy = DeputyFactory(term=term, name="乌云其其格", user=UserFactory(username="wuyun", role=Role.DEPUTY))
    deputy.user.first_name = "乌云其其格"
    deputy.user.save()
    replied = register(staff, lead_deputy=deputy, title="关于在查汗庙嘎查增设村级卫生室药品种类的建议")
    advance(replied, State.REPLIED, actor=staff, unit=unit, result_class="A")
    today = timezone.localdate()
    activity = ActivityFactory(
        term=term, title="视察镇区冬季供暖工作", start_date=today + datetime.timedelta(days=5)
    )
    AttendanceFactory(activity=activity, deputy=deputy, status=AttendanceStatus.INVITED)
    done = ActivityFactory(term=term, title="学习全国两会精神", start_date=today.replace(month=1, day=15))
    AttendanceFactory(activity=done, deputy=deputy, status=AttendanceStatus.PRESENT)
    ReceptionFactory(term=term, deputies=[deputy], date=today.replace(month=1, day=10))
    handling = register(staff, lead_deputy=deputy, title="关于开展肉牛冻精改良技术培训的建议")
    advance(handling, State.IN_HANDLING, actor=staff, unit=unit)

    page = request.getfixturevalue(device)
    page.goto(live_server.url + "/")
    open_menu_if_collapsed(page)
    with page.expect_navigation():
        page.locator("#site-nav").get_by_role("link", name="登录").click()
    page.get_by_label(USERNAME).fill("wuyun")
    page.get_by_label(PASSWORD_FIELD).fill(password)
    # static/js/site.js: the password can be read before sending.
    page.get_by_label("显示密码", exact=True).check()
    assert page.get_by_label(PASSWORD_FIELD).get_attribute("type") == "text"
    look(page, "sign-in")
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()

    # The portal home: the reply to rate first, the activity ahead, the duty record.
    assert page.url == live_server.url + "/portal/"
    main = page.locator("main")
    assert "乌云其其格，您好" in main.inner_text()
    to_rate = page.locator("ul.to-rate li")
    assert to_rate.count() == 1 and "增设村级卫生室药品种类" in to_rate.inner_text()
    assert "视察镇区冬季供暖工作" in main.inner_text()
    glance = page.locator(".duty-glance").inner_text()
    assert "参加活动" in glance and "接待选民日" in glance
    look(page, "portal")

    # The invitation ahead: answered from the home page, the answer shown at once.
    with page.expect_navigation():
        page.get_by_role("button", name="确认参加 视察镇区冬季供暖工作").click()
    assert page.locator(".invitation-reply", has_text="已确认参加").count() == 1
    look(page, "invitation-answered")

    with page.expect_navigation():
        page.locator("ul.to-rate li").get_by_role("link").click()
    look(page, "rate")
    # Unsatisfied without saying why is refused next to the field, and nothing is recorded.
    page.get_by_label("不满意").check()
    with page.expect_navigation():
        page.get_by_role("button", name="提交测评").click()
    assert page.locator(".invalid-feedback, .alert-danger").count() >= 1
    replied.refresh_from_db()
    assert replied.state == State.REPLIED
    page.get_by_label("基本满意").check()
    page.get_by_label("测评意见").fill("卫生室已补充常用药品，希望继续增加儿童用药。")
    with page.expect_navigation():
        page.get_by_role("button", name="提交测评").click()
    assert "您的测评已记录" in page.locator("main").inner_text()
    look(page, "rated")
    replied.refresh_from_db()
    assert replied.state == State.EVALUATED
    assert replied.current_round.evaluation.rating == "basically_satisfied"

    # Back home: nothing left to rate; log a reception held in the gacha this morning.
    page.goto(live_server.url + "/portal/")
    assert page.locator("ul.to-rate li").count() == 0
    form = page.locator("form.reception-log-form")
    form.get_by_label("日期").fill(today.isoformat())
    form.get_by_label("地点").fill("查汗庙嘎查党群服务中心")
    form.get_by_label("接待选民人次").fill("6")
    form.get_by_label("反映的问题").fill("牧户反映冬季饮水井结冰")
    with page.expect_navigation():
        form.get_by_role("button", name="保存接待记录").click()
    assert page.locator(".badge", has_text="待确认").count() == 1
    look(page, "reception-logged")
    logged = Reception.objects.get(place="查汗庙嘎查党群服务中心")
    assert logged.visitors == 6 and not logged.confirmed and deputy in logged.deputies.all()

    page.goto(live_server.url + "/portal/")
    with page.expect_navigation():
        page.get_by_role("link", name="查看完整履职档案").click()
    assert "学习全国两会精神" in page.locator("main").inner_text()
    look(page, "duty-record")

    # Signing out on a shared phone, then the handling unit signs in and sees its item.
    open_menu_if_collapsed(page)
    with page.expect_navigation():
        page.locator("#site-nav").get_by_role("button", name="退出登录").click()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label(USERNAME).fill("nongye")
    page.get_by_label(PASSWORD_FIELD).fill(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + "/portal/"
    open_items = page.locator(".unit-items").inner_text()
    assert "肉牛冻精改良技术培训" in open_items
    assert "旱厕改造" not in open_items  # replied: no longer open
    look(page, "unit-portal")
