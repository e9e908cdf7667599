"""A voter opinion's ``status`` is written in one module: ``suggestions/opinions/services.py``.

The test reads the code (not the database): any assignment to ``<x>.status``,
or a ``status=`` keyword in a ``VoterOpinion(...)``/queryset write, in a
module that deals with voter opinions, is a second writer.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
THE_WRITER = "suggestions/opinions/services.py"
# The benchmark's data generator bulk-creates finished opinions to scale; it is tooling, not the product.
TOOLING = ("bench/",)
WRITES = {"update", "create", "bulk_create", "update_or_create", "get_or_create", "filter_update"}
SKIP_DIRS = {".venv", "tests", "migrations", "node_modules", ".git"}


def _modules():
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if SKIP_DIRS & set(relative.parts):
            continue
        text = path.read_text(encoding="utf-8")
        if "VoterOpinion" in text or "OpinionStatus" in text:
            yield relative.as_posix(), text


def _status_writes(text: str) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(text)):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for target in targets:
            for element in target.elts if isinstance(target, ast.Tuple) else [target]:
                if isinstance(element, ast.Attribute) and element.attr == "status":
                    lines.append(node.lineno)
        if isinstance(node, ast.Call) and any(k.arg == "status" for k in node.keywords):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "VoterOpinion" or name in WRITES:
                lines.append(node.lineno)
    return lines


def test_only_the_opinions_services_write_a_voter_opinions_status():
    writers = {
        path: lines
        for path, text in _modules()
        if path != THE_WRITER and not path.startswith(TOOLING) and (lines := _status_writes(text))
    }
    assert writers == {}


def test_the_grep_finds_the_one_writer():
    text = (ROOT / THE_WRITER).read_text(encoding="utf-8")
    assert len(_status_writes(text)) >= 2  # submitting (new) and apply (every action)
