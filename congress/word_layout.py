"""The layout of every Word document the platform prints, after GB/T 9704-2012 (党政机关公文格式).

The annual report, the assignment notices, the evaluation forms, the reply letters and the
ledger each build an ``OfficialDocument`` and add blocks to it (title block, title, salutation,
body, signature, tables); the page, the grid, the fonts and the page numbers come from here.

Page. A4 portrait; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right: a type area of
156 × 225 mm. Wide tables (the ledger) print on A4 landscape with the same type area turned
a quarter: 28 mm at the top, the binding side, where GB/T 9704 puts a turned table's head.

Text. Body in 三号 (16 pt) on exactly 28.95 pt a line: 22 lines on the type height; 28
characters a line on the 156 mm line, the characters drawn 0.25 pt closer (w:spacing −5).
First-level headings in 黑体, second-level in 楷体, titles in 二号 方正小标宋简体.

Grid. Each section carries Word's document grid, ``w:docGrid type="linesAndChars"`` with
linePitch 579 (28.95 pt) and charSpace −849 (a character pitch of 15.79 pt), so that
页面设置 → 文档网格 shows 每页22行、每行28字 as offices check it. The paragraphs do not snap
to the grid (``w:snapToGrid w:val="0"`` in Normal): LibreOffice gives each character two
cells of a character grid narrower than the font (14 characters a line), while the exact
line spacing and the condensing above give the same 22 × 28 in Word, WPS and LibreOffice.

Fonts and fallbacks. The documents name the faces GB/T 9704 asks for: 方正小标宋简体,
仿宋_GB2312, 楷体_GB2312, 黑体 and 宋体. An office that prints official documents has them
installed, and then the print is exactly the standard's. A PC without them (a fresh Windows
has 仿宋, 楷体, 黑体 and 宋体, not the _GB2312 faces nor 方正小标宋) must not fall back to
whatever face Word likes: a run can name only one face per script (w:rFonts eastAsia), so
each face's fallback is declared in the font table (word/fontTable.xml) — ``w:altName`` with
the Windows face of the same design (仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体, 方正小标宋简体 →
宋体, 黑体 → SimHei, 宋体 → SimSun), the GB2312 charset, the PANOSE class and the pitch, which
Word and WPS use to choose the substitute. Naming 仿宋/楷体 directly instead would spoil the
print on the offices that have the standard faces. LibreOffice ignores w:altName and
substitutes through fontconfig; ``scripts/preview_documents.py`` maps the faces for previews.

Page numbers. “— 1 —” in 四号 宋体 at the foot, right on odd pages and left on even ones, one
character in from the edge. A batch (one notice per unit, say) starts each document in a new
section whose numbers restart at 1.

Title block. ``issuer`` prints the letter format's head (GB/T 9704 §10.1): the issuing body in
red 方正小标宋 centred, a red double rule under it (thick over thin) and the number flush
right under the rule. ``signature`` places the issuing body and the date for a seal: the date
four characters in from the right, the body centred over it, two empty lines above for the
seal to press on both.
"""

from __future__ import annotations

import datetime
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ALIGN_VERTICAL, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Length, Mm, Pt, RGBColor
from lxml import etree

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# --- fonts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Face:
    """A face the documents name, with the font-table entry that tells Word what to use without it."""

    name: str
    alternative: str
    panose: str
    family: str  # the font table's w:family: roman (serif), modern (fixed pitch), swiss (sans)
    pitch: str = "fixed"


TITLE_FACE = Face("方正小标宋简体", "宋体", "02000000000000000000", "script", "variable")
BODY_FACE = Face("仿宋_GB2312", "仿宋", "02010609030101010101", "modern")
KAI_FACE = Face("楷体_GB2312", "楷体", "02010609030101010101", "modern")
HEI_FACE = Face("黑体", "SimHei", "02010609060101010101", "modern")
SONG_FACE = Face("宋体", "SimSun", "02010600030101010101", "auto", "variable")
FACES = (TITLE_FACE, BODY_FACE, KAI_FACE, HEI_FACE, SONG_FACE)

