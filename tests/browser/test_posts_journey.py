"""履职动态: a deputy shares an activity with two photos from a phone, staff approve it at a desk, and a
visitor finds it on the home page and on the deputy's page (phone width)."""

import datetime
import io

from PIL import Image

from deputies.models import Post, PostStatus
from tests.browser import axe
from tests.deputies.factories import ActivityFactory, attend
from tests.factories import DeputyFactory, PresidiumMembershipFactory, TownshipProfileFactory, UserFactory

TEXT = "4月12日，我们到五原县看了高标准农田和现代农业产业园，回来后提出发展特色种养的建议。"


def camera_photo(path, colour, orientation=6):
    """A phone photo: 4000 × 3000 as the sensor saw it, held upright, with its GPS position."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (39.0, 6.0, 51.0), 3: "E", 4: (108.0, 50.0, 27.0)}
    picture = Image.new("RGB", (4000, 3000), colour)
    picture.paste((240, 240, 240), (0, 0, 4000, 600))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif, quality=85)
    path.write_bytes(buffer.getvalue())
    return str(path)


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def test_a_deputy_shares_an_activity_staff_approve_it_and_a_visitor_finds_it(
    browser, live_server, phone_page, page, sign_in, screenshot, term, password, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    TownshipProfileFactory()
    deputy = DeputyFactory(term=term, name="乌云其其格", user=UserFactory(username="wuyun", role="deputy"))
    PresidiumMembershipFactory(term=term, role="chair", deputy__name="王宝平")
    trip = ActivityFactory(
        term=term,
        title="赴五原县学习考察乡村振兴工作",
        start_date=datetime.date(2022, 4, 12),
        destination="巴彦淖尔市五原县",
    )
    attend(trip, [deputy, DeputyFactory(term=term, name="斯琴")])
    UserFactory(username="renda", first_name="李娜", role="presidium_staff")
    photos = [
        camera_photo(tmp_path / "IMG_0412.jpg", (70, 130, 60)),
        camera_photo(tmp_path / "IMG_0413.jpg", (60, 90, 160)),
    ]

    # The deputy, on a phone: from the portal to the form, two photos, send.
    sign_in(phone_page, "wuyun", password, admin=False)
    phone_page.click("text=晒一次活动")
    phone_page.select_option("#id_activity", str(trip.pk))
    phone_page.fill("#id_text", TEXT)
    # A photo over 8 MB is named as soon as it is chosen, before minutes of uploading; nothing is sent.
    too_large = tmp_path / "IMG_9999.jpg"
    too_large.write_bytes(b"\xff\xd8\xff" + b"0" * (9 * 1024 * 1024))
    phone_page.set_input_files("#id_photos", [photos[0], str(too_large)])
    feedback = phone_page.locator(".photo-feedback")
    assert "IMG_9999.jpg 有 9.0 MB：每张照片最大 8 MB。" in feedback.inner_text()
    phone_page.click("button:has-text('提交人大办审核')")
    assert phone_page.url.endswith("/posts/new/") and not Post.objects.exists()
    phone_page.set_input_files("#id_photos", photos)
    assert feedback.is_hidden()
    screenshot(phone_page, "1-deputy-proposes")
    no_sideways_scroll(phone_page)
    with phone_page.expect_navigation():
        phone_page.click("button:has-text('提交人大办审核')")
    assert "谢谢" in phone_page.inner_text(".alert")
    assert "代表提交，待审核" in phone_page.inner_text("main")
    screenshot(phone_page, "2-deputy-sees-it-waiting")
    no_sideways_scroll(phone_page)
    post = Post.objects.get()
    assert post.status == PostStatus.PROPOSED and post.photos.count() == 2

    # Staff, at a desk: the proposal with its photos, then save and publish.
    sign_in(page, "renda", password)
    page.goto(live_server.url + "/admin/deputies/post/?status__exact=proposed")
    with page.expect_navigation():
        page.click(f"text={trip.title}")
    assert page.locator("img.post-photo-preview").count() == 2
    assert "乌云其其格" in page.inner_text(".field-named_deputies")
    screenshot(page, "3-staff-review")
    with page.expect_navigation():
        page.click("input[name=_publish]")
    assert "履职动态已发布" in page.inner_text(".messagelist")
    screenshot(page, "4-staff-published")
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED

    # A visitor on a phone: the home page, the post, the deputy's page.
    visitor = browser.new_context(
        viewport={"width": 375, "height": 812},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale="zh-CN",
    ).new_page()
    visitor.goto(live_server.url + "/")
    card = visitor.locator(".post-card", has_text=trip.title)
    assert card.count() == 1
    card.scroll_into_view_if_needed()
    screenshot(visitor, "5-visitor-home")
    no_sideways_scroll(visitor)
    with visitor.expect_navigation():
        card.locator("a.stretched-link").click()
    assert visitor.locator(".post-photos img").count() == 2
    assert visitor.locator("meta[property='og:image']").get_attribute("content").endswith("/share.jpg")
    first = visitor.locator(".post-photo-first img")
    first.scroll_into_view_if_needed()
    visitor.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=first.element_handle())
    assert visitor.evaluate("img => img.naturalHeight > img.naturalWidth", first.element_handle())  # upright
    screenshot(visitor, "6-visitor-post")
    no_sideways_scroll(visitor)
    axe.check(visitor, "post-375")
    visitor.click("text=乌云其其格")
    assert trip.title in visitor.inner_text("#posts-heading + .post-list, main")
    screenshot(visitor, "7-visitor-deputy-page")
    no_sideways_scroll(visitor)
    visitor.context.close()
