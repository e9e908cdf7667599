"""Every test starts in Chinese whatever the test before it left active (tests/conftest.py).

The two tests run in this order in one worker (pytest keeps a file's order; `--dist loadfile`
keeps a file in one worker): the first leaves English active in two ways, the second must not see it.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import SessionFactory, TermFactory


def test_a_test_that_leaves_english_active(client, db):
    translation.activate("en")
    # A request in English activates English in the test's thread, as LocaleMiddleware does.
    client.get(reverse("home"), headers={"accept-language": "en"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.get(reverse("home"))
    assert translation.get_language() == "en"
    assert str(TermFactory(ordinal=4)) == "Term 4"


def test_the_next_test_starts_in_chinese(db):
    assert translation.get_language() == settings.LANGUAGE_CODE
    term = TermFactory(ordinal=4)
    assert str(term) == "第四届"
    assert SessionFactory(term=term, ordinal=3).title == "第四届人民代表大会第三次会议"
