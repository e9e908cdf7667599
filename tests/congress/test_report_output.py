"""The report's output: the HTML preview, the Word file in the official layout, the command, who may see it."""

import io
import re

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from congress.figures import records_url
from congress.models import ReportDraft
from office.report import services
from office.report.placeholders import placeholders_in
from tests.congress import test_report_fixtures as fixtures
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The shared fixtures (a conftest of its own would reach every congress test).
seed_figures = fixtures.seed_figures
seed_session = fixtures.seed_session


@pytest.fixture
def draft(seed_figures, seed_session):
    return services.draft_create(year=2022, session=seed_session)


def word(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))


def word_text(document) -> str:
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def east_asian_font(style) -> str:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


# ---- Word -----------------------------------------------------------------------------------


def test_the_word_file_has_the_official_page_setup(draft, staff_client):
    document = word(staff_client.get(reverse("admin:congress_reportdraft_docx", args=[draft.pk])).content)
    section = document.sections[0]
    mm = [round(length.mm, 1) for length in (section.page_width, section.page_height)]
    assert mm == [210, 297]  # A4
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(length.mm, 1) for length in margins] == [37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 22 lines of 28.95 pt on 225 mm


def test_the_word_file_sets_the_official_fonts_for_east_asian_text(draft, staff_client):
    document = word(staff_client.get(reverse("admin:congress_reportdraft_docx", args=[draft.pk])).content)
    styles = document.styles
    assert east_asian_font(styles["Normal"]) == "仿宋_GB2312"
    assert styles["Normal"].font.size == Pt(16)
    assert styles["Normal"].paragraph_format.line_spacing == Pt(28.95)
    assert east_asian_font(styles["Report Title"]) == "方正小标宋简体"
    assert styles["Report Title"].font.size == Pt(22)
    assert east_asian_font(styles["Report Heading"]) == "黑体"
    assert east_asian_font(styles["Report Subheading"]) == "楷体_GB2312"
    body = styles["Report Body"].element.pPr.find(qn("w:ind"))
    assert body.get(qn("w:firstLineChars")) == "200"
    # 28 characters of 16 pt on the 156 mm line.
    condensed = int(styles["Normal"].element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert 28 * (16 + condensed) <= Mm(156).pt < 29 * (16 + condensed)


def test_the_word_file_uses_the_styles_for_title_headings_and_subheadings(draft, staff_client):
    document = word(staff_client.get(reverse("admin:congress_reportdraft_docx", args=[draft.pk])).content)
    paragraphs = document.paragraphs
    assert paragraphs[0].style.name == "Report Title" and paragraphs[0].text == "人 大 工 作 报 告"
    headings = [p.text for p in paragraphs if p.style.name == "Report Heading"]
    assert headings == ["一、今年以来工作回顾", "二、下一步工作安排"]
    leads = [p.runs[0] for p in paragraphs if p.runs and p.runs[0].text.startswith("（一）")]
    assert leads and all(run.style.name == "Report Subheading" for run in leads)


def test_the_word_file_carries_the_figures(draft, staff_client):
    response = staff_client.get(reverse("admin:congress_reportdraft_docx", args=[draft.pk]))
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment" in response["Content-Disposition"]
    text = word_text(word(response.content))
    for phrase in fixtures.seed_phrases():
        assert phrase in text
    assert "{{" not in text


def test_page_numbers_are_page_fields_at_the_foot_between_dashes(draft, staff_client):
    document = word(staff_client.get(reverse("admin:congress_reportdraft_docx", args=[draft.pk])).content)
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer in (section.footer, section.even_page_footer):
        paragraph = footer.paragraphs[0]
        assert paragraph.text == "— 1 —"
        assert " PAGE " in "".join(node.text for node in paragraph._p.iter(qn("w:instrText")))
        assert east_asian_font(paragraph.style) == "宋体"
        assert paragraph.style.font.size == Pt(14)


# ---- HTML -----------------------------------------------------------------------------------


def test_the_preview_links_every_figure_to_its_records(draft, staff_client):
    html = staff_client.get(reverse("admin:congress_reportdraft_preview", args=[draft.pk])).content.decode()
    placeholders = [p for section in draft.sections.all() for p in placeholders_in(section.text)]
    links = re.findall(r'<a class="figure" href="([^"]+)"[^>]*data-figure="([^"]+)">([^<]+)</a>', html)
    assert len(links) == len(placeholders) > 10
    for (url, code, text), placeholder in zip(links, placeholders, strict=True):
        assert code == placeholder.code
        assert url == records_url(placeholder.code, 2022)
        assert text == draft.figures["texts"][placeholder.token]
    assert ">80多</a>人次" in html
    assert 'style="' not in html and "<script>" not in html


def test_the_preview_is_printable_on_a4(draft, staff_client):
    html = staff_client.get(reverse("admin:congress_reportdraft_preview", args=[draft.pk])).content.decode()
    assert 'href="/static/congress/report.css"' in html
    from django.contrib.staticfiles import finders

    css = open(finders.find("congress/report.css"), encoding="utf-8").read()
    assert "size: A4" in css and "margin: 37mm 26mm 35mm 28mm" in css


def test_a_figures_records_page_lists_the_records_with_links(draft, staff_client):
    response = staff_client.get(records_url("livelihood.voted", 2022))
    html = response.content.decode()
    assert response.status_code == 200
    assert "旧镇区文化广场球场建设项目" in html
    assert reverse("admin:deputies_constituency_change", args=[1]).rsplit("/1/", 1)[0] in html


def test_a_figures_records_page_is_paginated(staff_client, term):
    from deputies.models import Constituency

    Constituency.objects.bulk_create([Constituency(name=f"选区{n:03d}") for n in range(130)])
    from congress.figures import REGISTRY, Figure, FigureDefinition

    REGISTRY["report.test_constituencies"] = FigureDefinition(
        "report.test_constituencies", "test", lambda year: Figure.count(Constituency.objects.all())
    )
    try:
        first = staff_client.get(records_url("report.test_constituencies", 2022)).content.decode()
        second = staff_client.get(
            records_url("report.test_constituencies", 2022) + "?page=2"
        ).content.decode()
    finally:
        del REGISTRY["report.test_constituencies"]
    assert first.count("<li><a href=") == 100
    assert second.count("<li><a href=") == 30


def test_an_unknown_figure_has_no_records_page(staff_client):
    assert staff_client.get(records_url("nothing.here", 2022)).status_code == 404


# ---- who may see it ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["preview", "docx"])
def test_anonymous_users_and_deputies_cannot_reach_the_report(draft, client, deputy_user, name):
    url = reverse(f"admin:congress_reportdraft_{name}", args=[draft.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(deputy_user)
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_deputies_cannot_see_a_figures_records(client, deputy_user):
    client.force_login(deputy_user)
    response = client.get(records_url("receptions.visitors", 2022))
    assert response.status_code == 302


def test_staff_without_a_role_cannot_see_the_report(draft, client):
    client.force_login(UserFactory(username="plain-staff", is_staff=True))
    assert client.get(reverse("admin:congress_reportdraft_preview", args=[draft.pk])).status_code == 403
    assert client.get(records_url("receptions.visitors", 2022)).status_code == 403


# ---- the command -----------------------------------------------------------------------------


def test_the_command_writes_the_word_file_of_a_fresh_draft(seed_figures, tmp_path):
    path = tmp_path / "report.docx"
    call_command("annual_report", "--year", "2022", "--format", "docx", "--output", str(path))
    text = word_text(docx.Document(str(path)))
    for phrase in fixtures.seed_phrases():
        assert phrase in text
    assert ReportDraft.objects.count() == 0  # nothing saved


def test_the_command_uses_the_final_draft_of_the_year(draft, seed_figures, tmp_path):
    section = draft.sections.get(key="opening")
    section.text = "我受主席团的委托，向大会报告工作。"
    section.save()
    services.draft_finalise(draft)
    path = tmp_path / "report.html"
    call_command("annual_report", "--year", "2022", "--format", "html", "--output", str(path))
    html = path.read_text(encoding="utf-8")
    assert "我受主席团的委托，向大会报告工作。" in html
    assert "<style>" in html and "size: A4" in html  # readable away from the server
