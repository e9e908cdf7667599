"""Charts drawn on the server as SVG: bars that link to the records they count.

No script and no style attributes (the coming Content-Security-Policy): sizes and
colours are SVG presentation attributes, which the policy allows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from congress.language import colon

RED, GOLD, GREY = "#a4161a", "#d39e00", "#8a8580"
TEXT = "#222"
FONT = 'font-family="Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"'


@dataclass
class Bar:
    label: str
    value: float
    text: str = ""  # the value as printed; str(value) if empty
    url: str = ""
    colour: str = RED

    @property
    def shown(self) -> str:
        return self.text or f"{self.value:g}"


def _linked(url: str, inner: SafeString, title: str) -> SafeString:
    body = format_html("<title>{}</title>{}", title, inner)
    return format_html('<a href="{}">{}</a>', url, body) if url else format_html("<g>{}</g>", body)


def horizontal_bars(
    bars: list[Bar], *, title: str, maximum: float | None = None, width: int = 560
) -> SafeString:
    """One row per bar: its label, the bar, its value; rows link to their records."""
    if not bars:
        return SafeString("")
    row, label_width, value_width = 30, 190, 150
    plot = width - label_width - value_width
    top = max([maximum or 0] + [bar.value for bar in bars]) or 1
    height = row * len(bars) + 6
    rows = []
    for index, bar in enumerate(bars):
        y = index * row + 4
        length = round(plot * bar.value / top, 1) if bar.value else 0
        label = bar.label if len(bar.label) <= 13 else bar.label[:12] + "…"
        inner = format_html(
            '<text x="{}" y="{}" text-anchor="end" font-size="13" fill="{}">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="20" rx="2" fill="{}"></rect>'
            '<text x="{}" y="{}" font-size="13" fill="{}">{}</text>',
            label_width - 8,
            y + 15,
            TEXT,
            label,
            label_width,
            y,
            max(length, 1),
            bar.colour,
            label_width + length + 6,
            y + 15,
            TEXT,
            bar.shown,
        )
        rows.append(_linked(bar.url, inner, colon(bar.label, bar.shown)))
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="100%" role="group" {font}><title>{t}</title>{rows}</svg>',
        w=width,
        h=height,
        font=mark_safe(FONT),  # noqa: S308  (a constant)
        t=title,
        rows=format_html_join("", "{}", ((r,) for r in rows)),
    )


def columns(bars: list[Bar], *, title: str, width: int = 560, height: int = 220) -> SafeString:
    """Vertical columns (e.g. twelve months) with the value on top and the label below."""
    if not bars:
        return SafeString("")
    bottom, top_space = 24, 20
    plot_height = height - bottom - top_space
    step = width / len(bars)
    top = max(bar.value for bar in bars) or 1
    cols = []
    for index, bar in enumerate(bars):
        bar_height = round(plot_height * bar.value / top, 1) if bar.value else 0
        x = round(index * step + step * 0.15, 1)
        centre = round(index * step + step / 2, 1)
        inner = format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" rx="2" fill="{}"></rect>'
            '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{}">{}</text>'
            '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{}">{}</text>',
            x,
            top_space + plot_height - bar_height,
            round(step * 0.7, 1),
            max(bar_height, 0.5),
            bar.colour,
            centre,
            top_space + plot_height - bar_height - 5,
            TEXT,
            bar.shown if bar.value else "",
            centre,
            height - 6,
            TEXT,
            bar.label,
        )
        cols.append(_linked(bar.url, inner, colon(bar.label, bar.shown)))
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="100%" role="group" {font}><title>{t}</title>'
        '<line x1="0" y1="{base}" x2="{w}" y2="{base}" stroke="{grey}" stroke-width="1"></line>{cols}</svg>',
        w=width,
        h=height,
        font=mark_safe(FONT),  # noqa: S308
        t=title,
        base=top_space + plot_height,
        grey=GREY,
        cols=format_html_join("", "{}", ((c,) for c in cols)),
    )
