"""An official document built block by block (title block, title, body, signature, tables), and its download."""

from __future__ import annotations

import datetime
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Length, Pt

from .setup import (
    BODY_SIZE,
    DOCX,
    FONT_SETS,
    GB2312_FONTS,
    ISSUER_SIZE,
    PORTRAIT,
    TABLE_SIZE,
    FontSet,
    PageSetup,
    Styles,
    add_font_table,
    add_page_number,
    add_styles,
    set_child,
    set_page,
)

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


def chosen_fonts() -> FontSet:
    """The font set the township profile chose (GB/T 9704's GB2312 faces unless it chose Windows')."""
    from congress.models import TownshipProfile

    return FONT_SETS.get(TownshipProfile.current().document_fonts, GB2312_FONTS)


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
        fonts: FontSet | None = None,
    ):
        fonts = fonts or GB2312_FONTS
        self.document = Document()
        self.page = page
        self.styles = Styles(prefix)
        section = set_page(self.document.sections[0], page)
        add_styles(self.document, self.styles, table_size=table_size, fonts=fonts)
        add_font_table(self.document, fonts.faces)
        self.document.settings.odd_and_even_pages_header_footer = True
        add_page_number(section.footer, self.styles.page_number, WD_ALIGN_PARAGRAPH.RIGHT)
        add_page_number(section.even_page_footer, self.styles.page_number, WD_ALIGN_PARAGRAPH.LEFT)
        properties = self.document.core_properties
        properties.title = title
        properties.author = author
        properties.language = "zh-CN"
        for paragraph in list(self.document.paragraphs):  # the template's empty first paragraph
            paragraph._p.getparent().remove(paragraph._p)
        # Style ids by name, once: python-docx looks a style up by scanning every style for each
        # paragraph it styles, which made a batch of notices take seconds.
        self._style_ids = {style.name: style.style_id for style in self.document.styles}

    # --- sections ---

    @property
    def is_empty(self) -> bool:
        """Nothing in the body yet but the section's properties."""
        return all(child.tag == qn("w:sectPr") for child in self.document.element.body)

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
        paragraph = self.document.add_paragraph()
        paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = self._style_ids[style or self.styles.body]
        if text:
            paragraph.add_run(xml_text(text))
        if align is not None:
            paragraph.alignment = align
        return paragraph

    def run(self, paragraph, text: str, style: str | None = None):
        """A run of ``text`` in ``paragraph``, in a character style if given."""
        run = paragraph.add_run(xml_text(text))
        if style is not None:
            run._r.get_or_add_rPr().get_or_add_rStyle().val = self._style_ids[style]
        return run

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
            self.run(paragraph, lead, self.styles.subheading)
        if text:
            self.run(paragraph, text)
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
        Rows are written as XML directly: python-docx's row API re-reads the whole table for each
        row, which makes a year's ledger take minutes.
        """
        table = self.document.add_table(rows=0, cols=len(widths))
        table._tbl.tblPr.get_or_add_tblStyle().val = self._style_ids["Table Grid"]
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
        styles = {
            False: self._style_ids[self.styles.table_text],
            True: self._style_ids[self.styles.table_head],
        }
        twips = [round(Length(width).twips) for width in widths]
        xml = []
        if head:
            xml.append(_row(twips, [Cell(text, head=True) for text in head], styles, header=True))
        for index, values in enumerate(rows):
            cells = [v if isinstance(v, Cell) else Cell(str(v)) for v in values]
            height = heights[index] if index < len(heights) else None
            xml.append(_row(twips, cells, styles, height=height))
        for row in parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(xml)}</w:tbl>"):
            table._tbl.append(row)
        return table

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


# --- tables as XML --------------------------------------------------------------------------------

ALIGNMENTS = {
    WD_ALIGN_PARAGRAPH.LEFT: "left",
    WD_ALIGN_PARAGRAPH.CENTER: "center",
    WD_ALIGN_PARAGRAPH.RIGHT: "right",
    WD_ALIGN_PARAGRAPH.JUSTIFY: "both",
}
# Characters XML 1.0 cannot carry (a pasted form feed, an Excel cell's vertical tab): dropped.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return NOT_XML.sub("", text)


def _row(widths: Sequence[int], cells: Sequence[Cell], styles: dict, *, header: bool = False, height=None):
    """A w:tr as XML text (a ledger has thousands of cells): rows never split across pages, the head row
    repeats, cells are centred vertically. ``widths`` in twips."""
    xml = ["<w:tr><w:trPr><w:cantSplit/>"]
    if height is not None:
        xml.append(f'<w:trHeight w:val="{round(Length(height).twips)}" w:hRule="atLeast"/>')
    if header:
        xml.append("<w:tblHeader/>")
    xml.append("</w:trPr>")
    column = 0
    for cell in cells:
        xml.append(f'<w:tc><w:tcPr><w:tcW w:w="{sum(widths[column : column + cell.span])}" w:type="dxa"/>')
        if cell.span > 1:
            xml.append(f'<w:gridSpan w:val="{cell.span}"/>')
        xml.append('<w:vAlign w:val="center"/></w:tcPr>')
        p_pr = f'<w:pPr><w:pStyle w:val="{styles[cell.head]}"/>'
        r_pr = ""
        if cell.size is not None:
            p_pr += f'<w:spacing w:line="{round(cell.size.pt * 1.3 * 20)}" w:lineRule="exact"/>'
            r_pr = f'<w:rPr><w:sz w:val="{round(cell.size.pt * 2)}"/><w:szCs w:val="{round(cell.size.pt * 2)}"/></w:rPr>'
        if cell.align is not None:
            p_pr += f'<w:jc w:val="{ALIGNMENTS[cell.align]}"/>'
        p_pr += "</w:pPr>"
        for line in xml_text(cell.text).split("\n"):
            run = f'<w:r>{r_pr}<w:t xml:space="preserve">{escape(line)}</w:t></w:r>' if line else ""
            xml.append(f"<w:p>{p_pr}{run}</w:p>")
        xml.append("</w:tc>")
        column += cell.span
    xml.append("</w:tr>")
    return "".join(xml)
