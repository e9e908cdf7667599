"""The layout every printed Word document shares (congress.word_layout): page, grid, fonts, title block, download."""

import io
import math
from urllib.parse import quote

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from congress.word_layout import LANDSCAPE, Cell, OfficialDocument, docx_response
from congress.word_layout.setup import ORDERS


def reopened(out: OfficialDocument) -> docx.document.Document:
    return docx.Document(io.BytesIO(out.to_bytes()))


def sample() -> OfficialDocument:
    out = OfficialDocument(title="测试")
    out.issuer("乌审召镇人大主席团", "编号：2022-001")
    out.title("代表建议交办通知书")
    out.salutation("镇农业综合服务中心：")
    out.body("正文。")
    out.table([Pt(100), Pt(342)], [[Cell("标签", head=True), "内容"]], heights=[Pt(30)])
    out.signature("乌审召镇人大主席团", None)
    out.note("联系人：张晓燕")
    out.copy_to("抄送：乌审召镇人大主席团。")
    return out


def test_words_document_grid_shows_22_lines_of_28_characters():
    document = reopened(sample())
    section = document.sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    line_pitch = int(grid.get(qn("w:linePitch"))) / 20
    char_pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096  # the default size plus charSpace/4096 pt
    type_width = Length(section.page_width - section.left_margin - section.right_margin).pt
    type_height = Length(section.page_height - section.top_margin - section.bottom_margin).pt
    assert math.floor(type_width / char_pitch) == 28
    assert math.floor(type_height / line_pitch) == 22
    size = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}"
    )
    assert size.get(qn("w:val")) == "32"  # the size Word measures charSpace from: 三号


def test_the_text_keeps_its_exact_pitch_instead_of_snapping_to_the_grid():
    normal = reopened(sample()).styles["Normal"]
    assert normal.element.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    condensed = int(normal.element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert 28 * (16 + condensed) <= (156 / 25.4 * 72) < 29 * (16 + condensed)


@pytest.mark.parametrize(
    ("face", "fallback"),
    [
        ("仿宋_GB2312", "仿宋"),
        ("楷体_GB2312", "楷体"),
        ("方正小标宋简体", "宋体"),
        ("黑体", "SimHei"),
        ("宋体", "SimSun"),
    ],
)
def test_each_face_names_the_windows_face_to_use_without_it(face, fallback):
    document = reopened(sample())
    fonts = parse_xml(document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE).blob)
    entries = [f for f in fonts.findall(qn("w:font")) if f.get(qn("w:name")) == face]
    assert len(entries) == 1
    assert entries[0].find(qn("w:altName")).get(qn("w:val")) == fallback
    assert entries[0].find(qn("w:charset")).get(qn("w:val")) == "86"  # GB2312


def test_every_property_element_is_in_the_schemas_order():
    """Word refuses a file whose w:pPr, w:rPr, w:sectPr or w:trPr children are out of order."""
    document = reopened(sample())
    parts = [document.styles.element, document.element]
    for part in parts:
        for tag, order in ORDERS.items():
            for element in part.iter(qn(tag)):
                names = [
                    "w:" + child.tag.rpartition("}")[2] for child in element if child.tag.startswith("{http")
                ]
                known = [name for name in names if name in order]
                assert known == sorted(known, key=order.index), (tag, names)


def test_the_title_block_is_red_over_a_double_rule_with_the_number_under_it():
    document = reopened(sample())
    head, number, title = document.paragraphs[:3]
    assert head.text == "乌审召镇人大主席团"
    assert str(head.style.font.color.rgb) == "E60012"
    rule = head.style.element.pPr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}")
    assert rule.get(qn("w:val")) == "thickThinSmallGap" and rule.get(qn("w:color")) == "E60012"
    assert number.text == "编号：2022-001" and number.style.name == "Official Number"
    assert title.style.font.size == Pt(22)


def test_a_long_issuer_is_set_smaller_to_stay_on_one_line():
    out = OfficialDocument()
    out.issuer("镇村镇规划建设和环境保护办公室")  # 15 characters: 30 pt would need 450 pt of the 442
    size = out.document.paragraphs[0].runs[0].font.size
    assert size is not None and 15 * size.pt <= 442


def test_the_signature_leaves_room_for_the_seal_and_centres_the_body_over_the_date():
    import datetime

    out = OfficialDocument()
    out.body("特此通知。")
    out.signature("乌审召镇人大主席团", datetime.date(2022, 1, 20))
    closing, blank1, blank2, issuer, date = out.document.paragraphs
    assert closing.paragraph_format.keep_with_next  # never a signature alone on a page
    assert blank1.text == blank2.text == ""
    assert date.text == "2022年1月20日" and date.paragraph_format.right_indent == Pt(64)  # four characters
    # 2022年1月20日 is 6½ characters wide (digits are half), the body 9: centred, it sits 2¾ characters in.
    assert issuer.paragraph_format.right_indent == Pt(44)


def test_a_batch_starts_each_document_on_a_new_page_numbered_from_one():
    out = OfficialDocument()
    for n in range(3):
        out.next_document()
        out.body(f"第{n + 1}件")
    document = reopened(out)
    assert len(document.sections) == 3
    assert all(s._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1" for s in document.sections)
    assert document.settings.odd_and_even_pages_header_footer
    assert document.sections[0].footer.paragraphs[0].text == "— 1 —"


def test_wide_tables_print_on_landscape_a4_with_a_head_row_on_every_page():
    out = OfficialDocument(page=LANDSCAPE)
    out.table([Pt(300), Pt(337)], [["1", "2"]] * 3, head=["序号", "内容"])
    document = reopened(out)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert [round(section.page_width.mm), round(section.page_height.mm)] == [297, 210]
    assert round(Length(section.page_width - section.left_margin - section.right_margin).mm) == 225
    rows = document.tables[0].rows
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)


def test_downloads_are_named_in_chinese_with_an_ascii_name_for_old_clients():
    response = docx_response(b"x", "交办通知书-2022-003等5件.docx")
    assert (
        response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"2022-003-5.docx\"; filename*=utf-8''{quote('交办通知书-2022-003等5件.docx')}"
    )
    assert docx_response(b"x", "ledger.docx")["Content-Disposition"] == 'attachment; filename="ledger.docx"'


def test_an_office_without_the_gb2312_fonts_chooses_the_windows_ones(db):
    from docx import Document

    from congress.models import TownshipProfile
    from congress.word_layout import OfficialDocument, chosen_fonts
    from tests.factories import TownshipProfileFactory

    TownshipProfileFactory()
    TownshipProfile.objects.update(document_fonts="windows")
    document = OfficialDocument(title="t", fonts=chosen_fonts())
    document.body("各位代表：")
    opened = Document(io.BytesIO(document.to_bytes()))
    normal = opened.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋"
    fonts_xml = opened.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE).blob.decode()
    assert 'w:name="华文中宋"' in fonts_xml and 'w:name="仿宋_GB2312"' not in fonts_xml
