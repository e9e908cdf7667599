"""``Suggestion.state`` is written by the workflow alone (suggestions/workflow.py): a grep keeps it so."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEARCHED = ("congress", "deputies", "suggestions", "livelihood", "bench", "scripts")
THE_WRITER = Path("suggestions/workflow.py")
# Other models' own state fields, written by their own services.
OTHER_STATES = {Path("livelihood/services/votes.py"): "vote.state ="}

WRITES = [
    re.compile(r"\.state\s*=(?!=)"),  # suggestion.state = …
    re.compile(
        r"\bSuggestion(?:\.objects\.(?:create|get_or_create|update_or_create))?\([^()]*\bstate\s*=", re.S
    ),
    re.compile(r"\.update\([^()]*\bstate\s*=", re.S),  # ….update(state=…)
    re.compile(r"setattr\([^,]+,\s*[\"']state[\"']"),
]


def sources():
    for folder in SEARCHED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts or relative == THE_WRITER:
                continue
            yield relative, path.read_text(encoding="utf-8")


def test_the_workflow_is_the_only_writer_of_a_suggestions_state():
    writers = []
    for relative, text in sources():
        for pattern in WRITES:
            for match in pattern.finditer(text):
                line = text[text.rfind("\n", 0, match.start()) + 1 : text.find("\n", match.end())]
                if OTHER_STATES.get(relative, "\0") in line:
                    continue
                writers.append(f"{relative}:{text.count(chr(10), 0, match.start()) + 1}: {line.strip()}")
    assert writers == [], "state written outside suggestions/workflow.py:\n" + "\n".join(writers)


def test_the_grep_finds_a_writer():
    assert any(pattern.search("item.state = State.CLOSED") for pattern in WRITES)
    assert any(pattern.search("Suggestion.objects.filter(pk=1).update(state='closed')") for pattern in WRITES)
