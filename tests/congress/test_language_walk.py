"""One language at a time: every page of every role, in Chinese and in English, holds no text
of the other language outside the records' own data.

The pages are the permission matrix's (``tests/security/test_permission_matrix.py``): each
GET row a role may open (answer 200), on the matrix's world of one record of each kind. A
page is read as a person meets it: its text, the tooltips, placeholders, image alternatives
and button labels, not the scripts, styles or the fields' typed values.

What the records hold is theirs to say (a deputy's name, a unit's reply, a username): a
word of Latin letters found in any text value of any row in the database, and a Chinese run
found in a record's text (a name, a summary cut short with …), unless it is only a date's 年月日
or Chinese punctuation, are the records' own. Everything else must be the reader's language:

- a Chinese page holds no word of Latin letters but those in ``LATIN_ALLOWED``;
- an English page holds no Chinese character but those in ``CJK_ALLOWED``.

Both lists stay short, each entry with its reason.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.test import override_settings

from tests.security.test_permission_matrix import ADMIN_VIEW, ALL_ROWS, ROLES, SUPERUSER, build_world

pytestmark = pytest.mark.django_db

# Words of Latin letters a Chinese page may hold, and why.
LATIN_ALLOWED = {
    "English",  # the language switch, named in its own language
    "Windows",  # the fonts' system, in the profile's font choice
    "GB",  # national standards: GB2312 (the fonts), GB/T 9704
    "Word",
    "Excel",
    "PDF",
    "QR",
    "docx",
    "xlsx",
    "pdf",
    "png",
    "jpg",
    "jpeg",
    "webp",
    "gif",  # formats
    "PNG",
    "JPG",
    "JPEG",
    "WebP",
    "GIF",
    "HEIC",
    "heic",  # photo formats the upload fields accept
    "ID",
    "IP",
    "HTTP",
    "GET",
    "POST",
    "URL",
    "UTC",
    "SHA",  # technical names the admin shows as such
    "MB",
    "KB",
    "px",
    "mm",
    "pt",  # units
    "WPS",
    "LibreOffice",
    "Office",
    "WeChat",  # products
    "LDAP",  # Django's password help: "Single Sign-On 或 LDAP"
    "Control",
    "Command",
    "Mac",  # Django's multi-select help: the keys are named as printed on them
    "True",
    "False",
    "None",  # Django's boolean icons' alt text (admin lists)
    "Axes",  # (none expected: the app is named 登录锁定)
}
# Chinese an English page may hold, and why.
CJK_ALLOWED = {
    "中文",  # the language switch, named in its own language
}

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*[A-Za-z]|[A-Za-z]")
GIVEAWAYS = set("年月日：；、，（）｜")
CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
# Not read as text: scripts and styles, typed values, and <bdi>, which Django's admin puts around
# values it shows as data (the parts of a password's hash).
HIDDEN_ELEMENTS = {"script", "style", "textarea", "template", "noscript", "bdi"}


VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class PageText(HTMLParser):
    """The text a reader meets: element text, tooltips, placeholders, image alternatives, buttons.

    Text inside an element marked with another language (``lang="zh-Hans"`` on the annual report,
    which is a Chinese document, or on a spreadsheet's own Chinese column names) is that language's.
    """

    def __init__(self, language: str = ""):
        super().__init__(convert_charrefs=True)
        self.language = language[:2]
        self.parts: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, hidden or in another language)

    @property
    def skipped(self) -> bool:
        return bool(self.open) and self.open[-1][1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        other_language = (
            bool(self.language)
            and "lang" in attributes
            and not ((attributes["lang"] or "").lower().startswith(self.language))
        )
        skip = self.skipped or tag in HIDDEN_ELEMENTS or other_language
        if not skip:
            for name, value in attrs:
                if value and name in SHOWN_ATTRIBUTES:
                    self.parts.append(value)
            if tag == "input" and attributes.get("type") in ("submit", "button", "reset"):
                self.parts.append(attributes.get("value") or "")
        if tag not in VOID_ELEMENTS:
            self.open.append((tag, skip))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self.open and self.open[-1][0] == tag:
            self.open.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        if not self.skipped:
            self.parts.append(data)


def page_text(html: str, language: str = "") -> str:
    parser = PageText(language)
    parser.feed(html)
    return "\n".join(part.strip() for part in parser.parts if part and part.strip())


def record_values() -> list[str]:
    """Every text value of every row in the database, and each row's name."""
    values: set[str] = set()
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.FileField) and not f.choices
        ]
        for row in model._default_manager.all():
            values.update(str(getattr(row, name)) for name in fields if getattr(row, name))
            values.add(str(row))
    return sorted(value for value in values if value.strip())


