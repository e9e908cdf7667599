"""Done when: staff print, for every item of the 2022 demo, its notice, evaluation form and reply letter, and
the year's ledger."""

import io

import docx
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from suggestions import selectors
from suggestions.documents import Kind
from suggestions.models import Suggestion
from tests.demo import load_demo

# 乌审召镇's figures: the demo's second township, 图克镇, has a year of its own.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("first_township_scope")]


def opened(response) -> str:
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_staff_print_every_document_of_the_2022_demo(client):
    load_demo()
    client.force_login(get_user_model().objects.get(username="staff"))
    items = list(selectors.for_documents(Suggestion.objects.in_year(2022).order_by("number")))
    assert len(items) == 23
    for item in items:
        units = [a.unit.name for a in item.current_round.assignments.all()]
        for kind in Kind:
            text = opened(client.get(reverse("admin:suggestions_suggestion_document", args=[item.pk, kind])))
            assert item.number in text and item.proposer in text, (item.number, kind)
            if kind == Kind.NOTICE:
                assert all(f"{unit}：" in text for unit in units), item.number
            else:
                assert item.current_round.reply.text.splitlines()[0][:20] in text
    ledger = opened(client.get(reverse("admin:suggestions_suggestion_ledger_word") + "?year=2022"))
    assert "乌审召镇2022年代表建议办理台账" in ledger and "共23件" in ledger
    assert all(item.number in ledger for item in items)
