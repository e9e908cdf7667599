"""{% labelled_cells %}: each cell of an admin list row names its column (data-label), so a phone can
show the row as a card with the column names beside the values (static/css/admin-screens.css)."""

import re

from django import template
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

register = template.Library()
CELL = re.compile(r"^\s*<(td|th)\b")


@register.simple_tag
def labelled_cells(result, headers):
    """The row's cells, each with its column's heading as ``data-label`` (the checkbox column has none)."""
    cells = []
    for cell, header in zip(result, headers, strict=False):
        label = (
            "" if "action-checkbox" in header.get("class_attrib", "") else strip_tags(header["text"]).strip()
        )
        cells.append(
            CELL.sub(rf'<\1 data-label="{escape(label)}"', str(cell), count=1) if label else str(cell)
        )
    return mark_safe("".join(cells))  # Django's own rendered cells; the labels escaped
