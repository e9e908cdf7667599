import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import DeputyFactory, PresidiumMembershipFactory

pytestmark = pytest.mark.django_db

EXTERNAL = re.compile(r"""(?:src|href|url)\s*[=(]\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def test_home_page_is_in_chinese_with_the_presidium(client, township, term):
    PresidiumMembershipFactory(term=term, role="chair", title="镇党委委员、人大主席", deputy__name="王宝平")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "乌审召镇人大主席团工作平台" in html
    assert "王宝平" in html
    assert "主席团" in html


def test_english_is_one_switch_away(client, township):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()


def test_the_admin_sign_in_page_answers(client, township):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert "乌审召镇人大主席团工作平台" in response.content.decode()


def test_public_directory_never_shows_phone_or_id_numbers(client, term):
    deputy = DeputyFactory(term=term, name="巴特尔", phone="13912345678", id_number="150626198005051234")
    for url in (reverse("deputies:directory"), deputy.get_absolute_url(), reverse("home")):
        html = client.get(url).content.decode()
        assert "13912345678" not in html
        assert "150626198005051234" not in html
    assert "巴特尔" in client.get(reverse("deputies:directory")).content.decode()


def test_no_template_or_stylesheet_loads_anything_from_another_host():
    offenders = []
    roots = [Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "static" / "css"]
    roots += [
        Path(settings.BASE_DIR) / app / "templates"
        for app in ("congress", "deputies", "suggestions", "livelihood")
    ]
    for root in roots:
        for path in root.rglob("*"):
            if path.suffix in {".html", ".css", ".js", ".txt"} and EXTERNAL.search(path.read_text("utf-8")):
                offenders.append(str(path))
    assert offenders == []


def test_a_browser_asking_for_english_still_gets_chinese_until_the_switch(client, township):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in html
