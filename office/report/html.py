"""The report as an HTML page with print CSS (A4), each figure a link to its records."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from .document import Report

CSS = "congress/report.css"


def render_html(report: Report, *, standalone: bool = False, request=None, **context) -> str:
    """The preview page; ``standalone`` embeds the stylesheet for a file read away from the server."""
    embedded_css = ""
    if standalone:
        with open(finders.find(CSS), encoding="utf-8") as stylesheet:
            embedded_css = stylesheet.read()
    return render_to_string(
        "congress/report/preview.html",
        {"report": report, "embedded_css": embedded_css, "css": CSS, **context},
        request=request,
    )