TITLE_FONT, BODY_FONT, SUBHEADING_FONT = TITLE_FACE.name, BODY_FACE.name, KAI_FACE.name
HEADING_FONT, PAGE_NUMBER_FONT = HEI_FACE.name, SONG_FACE.name

# 字号 in points: 二号 22, 三号 16, 四号 14, 小四 12, 五号 10.5.
TITLE_SIZE, BODY_SIZE, PAGE_NUMBER_SIZE = Pt(22), Pt(16), Pt(14)
ISSUER_SIZE = Pt(30)
TABLE_SIZE, SMALL_TABLE_SIZE = Pt(12), Pt(10.5)
RED = RGBColor(0xE6, 0x00, 0x12)

CHARS_PER_LINE, LINES_PER_PAGE = 28, 22
LINE_PITCH = Pt(28.95)  # 225 mm ÷ 22 lines, as Word's grid rounds it
INDENT_CHARS = 2

# --- pages --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageSetup:
    width: Length
    height: Length
    top: Length
    bottom: Length
    left: Length
    right: Length
    header: Length
    footer: Length
    landscape: bool = False

    @property
    def type_width(self) -> Length:
        return Length(self.width - self.left - self.right)

    @property
    def type_height(self) -> Length:
        return Length(self.height - self.top - self.bottom)


PORTRAIT = PageSetup(Mm(210), Mm(297), Mm(37), Mm(35), Mm(28), Mm(26), Mm(15), Mm(24))
LANDSCAPE = PageSetup(Mm(297), Mm(210), Mm(28), Mm(26), Mm(35), Mm(37), Mm(12), Mm(14), landscape=True)

# --- the schema's order of the children we set (w:pPr, w:rPr, w:sectPr, w:trPr, w:tcPr) ----------

PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)  # fmt: skip
RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
    "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
    "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
    "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
    "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip
SECTPR_ORDER = (
    "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz",
    "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt",
    "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter",
    "w:docGrid", "w:printerSettings", "w:sectPrChange",
)  # fmt: skip
TRPR_ORDER = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
    "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
)  # fmt: skip
ORDERS = {"w:pPr": PPR_ORDER, "w:rPr": RPR_ORDER, "w:sectPr": SECTPR_ORDER, "w:trPr": TRPR_ORDER}


