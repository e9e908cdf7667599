"""The report as a Word file in the layout of official documents (GB/T 9704-2012).

A4; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right (a type area of
156 × 225 mm); body in 仿宋_GB2312 三号 (16 pt) on a grid of 28 characters × 22
lines; the title in 方正小标宋简体 二号 (22 pt); first-level headings in 黑体,
second-level in 楷体_GB2312; page numbers “— 1 —” in 四号 宋体 at the foot,
right on odd pages and left on even ones, one character in from the edge.
"""

from __future__ import annotations

import io
import math

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt

from congress.models import TownshipProfile

from .document import BODY, HEADING, SALUTATION, Report

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
BODY_SIZE, TITLE_SIZE, PAGE_NUMBER_SIZE = Pt(16), Pt(22), Pt(14)
CHARS_PER_LINE, LINES_PER_PAGE = 28, 22
LINE_PITCH = Pt(28.95)  # 225 mm ÷ 22 lines, as Word's grid rounds it
INDENT_CHARS = 2
# The w:pPr children that follow w:autoSpaceDE/DN in the schema's order.
PPR_AFTER_AUTOSPACE = (
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _set_fonts(font, name: str):
    """Latin and East Asian faces alike (w:rFonts ascii, hAnsi and eastAsia)."""
    font.name = name
    rfonts = font._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attribute), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)


def _style(document, name: str, font_name: str, size, *, kind=WD_STYLE_TYPE.PARAGRAPH):
    style = document.styles.add_style(name, kind)
    if kind == WD_STYLE_TYPE.PARAGRAPH:
        style.base_style = document.styles["Normal"]
    style.font.size = size
    style.font.bold = False
    _set_fonts(style.font, font_name)
    return style


def _indent_chars(paragraph_format_element, chars: int, size):
    """First-line indent in characters (w:firstLineChars), with the length for older readers."""
    ind = paragraph_format_element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(int(chars * size.pt * 20)))


def _page_setup(document):
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance, section.footer_distance = Mm(15), Mm(24)
    # The text grid: 22 lines on the 225 mm type height. (28 characters a line come from the
    # condensed character spacing of the Normal style: a grid of characters with a negative
    # w:charSpace is what Word writes, but LibreOffice then gives each character two cells.)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    for attribute in list(grid.attrib):
        del grid.attrib[attribute]
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))
    return section


def _styles(document):
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    _set_fonts(normal.font, BODY_FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)
    # 28 characters on the 156 mm line: 16 pt characters drawn 0.25 pt closer (w:spacing -5).
    type_width = Length(PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]).pt
    condense = OxmlElement("w:spacing")
    condense.set(qn("w:val"), str(math.floor((type_width / CHARS_PER_LINE - BODY_SIZE.pt) * 20)))
    normal.element.get_or_add_rPr().insert_element_before(
        condense, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:lang"
    )
    # No extra space between Chinese and digits (2022年, not 2022 年), as official documents print.
    ppr = normal.element.get_or_add_pPr()
    for name in ("w:autoSpaceDN", "w:autoSpaceDE"):
        off = OxmlElement(name)
        off.set(qn("w:val"), "0")
        ppr.insert_element_before(off, *PPR_AFTER_AUTOSPACE)
    fmt = normal.paragraph_format
    fmt.line_spacing = LINE_PITCH  # a Length: exactly 28.95 pt
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    title = _style(document, "Report Title", TITLE_FONT, TITLE_SIZE)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = LINE_PITCH
    title.paragraph_format.line_spacing = Pt(36)
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "0")
    title.element.get_or_add_pPr().append(outline)

    subtitle = _style(document, "Report Subtitle", SUBHEADING_FONT, BODY_SIZE)
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    body = _style(document, "Report Body", BODY_FONT, BODY_SIZE)
    _indent_chars(body.element, INDENT_CHARS, BODY_SIZE)

    salutation = _style(document, "Report Salutation", BODY_FONT, BODY_SIZE)
    salutation.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    heading = _style(document, "Report Heading", HEADING_FONT, BODY_SIZE)
    heading.paragraph_format.keep_with_next = True
    _indent_chars(heading.element, INDENT_CHARS, BODY_SIZE)
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "1")
    heading.element.get_or_add_pPr().append(outline)

    _style(document, "Report Subheading", SUBHEADING_FONT, BODY_SIZE, kind=WD_STYLE_TYPE.CHARACTER)

    page_number = _style(document, "Report Page Number", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    _indent_chars(page_number.element, 0, PAGE_NUMBER_SIZE)


def _field_run(paragraph, *, fld_char: str = "", instruction: str = ""):
    run = paragraph.add_run()
    if fld_char:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), fld_char)
    else:
        element = OxmlElement("w:instrText")
        element.set(qn("xml:space"), "preserve")
        element.text = instruction
    run._r.append(element)
    return run


def _page_number(footer, alignment):
    """— 1 —: the PAGE field between two dashes, one character in from the edge."""
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.style = "Report Page Number"
    paragraph.alignment = alignment
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = PAGE_NUMBER_SIZE
    else:
        paragraph.paragraph_format.left_indent = PAGE_NUMBER_SIZE
    paragraph.add_run("— ")
    _field_run(paragraph, fld_char="begin")
    _field_run(paragraph, instruction=" PAGE ")
    _field_run(paragraph, fld_char="separate")
    paragraph.add_run("1")
    _field_run(paragraph, fld_char="end")
    paragraph.add_run(" —")


def render_docx(report: Report, *, author: str = "") -> bytes:
    """The report as .docx bytes."""
    document = Document()
    section = _page_setup(document)
    _styles(document)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)

    properties = document.core_properties
    properties.title = f"{report.year}年{report.title}"
    properties.author = author
    properties.language = "zh-CN"

    body = document.paragraphs[0] if document.paragraphs else None
    if body is not None:
        body._p.getparent().remove(body._p)

    document.add_paragraph(report.spaced_title, style="Report Title")
    for line in [*report.subtitle_lines, report.speaker]:
        if line:
            document.add_paragraph(line, style="Report Subtitle")
    document.paragraphs[-1].paragraph_format.space_after = LINE_PITCH

    styles = {SALUTATION: "Report Salutation", HEADING: "Report Heading", BODY: "Report Body"}
    for paragraph in report.paragraphs:
        out = document.add_paragraph(style=styles[paragraph.style])
        if paragraph.lead:
            out.add_run(paragraph.lead, style="Report Subheading")
        for run in paragraph.runs:
            if run.text:
                out.add_run(run.text)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_bytes(report: Report) -> bytes:
    """The report as .docx, authored by the township's presidium."""
    township = TownshipProfile.current().township
    return render_docx(report, author=f"{township}人大主席团" if township else "")
