"""Figures in the report's prose: placeholders bound to the registry, and typed numbers.

A placeholder names a registry code and optionally a format:
``{{suggestions.collected}}`` → 19, ``{{receptions.visitors|approx}}`` → 80多,
``{{deliberations.opinions|approx:余}}`` → 30余, ``{{livelihood.voted|join}}`` → the
projects' names joined by 、. Staff write the prose around them and never the numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from congress.figures import FORMATS, REGISTRY

PLACEHOLDER = re.compile(
    r"\{\{\s*(?P<code>[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)\s*"
    r"(?:\|\s*(?P<fmt>[a-z_]+)(?::(?P<arg>[^{}|\s]+))?\s*)?\}\}"
)
BRACES = re.compile(r"\{\{.*?\}\}|\{\{|\}\}")

# A number typed where a figure belongs: Arabic digits (not a date or a house number such
# as 17号), or Chinese numerals before a measure word (三十余条, 六项).
TYPED_NUMBER = re.compile(
    r"(?<![\d.])\d+(?:\.\d+)?(?![\d.]|\s*[年月日号届])(?:\s*[多余])?\s*(?:%|％|人次|条|件|项|次|人|名|户|个)?"
    r"|[一二三四五六七八九十百两]+[多余]?(?:人次|条|件|项|名)"
)


@dataclass(frozen=True)
class Placeholder:
    code: str
    fmt: str = ""
    argument: str = ""

    @property
    def token(self) -> str:
        """The canonical spelling, the key of the draft's stored texts."""
        token = self.code
        if self.fmt:
            token += f"|{self.fmt}"
            if self.argument:
                token += f":{self.argument}"
        return token

    def __str__(self) -> str:
        return "{{" + self.token + "}}"


def _placeholder(match: re.Match) -> Placeholder:
    return Placeholder(match["code"], match["fmt"] or "", match["arg"] or "")


def split(text: str) -> list[str | Placeholder]:
    """Text and placeholders in order: "共{{a.b}}条" → ["共", Placeholder("a.b"), "条"]."""
    parts: list[str | Placeholder] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > position:
            parts.append(text[position : match.start()])
        parts.append(_placeholder(match))
        position = match.end()
    if position < len(text):
        parts.append(text[position:])
    return parts


def placeholders_in(text: str) -> list[Placeholder]:
    return [_placeholder(match) for match in PLACEHOLDER.finditer(text)]


def errors_in(text: str) -> list[str]:
    """Placeholders that cannot be computed: an unknown code or format, or stray braces."""
    errors = []
    for placeholder in placeholders_in(text):
        if placeholder.code not in REGISTRY:
            errors.append(_("%(placeholder)s names no figure.") % {"placeholder": placeholder})
        elif placeholder.fmt not in FORMATS:
            errors.append(
                _("%(placeholder)s: unknown format “%(format)s” (use %(formats)s).")
                % {
                    "placeholder": placeholder,
                    "format": placeholder.fmt,
                    "formats": ", ".join(name for name in FORMATS if name),
                }
            )
    for stray in BRACES.findall(PLACEHOLDER.sub("", text)):
        errors.append(
            _("“%(text)s” is not a placeholder such as {{suggestions.collected}}.") % {"text": stray}
        )
    return errors


def typed_numbers(text: str) -> list[str]:
    """Numbers typed into the prose (outside placeholders) that look like figures."""
    return [match.group().strip() for match in TYPED_NUMBER.finditer(PLACEHOLDER.sub("", text))]