def set_child(parent, tag: str, **attributes) -> OxmlElement:
    """The child ``tag`` of a w:pPr, w:rPr, w:sectPr or w:trPr, added in the schema's order if missing."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        order = ORDERS["w:" + parent.tag.rpartition("}")[2]]
        parent.insert_element_before(element, *order[order.index(tag) + 1 :])
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


# --- styles -------------------------------------------------------------------------------------


class Styles:
    """The style names of one document family (the report keeps its own: "Report Title", …)."""

    def __init__(self, prefix: str):
        self.title = f"{prefix} Title"
        self.subtitle = f"{prefix} Subtitle"
        self.body = f"{prefix} Body"
        self.salutation = f"{prefix} Salutation"
        self.heading = f"{prefix} Heading"
        self.subheading = f"{prefix} Subheading"  # a character style: a 楷体 lead in a body paragraph
        self.page_number = f"{prefix} Page Number"
        self.issuer = f"{prefix} Issuer"
        self.number = f"{prefix} Number"
        self.signature = f"{prefix} Signature"
        self.note = f"{prefix} Note"
        self.copy_to = f"{prefix} Copy To"
        self.table_text = f"{prefix} Table Text"
        self.table_head = f"{prefix} Table Head"


def set_fonts(font, name: str):
    """Latin and East Asian faces alike (w:rFonts ascii, hAnsi, eastAsia and cs)."""
    font.name = name
    rfonts = font._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attribute), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)


def indent_chars(element, chars: int, size, *, kind: str = "firstLine"):
    """An indent in characters (w:firstLineChars, w:leftChars…), with the length for older readers."""
    ind = element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn(f"w:{kind}Chars"), str(round(chars * 100)))
    ind.set(qn(f"w:{kind}"), str(int(chars * size.pt * 20)))


def _style(document, name: str, font_name: str, size, *, kind=WD_STYLE_TYPE.PARAGRAPH):
    style = document.styles.add_style(name, kind)
    if kind == WD_STYLE_TYPE.PARAGRAPH:
        style.base_style = document.styles["Normal"]
    style.font.size = size
    style.font.bold = False
    set_fonts(style.font, font_name)
    return style


def _outline(style, level: int):
    set_child(style.element.get_or_add_pPr(), "w:outlineLvl", val=level)


def _normal(document):
    # Word measures the grid's character pitch from the default size: make it the body's too.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None and defaults.find(qn("w:rPrDefault")) is not None:
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        set_child(rpr, "w:sz", val=int(BODY_SIZE.pt * 2))
        set_child(rpr, "w:szCs", val=int(BODY_SIZE.pt * 2))
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    set_fonts(normal.font, BODY_FONT)
    rpr = normal.element.get_or_add_rPr()
    # 28 characters on the 156 mm line: 16 pt characters drawn 0.25 pt closer (w:spacing -5).
    type_width = PORTRAIT.type_width.pt
    set_child(rpr, "w:spacing", val=math.floor((type_width / CHARS_PER_LINE - BODY_SIZE.pt) * 20))
    set_child(rpr, "w:lang", val="en-US", eastAsia="zh-CN")
    ppr = normal.element.get_or_add_pPr()
    # No extra space between Chinese and digits (2022年, not 2022 年), as official documents print.
    set_child(ppr, "w:autoSpaceDE", val=0)
    set_child(ppr, "w:autoSpaceDN", val=0)
    # The grid is for Word's page setup; the text keeps its own exact pitch (see the docstring).
    set_child(ppr, "w:snapToGrid", val=0)
    fmt = normal.paragraph_format
    fmt.line_spacing = LINE_PITCH  # a Length: exactly 28.95 pt
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def add_styles(document, styles: Styles, *, table_size=TABLE_SIZE):
    """Normal and the styles every printed document uses, under the family's names."""
    _normal(document)

    title = _style(document, styles.title, TITLE_FONT, TITLE_SIZE)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = LINE_PITCH
    title.paragraph_format.line_spacing = Pt(36)
    _outline(title, 0)

    subtitle = _style(document, styles.subtitle, SUBHEADING_FONT, BODY_SIZE)
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    body = _style(document, styles.body, BODY_FONT, BODY_SIZE)
    indent_chars(body.element, INDENT_CHARS, BODY_SIZE)

    salutation = _style(document, styles.salutation, BODY_FONT, BODY_SIZE)
    salutation.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    heading = _style(document, styles.heading, HEADING_FONT, BODY_SIZE)
    heading.paragraph_format.keep_with_next = True
    indent_chars(heading.element, INDENT_CHARS, BODY_SIZE)
    _outline(heading, 1)

    _style(document, styles.subheading, SUBHEADING_FONT, BODY_SIZE, kind=WD_STYLE_TYPE.CHARACTER)

    page_number = _style(document, styles.page_number, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    indent_chars(page_number.element, 0, PAGE_NUMBER_SIZE)

    issuer = _style(document, styles.issuer, TITLE_FONT, ISSUER_SIZE)
    issuer.font.color.rgb = RED
    issuer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    issuer.paragraph_format.line_spacing = Pt(ISSUER_SIZE.pt * 1.4)
    # The red double rule 4 mm under the name: thick over thin, the type area's width.
    p_bdr = set_child(issuer.element.get_or_add_pPr(), "w:pBdr")
    p_bdr.append(
        parse_xml(
            f'<w:bottom {nsdecls("w")} w:val="thickThinSmallGap" w:sz="24" w:space="4" w:color="{RED}"/>'
        )
    )

    number = _style(document, styles.number, BODY_FONT, BODY_SIZE)
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    signature = _style(document, styles.signature, BODY_FONT, BODY_SIZE)
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signature.paragraph_format.keep_with_next = True

    note = _style(document, styles.note, BODY_FONT, BODY_SIZE)
    indent_chars(note.element, INDENT_CHARS, BODY_SIZE)

    # 版记: 四号 仿宋 between two rules, one character in from each side.
    copy_to = _style(document, styles.copy_to, BODY_FONT, PAGE_NUMBER_SIZE)
    copy_to.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    indent_chars(copy_to.element, 1, PAGE_NUMBER_SIZE, kind="left")
    indent_chars(copy_to.element, 1, PAGE_NUMBER_SIZE, kind="right")
    rules = set_child(copy_to.element.get_or_add_pPr(), "w:pBdr")
    for side in ("top", "bottom"):
        rules.append(
            parse_xml(f'<w:{side} {nsdecls("w")} w:val="single" w:sz="8" w:space="4" w:color="auto"/>')
        )

    for name, face, alignment in (
        (styles.table_text, BODY_FONT, WD_ALIGN_PARAGRAPH.LEFT),
        (styles.table_head, HEADING_FONT, WD_ALIGN_PARAGRAPH.CENTER),
    ):
        style = _style(document, name, face, table_size)
        style.paragraph_format.alignment = alignment
        style.paragraph_format.line_spacing = Pt(round(table_size.pt * 1.3, 1))
        set_child(style.element.get_or_add_rPr(), "w:spacing", val=0)  # no condensing inside cells
        ppr = style.element.get_or_add_pPr()  # the table style must not bring spaces around digits back
        set_child(ppr, "w:autoSpaceDE", val=0)
        set_child(ppr, "w:autoSpaceDN", val=0)


def add_font_table(document, faces: Iterable[Face] = FACES):
    """Declare each face with its fallback in word/fontTable.xml (see the module docstring)."""
    part = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    root = parse_xml(part.blob)
    for face in faces:
        for existing in root.findall(qn("w:font")):
            if existing.get(qn("w:name")) == face.name:
                root.remove(existing)
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{face.name}">'
                f'<w:altName w:val="{face.alternative}"/><w:panose1 w:val="{face.panose}"/>'
                f'<w:charset w:val="86"/><w:family w:val="{face.family}"/><w:pitch w:val="{face.pitch}"/>'
                "</w:font>"
            )
        )
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- the page ----------------------------------------------------------------------------------


