"""A grep for the writers of a state field: each is written in one module alone (issue 16)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEARCHED = ("congress", "deputies", "suggestions", "livelihood", "bench", "scripts")


def writes(model: str, field: str) -> list[re.Pattern]:
    return [
        re.compile(rf"\.{field}\s*=(?!=)"),  # obj.field = …
        # Model(field=…), Model.objects.create(field=…) and the like
        re.compile(
            rf"\b{model}(?:\.objects\.(?:create|get_or_create|update_or_create))?\([^()]*\b{field}\s*=", re.S
        ),
        re.compile(rf"\.update\([^()]*\b{field}\s*=", re.S),  # ….update(field=…)
        re.compile(rf"setattr\([^,]+,\s*[\"']{field}[\"']"),
    ]


def writers(model: str, field: str, *, the_writer: str, allowed: dict[str, str]) -> list[str]:
    """Lines outside ``the_writer`` that write ``field``, except ``allowed`` (path → text on the line)."""
    found = []
    for folder in SEARCHED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts or relative == Path(the_writer):
                continue
            text = path.read_text(encoding="utf-8")
            for pattern in writes(model, field):
                for match in pattern.finditer(text):
                    line = text[text.rfind("\n", 0, match.start()) + 1 : text.find("\n", match.end())]
                    if allowed.get(str(relative), "\0") in line:
                        continue
                    found.append(f"{relative}:{text.count(chr(10), 0, match.start()) + 1}: {line.strip()}")
    return found
