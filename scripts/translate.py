#!/usr/bin/env python
"""Fill zh_Hans translations into a catalog: a developer's tool, not run by the app.

    .venv/bin/python scripts/translate.py deputies/locale/zh_Hans/LC_MESSAGES/django.po <<'TSV'
    deputy	代表
    TSV

Each input line is ``msgid<TAB>msgstr``; ``\\n`` in either stands for a newline.
Entries not named keep their translation. Then run ``make messages`` (or
``django-admin compilemessages``) to compile the .mo file. ``--missing`` lists
the entries still untranslated.
"""

import sys

import polib


def main(argv):
    path = argv[1]
    catalog = polib.pofile(path)
    if len(argv) > 2 and argv[2] == "--missing":
        for entry in catalog:
            if not entry.msgstr and not entry.msgstr_plural.get(0) or "fuzzy" in entry.flags:
                print(entry.msgid)
        return 0
    wanted = {}
    for line in sys.stdin:
        if "\t" not in line:
            continue
        msgid, msgstr = line.rstrip("\n").split("\t", 1)
        wanted[msgid.replace("\\n", "\n")] = msgstr.replace("\\n", "\n")
    unknown = set(wanted)
    for entry in catalog:
        if entry.msgid in wanted:
            unknown.discard(entry.msgid)
            if entry.msgid_plural:
                entry.msgstr_plural = {0: wanted[entry.msgid]}
            else:
                entry.msgstr = wanted[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    catalog.metadata_is_fuzzy = False
    catalog.metadata["Language"] = "zh_Hans"
    catalog.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalog.save(path)
    for msgid in sorted(unknown):
        print(f"not in the catalog: {msgid!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