def set_page(section, page: PageSetup):
    """Size, orientation, margins and the document grid of 22 lines × 28 characters."""
    section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = page.width, page.height
    section.top_margin, section.bottom_margin = page.top, page.bottom
    section.left_margin, section.right_margin = page.left, page.right
    section.header_distance, section.footer_distance = page.header, page.footer
    grid = set_child(section._sectPr, "w:docGrid")
    for attribute in list(grid.attrib):
        del grid.attrib[attribute]
    # Word's character pitch is the Normal size plus charSpace/4096 pt; the line is measured in twips.
    type_width = round(PORTRAIT.type_width.twips) / 20
    char_space = math.floor((type_width / CHARS_PER_LINE - BODY_SIZE.pt) * 4096)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))
    grid.set(qn("w:charSpace"), str(char_space))
    return section


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


def add_page_number(footer, style: str, alignment):
    """— 1 —: the PAGE field between two dashes, one character in from the edge."""
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.style = style
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


# --- text helpers -------------------------------------------------------------------------------


def document_date(day: datetime.date | None) -> str:
    """成文日期 as GB/T 9704 writes it: 2022年1月20日 (the year in full, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def text_width(text: str) -> float:
    """Width in characters of the body font: Chinese and full-width forms 1, digits and Latin ½."""
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def spaced(text: str) -> str:
    """Short titles are spread out as official documents print them: 人 大 工 作 报 告."""
    return " ".join(text) if len(text) <= 6 else text


# --- the document ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A table cell: its text (lines split on newlines), columns spanned, a label or head cell, alignment, size."""

    text: str = ""
    span: int = 1
    head: bool = False
    align: WD_ALIGN_PARAGRAPH | None = None
    size: Length | None = None  # larger text than the table's, e.g. a form's boxes to tick


