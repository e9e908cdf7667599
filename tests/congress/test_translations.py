"""Every message has its Chinese translation, and the compiled catalogs match."""

import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGS = sorted(Path(settings.BASE_DIR).glob("*/locale/zh_Hans/LC_MESSAGES/django*.po")) + sorted(
    Path(settings.BASE_DIR).glob("locale/zh_Hans/LC_MESSAGES/django.po")
)


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_every_message_is_translated_and_compiled(po_path):
    catalog = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in catalog.untranslated_entries()] + [
        e.msgid for e in catalog.fuzzy_entries()
    ]
    assert untranslated == [], f"translate these in {po_path}, then run make messages"
    with open(po_path.with_suffix(".mo"), "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [
        e.msgid
        for e in catalog.translated_entries()
        if not e.msgid_plural and compiled.gettext(e.msgid) != e.msgstr
    ]
    assert stale == [], f"{po_path.with_suffix('.mo')} is stale: run make messages"
