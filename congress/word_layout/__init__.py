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

from .document import (
    Cell,
    OfficialDocument,
    ascii_fallback,
    chosen_fonts,
    document_date,
    docx_response,
    spaced,
    text_width,
)
from .setup import (
    BODY_FONT,
    BODY_SIZE,
    DOCX,
    FACES,
    HEADING_FONT,
    LANDSCAPE,
    LINE_PITCH,
    PAGE_NUMBER_FONT,
    PAGE_NUMBER_SIZE,
    PORTRAIT,
    SMALL_TABLE_SIZE,
    SUBHEADING_FONT,
    TABLE_SIZE,
    TITLE_FONT,
    TITLE_SIZE,
    Face,
    PageSetup,
    Styles,
    add_font_table,
    add_page_number,
    add_styles,
    set_child,
    set_page,
)

__all__ = [
    "BODY_FONT",
    "BODY_SIZE",
    "DOCX",
    "FACES",
    "HEADING_FONT",
    "LANDSCAPE",
    "LINE_PITCH",
    "PAGE_NUMBER_FONT",
    "PAGE_NUMBER_SIZE",
    "PORTRAIT",
    "SMALL_TABLE_SIZE",
    "SUBHEADING_FONT",
    "TABLE_SIZE",
    "TITLE_FONT",
    "TITLE_SIZE",
    "Cell",
    "Face",
    "OfficialDocument",
    "PageSetup",
    "Styles",
    "add_font_table",
    "add_page_number",
    "add_styles",
    "ascii_fallback",
    "chosen_fonts",
    "document_date",
    "docx_response",
    "set_child",
    "set_page",
    "spaced",
    "text_width",
]
