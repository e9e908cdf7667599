"""社情民意 from a deputy's QR code to a suggestion, at 375 px and 1280 px, checked with axe-core.

Staff print a deputy's QR card; a voter opens the address it holds, sends an
opinion with a photo and gets a lookup code; staff find it in the admin inbox
and turn it into a suggestion; the voter looks the code up and sees that. The
voter's pages are checked with axe-core (no serious or critical violation),
must fit the window and are saved as screenshots.
"""

import re

import pytest
from PIL import Image

from congress.roles import Role
from suggestions.choices import Source
from suggestions.models import Suggestion, VoterOpinion
from suggestions.opinions.choices import OpinionStatus
from tests.browser import axe
from tests.browser.conftest import DESKTOP
from tests.factories import DeputyFactory, TownshipProfileFactory, UserFactory

WIDTHS = ["phone_page", "page"]  # 375 px and 1280 px (tests/browser/conftest.py)
NAME, PHONE = "赵某某", "13847700123"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "冲断的路.jpg"
    Image.new("RGB", (640, 480), (150, 120, 90)).save(path, "JPEG")
    return path


@pytest.fixture
def staff_page(browser, live_server):
    """Presidium staff at their desk (1280 px), in a browser of their own."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def look(request, screenshot):
    """look(page, step): the page fits the window, passes axe-core and is saved as a screenshot."""
    name = request.node.name.replace("[", "-").replace("]", "")

    def check(page, step):
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
        axe.check(page, f"{name}-{step}")
        screenshot(page, step)

    return check


@pytest.mark.parametrize("device", WIDTHS, ids=["375px", "1280px"])
def test_a_voter_scans_a_deputys_code_and_staff_take_the_opinion_up_as_a_suggestion(
    request, device, live_server, sign_in, look, screenshot, staff_page, photo, term, password
):
    TownshipProfileFactory()
    UserFactory(username="renda", role=Role.STAFF, first_name="人大办")
    deputy = DeputyFactory(
        term=term,
        name="乌云其其格",
        user=UserFactory(username="wuyun", role=Role.DEPUTY),
        constituency__name="查汗庙嘎查选区",
    )

    # Staff print the deputy's card: the QR code and, under it, the address it holds.
    sign_in(staff_page, "renda", password)
    staff_page.goto(f"{live_server.url}/deputies/{deputy.pk}/code/")
    card = staff_page.locator(".code-card")
    assert "扫码向代表反映社情民意" in card.inner_text()
    assert staff_page.locator(".code-card-qr").evaluate("img => img.complete && img.naturalWidth > 0")
    address = staff_page.locator(".code-card-url").inner_text().strip()
    assert address == f"{live_server.url}/opinions/new/?deputy={deputy.pk}"
    screenshot(staff_page, "card")

    # The voter opens the address on their own device: the form is addressed to the deputy.
    voter = request.getfixturevalue(device)
    voter.goto(address)
    assert "乌云其其格" in voter.locator(".opinion-to").inner_text()
    assert voter.locator("#id_website").is_hidden()  # the honeypot
    with voter.expect_navigation():
        voter.get_by_role("button", name="提交意见").click()
    assert "请写下您要反映的问题" in voter.locator("#error_1_id_content").inner_text()
    look(voter, "form-errors")

    voter.get_by_label("您反映的问题和建议").fill(
        "查汗庙嘎查三组通往牧点的砂石路被雨水冲断了两处，拉草料的车过不去，希望尽快修补。"
    )
    voter.get_by_label("问题类别").select_option(label="道路交通和基础设施")
    voter.get_by_label("问题照片（选填）").set_input_files(str(photo))
    voter.get_by_label("您的姓名（选填）").fill(NAME)
    voter.get_by_label("您的联系电话（选填）").fill(PHONE)
    look(voter, "form")
    with voter.expect_navigation():
        voter.get_by_role("button", name="提交意见").click()

    opinion = VoterOpinion.objects.get()
    assert (opinion.deputy, opinion.source, opinion.status) == (deputy, "qr_code", OpinionStatus.NEW)
    assert opinion.photo
    code = voter.locator(".opinion-code").inner_text().strip()
    assert code == opinion.code
    assert NAME not in voter.content() and PHONE not in voter.content()
    look(voter, "thanks")

    # Staff find it in the inbox, with who sent it and the photo, and take it up as a suggestion.
    staff_page.goto(f"{live_server.url}/admin/suggestions/voteropinion/?status__exact=new")
    assert "查汗庙嘎查三组通往牧点" in staff_page.locator("#result_list").inner_text()
    screenshot(staff_page, "inbox")
    with staff_page.expect_navigation():
        staff_page.locator("#result_list tbody th a").first.click()
    assert staff_page.locator("#id_voter_contact").input_value() == PHONE
    photo_link = staff_page.locator(".field-photo a").first
    assert photo_link.get_attribute("href") == f"/files/suggestions/voteropinion/{opinion.pk}/photo/"
    screenshot(staff_page, "opinion")
    with staff_page.expect_navigation():
        staff_page.click(".object-tools a:text-is('转为代表建议')")
    staff_page.fill("#id_title", "关于修复查汗庙嘎查三组砂石路的建议")
    screenshot(staff_page, "convert")
    with staff_page.expect_navigation():
        staff_page.click("input[type=submit]")
    suggestion = Suggestion.objects.get()
    assert (suggestion.source, suggestion.lead_deputy) == (Source.VOTER_OPINION, deputy)
    assert suggestion.number in staff_page.locator(".messagelist").inner_text()
    assert re.search(r"社情民意：\s*" + code, staff_page.locator(".field-origin_display").inner_text())

    # The voter looks the code up (the thank-you page's button) and sees it taken up.
    with voter.expect_navigation():
        voter.get_by_role("button", name="查看办理情况").click()
    result = voter.locator(".opinion-result").inner_text()
    assert "已转为建议办理" in result and suggestion.number in result
    assert NAME not in voter.content() and PHONE not in voter.content()
    look(voter, "lookup")
