"""A notice's words in the reader's language: the message is an English msgid, its words stored as values.

Dates and the labels of choices are written when the notice is shown, in the language active then
(``Notification.shown``); ``suggestions.notifications`` sends notices with this rendering.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def _choice_label(model: str, field: str):
    """The label of a choice field's stored value, looked up when shown (no import of the model's module)."""

    def label(value):
        choices = dict(apps.get_model("suggestions", model)._meta.get_field(field).flatchoices)
        return str(choices.get(value, value))

    return label


# Words of a message that are not the records' own text but are written in the reader's
# language when the notice is shown: dates, and the labels of choices (stored as their values).
WORD_RENDERERS = {
    "deadline": lambda value: date_format(parse_date(value)),
    "date": lambda value: date_format(parse_date(value)),
    "category": _choice_label("VoterOpinion", "category"),
    "form": _choice_label("SupervisionNote", "form"),
}


def render(message: str, params: dict) -> str:
    """A notice's message in the active language, its words filled in (dates and labels there too)."""
    words = {
        key: WORD_RENDERERS[key](value) if key in WORD_RENDERERS else value for key, value in params.items()
    }
    return _(message) % words