class OfficialDocument:
    """A Word document in the official layout; add blocks in reading order, then ``to_bytes()``."""

    def __init__(
        self,
        *,
        title: str = "",
        author: str = "",
        page: PageSetup = PORTRAIT,
        prefix: str = "Official",
        table_size=TABLE_SIZE,
    ):
        self.document = Document()
        self.page = page
        self.styles = Styles(prefix)
        section = set_page(self.document.sections[0], page)
        add_styles(self.document, self.styles, table_size=table_size)
        add_font_table(self.document)
        self.document.settings.odd_and_even_pages_header_footer = True
        add_page_number(section.footer, self.styles.page_number, WD_ALIGN_PARAGRAPH.RIGHT)
        add_page_number(section.even_page_footer, self.styles.page_number, WD_ALIGN_PARAGRAPH.LEFT)
        properties = self.document.core_properties
        properties.title = title
        properties.author = author
        properties.language = "zh-CN"
        for paragraph in list(self.document.paragraphs):  # the template's empty first paragraph
            paragraph._p.getparent().remove(paragraph._p)

    # --- sections ---

    @property
    def is_empty(self) -> bool:
        return not self.document.element.body.findall(qn("w:p")) and not self.document.tables

    def next_document(self):
        """Start the next document of a batch on a new page, its page numbers from 1 again."""
        if self.is_empty:
            return
        set_child(self.document.sections[-1]._sectPr, "w:pgNumType", start=1)
        self.document.add_section(WD_SECTION.NEW_PAGE)

    def page_break(self):
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # --- blocks ---

    def paragraph(self, text: str = "", style: str | None = None, *, align=None):
        paragraph = self.document.add_paragraph(text, style=style or self.styles.body)
        if align is not None:
            paragraph.alignment = align
        return paragraph

    def issuer(self, name: str, number: str = ""):
        """The letter format's head: the issuing body in red over a red double rule, the number under it.

        A long name is set smaller so that it stays on one line.
        """
        paragraph = self.paragraph(name, self.styles.issuer)
        fitting = math.floor(self.page.type_width.pt / max(text_width(name), 1)) - 1
        if fitting < ISSUER_SIZE.pt:
            for run in paragraph.runs:
                run.font.size = Pt(max(fitting, BODY_SIZE.pt))
        if number:
            self.paragraph(number, self.styles.number)

    def title(self, text: str):
        return self.paragraph(text, self.styles.title)

    def subtitle(self, text: str):
        return self.paragraph(text, self.styles.subtitle)

    def salutation(self, text: str):
        return self.paragraph(text, self.styles.salutation)

    def heading(self, text: str):
        return self.paragraph(text, self.styles.heading)

    def body(self, text: str = "", *, lead: str = ""):
        """A body paragraph, indented two characters; ``lead`` is a 楷体 second-level heading before it."""
        paragraph = self.paragraph(style=self.styles.body)
        if lead:
            paragraph.add_run(lead, style=self.styles.subheading)
        if text:
            paragraph.add_run(text)
        return paragraph

    def text(self, text: str):
        """Text typed in the platform: one body paragraph per line, empty lines dropped."""
        for line in text.splitlines():
            if line.strip():
                self.body(line.strip())

    def blank(self, lines: int = 1):
        for _ in range(lines):
            self.paragraph(style=self.styles.salutation)

    def signature(self, issuer: str, day: datetime.date | None, *, seal: bool = True):
        """发文机关署名 and 成文日期: the date four characters from the right, the body centred over it."""
        date = document_date(day) or "　　年　　月　　日"
        body = self.document.element.body
        last = body[-2] if len(body) > 1 and body[-1].tag == qn("w:sectPr") else body[-1]
        if last.tag == qn("w:p"):  # the text's last paragraph goes with the signature (GB/T 9704 §7.3.5)
            set_child(last.get_or_add_pPr(), "w:keepNext")
        if seal:
            for _ in range(2):
                self.paragraph(style=self.styles.signature)
        date_indent = 4
        issuer_indent = max(0.0, date_indent + (text_width(date) - text_width(issuer)) / 2)
        for text, chars in ((issuer, issuer_indent), (date, date_indent)):
            paragraph = self.paragraph(text, self.styles.signature)
            paragraph.paragraph_format.right_indent = Pt(chars * BODY_SIZE.pt)
        return paragraph

    def note(self, text: str):
        """附注 (the contact person and phone): two characters in, in brackets."""
        return self.paragraph(f"（{text}）", self.styles.note)

    def copy_to(self, text: str):
        """版记: 抄送 between two rules."""
        return self.paragraph(text, self.styles.copy_to)

    def table(
        self,
        widths: Sequence[Length],
        rows: Iterable[Sequence[Cell | str]],
        *,
        head: Sequence[str] = (),
        heights: Sequence[Length | None] = (),
        cell_margin: Length | None = None,
    ):
        """A ruled table centred on the type area, with fixed column widths; the head row repeats on each page.

        ``heights`` gives rows (after the head) a least height, for a form's boxes to write in;
        ``cell_margin`` narrows the left and right padding of the cells (Word's default is 1.9 mm).
        """
        table = self.document.add_table(rows=0, cols=len(widths))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False  # w:tblLayout fixed: the widths below, whatever the text
        if cell_margin is not None:
            twips = round(Length(cell_margin).twips)
            margins = parse_xml(
                f'<w:tblCellMar {nsdecls("w")}><w:left w:w="{twips}" w:type="dxa"/>'
                f'<w:right w:w="{twips}" w:type="dxa"/></w:tblCellMar>'
            )
            table._tbl.tblPr.insert_element_before(
                margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
            )
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        if head:
            row = self._row(table, widths, [Cell(text, head=True) for text in head])
            set_child(row._tr.get_or_add_trPr(), "w:tblHeader")
        for index, values in enumerate(rows):
            row = self._row(table, widths, [v if isinstance(v, Cell) else Cell(str(v)) for v in values])
            height = heights[index] if index < len(heights) else None
            if height is not None:
                row.height, row.height_rule = height, WD_ROW_HEIGHT_RULE.AT_LEAST
        return table

    def _row(self, table, widths, cells: Sequence[Cell]):
        row = table.add_row()
        set_child(row._tr.get_or_add_trPr(), "w:cantSplit")
        column = 0
        for cell in cells:
            target = row.cells[column]
            if cell.span > 1:
                target = target.merge(row.cells[column + cell.span - 1])
            target.width = Length(sum(widths[column : column + cell.span]))
            target.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            style = self.styles.table_head if cell.head else self.styles.table_text
            lines = cell.text.split("\n") if cell.text else [""]
            first = target.paragraphs[0]
            first.style = style
            first.text = lines[0]
            for line in lines[1:]:
                target.add_paragraph(line, style=style)
            for paragraph in target.paragraphs:
                if cell.align is not None:
                    paragraph.alignment = cell.align
                if cell.size is not None:
                    paragraph.paragraph_format.line_spacing = Pt(round(cell.size.pt * 1.3, 1))
                    for run in paragraph.runs:
                        run.font.size = cell.size
            column += cell.span
        return row

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


# --- download -----------------------------------------------------------------------------------


def ascii_fallback(filename: str) -> str:
    """The name for clients without RFC 5987: its ASCII part (交办通知书-2022-003等5件.docx → 2022-003-5.docx)."""
    stem, dot, extension = filename.rpartition(".")
    plain = re.sub(r"[^A-Za-z0-9._]+", "-", stem).strip("-_.")
    return f"{plain or 'document'}{dot}{extension}"


def docx_response(content: bytes, filename: str) -> HttpResponse:
    """The .docx as a download named in Chinese (RFC 5987 ``filename*``, with an ASCII ``filename``)."""
    response = HttpResponse(content, content_type=DOCX)
    encoded = content_disposition_header(True, filename)
    if "filename*=" in encoded:
        encoded = f'attachment; filename="{ascii_fallback(filename)}"; {encoded.removeprefix("attachment; ")}'
    response["Content-Disposition"] = encoded
    return response
