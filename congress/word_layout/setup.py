"""The page, the fonts, the styles, the grid and the page numbers of every printed document (see the package)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
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


@dataclass(frozen=True)
class FontSet:
    """The faces a document names, by role. The township profile chooses the set (document_fonts)."""

    title: Face
    body: Face
    subheading: Face
    heading: Face
    page_number: Face

    @property
    def faces(self) -> tuple[Face, ...]:
        return (self.title, self.body, self.subheading, self.heading, self.page_number)


# GB/T 9704's faces, as offices that print official documents have them installed.
GB2312_FONTS = FontSet(TITLE_FACE, BODY_FACE, KAI_FACE, HEI_FACE, SONG_FACE)
# The faces every Chinese Windows has (and WPS), for an office without the GB2312 set:
# 仿宋 and 楷体 are the same designs; the title in 华文中宋 (Office), else 宋体.
WINDOWS_FONTS = FontSet(
    Face("华文中宋", "宋体", "02010600040101010101", "auto", "variable"),
    Face("仿宋", "FangSong", "02010609060101010101", "modern"),
    Face("楷体", "KaiTi", "02010609060101010101", "modern"),
    HEI_FACE,
    SONG_FACE,
)
FONT_SETS = {"gb2312": GB2312_FONTS, "windows": WINDOWS_FONTS}

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


def _normal(document, fonts: FontSet = GB2312_FONTS):
    # Word measures the grid's character pitch from the default size: make it the body's too.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None and defaults.find(qn("w:rPrDefault")) is not None:
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        set_child(rpr, "w:sz", val=int(BODY_SIZE.pt * 2))
        set_child(rpr, "w:szCs", val=int(BODY_SIZE.pt * 2))
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    set_fonts(normal.font, fonts.body.name)
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


def add_styles(document, styles: Styles, *, table_size=TABLE_SIZE, fonts: FontSet = GB2312_FONTS):
    """Normal and the styles every printed document uses, under the family's names."""
    _normal(document, fonts)

    title = _style(document, styles.title, fonts.title.name, TITLE_SIZE)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = LINE_PITCH
    title.paragraph_format.line_spacing = Pt(36)
    _outline(title, 0)

    subtitle = _style(document, styles.subtitle, fonts.subheading.name, BODY_SIZE)
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    body = _style(document, styles.body, fonts.body.name, BODY_SIZE)
    indent_chars(body.element, INDENT_CHARS, BODY_SIZE)

    salutation = _style(document, styles.salutation, fonts.body.name, BODY_SIZE)
    salutation.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    heading = _style(document, styles.heading, fonts.heading.name, BODY_SIZE)
    heading.paragraph_format.keep_with_next = True
    indent_chars(heading.element, INDENT_CHARS, BODY_SIZE)
    _outline(heading, 1)

    _style(document, styles.subheading, fonts.subheading.name, BODY_SIZE, kind=WD_STYLE_TYPE.CHARACTER)

    page_number = _style(document, styles.page_number, fonts.page_number.name, PAGE_NUMBER_SIZE)
    indent_chars(page_number.element, 0, PAGE_NUMBER_SIZE)

    issuer = _style(document, styles.issuer, fonts.title.name, ISSUER_SIZE)
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

    number = _style(document, styles.number, fonts.body.name, BODY_SIZE)
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    signature = _style(document, styles.signature, fonts.body.name, BODY_SIZE)
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signature.paragraph_format.keep_with_next = True

    note = _style(document, styles.note, fonts.body.name, BODY_SIZE)
    indent_chars(note.element, INDENT_CHARS, BODY_SIZE)

    # 版记: 四号 仿宋 between two rules, one character in from each side.
    copy_to = _style(document, styles.copy_to, fonts.body.name, PAGE_NUMBER_SIZE)
    copy_to.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    indent_chars(copy_to.element, 1, PAGE_NUMBER_SIZE, kind="left")
    indent_chars(copy_to.element, 1, PAGE_NUMBER_SIZE, kind="right")
    rules = set_child(copy_to.element.get_or_add_pPr(), "w:pBdr")
    for side in ("top", "bottom"):
        rules.append(
            parse_xml(f'<w:{side} {nsdecls("w")} w:val="single" w:sz="8" w:space="4" w:color="auto"/>')
        )

    for name, face, alignment in (
        (styles.table_text, fonts.body.name, WD_ALIGN_PARAGRAPH.LEFT),
        (styles.table_head, fonts.heading.name, WD_ALIGN_PARAGRAPH.CENTER),
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
