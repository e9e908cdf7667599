"""Helpers of the account tests: take the admin's "open accounts" and "reset" actions, read the slips."""

import base64
import io
import re

from django.urls import reverse
from openpyxl import load_workbook

DEPUTIES = reverse("admin:deputies_deputy_changelist")
UNITS = reverse("admin:suggestions_handlingunit_changelist")
ACCOUNTS = reverse("admin:congress_account_changelist")


def act(client, changelist, action, records, **data):
    """Post an admin action on ``records`` (without "apply": its confirmation page)."""
    return client.post(
        changelist, {"action": action, "_selected_action": [str(r.pk) for r in records], **data}
    )


def open_accounts(client, changelist, records, **data):
    """Confirm an "open accounts" action: the response is the page of slips."""
    return act(client, changelist, "open_accounts", records, apply="1", **data)


def slips_of(response) -> list[dict]:
    """The slips on the page: name, username and one-time password of each."""
    html = response.content.decode()
    names = re.findall(r'<h2 class="slip-name">([^<]+)</h2>', html)
    mono = re.findall(r'<dd class="slip-mono[^"]*" translate="no">([^<]+)</dd>', html)
    return [
        {"name": name, "username": mono[2 * i], "password": mono[2 * i + 1]} for i, name in enumerate(names)
    ]


def workbook_of(response):
    """The .xlsx record embedded in the slips page (a data: link), as rows of values."""
    html = response.content.decode()
    encoded = re.search(r'href="data:application/vnd[^;]+;base64,([^"]+)"', html).group(1)
    sheet = load_workbook(io.BytesIO(base64.b64decode(encoded))).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]
