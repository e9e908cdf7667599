"""The report as a Word file in the layout of official documents (GB/T 9704-2012).

The page, fonts, grid and page numbers are those of every printed document
(``congress.word_layout``): A4, body in 仿宋_GB2312 三号 on 22 lines of 28
characters, the title in 方正小标宋简体 二号, first-level headings in 黑体,
second-level in 楷体_GB2312, “— 1 —” at the foot. The report keeps its own style
names (Report Title, Report Body, …) so that edited copies keep working.
"""

from __future__ import annotations

from congress.models import TownshipProfile
from congress.word_layout import LINE_PITCH, OfficialDocument, chosen_fonts

from .document import BODY, HEADING, SALUTATION, Report


def render_docx(report: Report, *, author: str = "") -> bytes:
    """The report as .docx bytes."""
    out = OfficialDocument(
        title=f"{report.year}年{report.title}", author=author, prefix="Report", fonts=chosen_fonts()
    )
    out.title(report.spaced_title)
    for line in [*report.subtitle_lines, report.speaker]:
        if line:
            out.subtitle(line)
    out.document.paragraphs[-1].paragraph_format.space_after = LINE_PITCH

    styles = {SALUTATION: out.styles.salutation, HEADING: out.styles.heading, BODY: out.styles.body}
    for paragraph in report.paragraphs:
        target = out.paragraph(style=styles[paragraph.style])
        if paragraph.lead:
            out.run(target, paragraph.lead, out.styles.subheading)
        for run in paragraph.runs:
            if run.text:
                out.run(target, run.text)
    return out.to_bytes()


def docx_bytes(report: Report) -> bytes:
    """The report as .docx, authored by the township's presidium."""
    township = TownshipProfile.current().name
    return render_docx(report, author=f"{township}人大主席团" if township else "")