class Records:
    """What the records say: their Latin words, and their text to find Chinese runs in."""

    def __init__(self, values: list[str]):
        self.words = {word for value in values for word in LATIN_WORD.findall(value)}
        self.whole = set(values)
        self.corpus = "\n".join(values)

    def own(self, run: str, language: str) -> bool:
        if language != "en":
            return run in self.words
        # A Chinese run of a record: a whole value or a piece of one (a name between digits, a text
        # cut short), unless it is a mark that gives away Chinese composed around the records: a
        # date's 年月日 or Chinese punctuation the code put between values.
        return run in self.whole or (run in self.corpus and not set(run) <= GIVEAWAYS)


# Not words of either language: addresses (a QR card prints its link) and the report's
# placeholders ({{suggestions.collected}}), which staff type as they are.
NOT_WORDS = re.compile(r"https?://\S+|\{\{[^{}]*\}\}")


def foreign_text(text: str, language: str, records: Records) -> list[str]:
    """Runs of the other language in ``text`` that are neither the records' own nor allowed."""
    text = NOT_WORDS.sub(" ", text)
    if language == "en":
        runs, allowed = CJK_RUN.findall(text), CJK_ALLOWED
    else:
        runs, allowed = LATIN_WORD.findall(text), LATIN_ALLOWED
    return [run for run in runs if run not in allowed and not records.own(run, language)]


# Roles that walk the pages. The superuser's pages are the staff's plus the operations pages.
WALKERS = [role for role in ROLES if role != SUPERUSER] + [SUPERUSER]


def pages_of(role: str):
    for row in ALL_ROWS:
        if row.method != "get" or row.expect.get(role) != 200:
            continue
        # The admin's pages are the same for members and staff: members walk the lists only.
        if role == "member" and row.expect == ADMIN_VIEW and not row.key.endswith("_changelist"):
            continue
        yield row


def restore_migration_rows():
    """The rows data migrations write (the duty point weights), which the world's records use."""
    from importlib import import_module

    from django.apps import apps as registry
    from django.db import connection

    import_module("deputies.migrations.0003_default_duty_point_weights").add_defaults(
        registry, connection.schema_editor()
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(PAGE_CACHE=False, MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        restore_migration_rows()  # a test flushing the database before this module removed them
        built = build_world()
        yield built
        transaction.set_rollback(True)


def walk(client, world, role: str, language: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    user = world.users[role]
    if user is not None:
        client.force_login(user)  # signing in writes its own rows (axes' access log): records too
    records = Records(record_values())
    for row in pages_of(role):
        client.logout()
        if user is not None:
            client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        address = row.url(world)
        response = client.get(address)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        runs = foreign_text(page_text(response.content.decode(), language), language, records)
        if runs:
            found[f"{row.name} ({address})"] = sorted(set(runs))
    return found


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("role", WALKERS)
def test_every_page_is_in_one_language(client, world, role, language):
    found = walk(client, world, role, language)
    report = "\n".join(f"  {page}: {runs}" for page, runs in sorted(found.items()))
    assert not found, f"{role} in {language}: text of the other language\n{report}"


def test_the_walk_sees_text_of_the_other_language():
    records = Records(["张三的建议", "matrix-staff"])
    assert foreign_text("保存 Save 张三的建议 matrix-staff", "zh-hans", records) == ["Save"]
    assert foreign_text("Save 保存 张三的建议 张三的 中文 matrix-staff", "en", records) == ["保存"]
    assert (
        page_text('<p title="提示">A<script>var b</script></p><input type=submit value="Go">')
        == "提示\nA\nGo"
    )
    assert page_text('<p>A<span lang="zh-Hans">甲<b>乙</b></span><br>B</p>', "en") == "A\nB"
