"""The sign-in slips: a page printing one slip per A4 third, and the office's .xlsx record of them.

Both come out of the one response that opened the accounts or reset their
passwords: the one-time passwords are in no table, session or cache, only in
that page (sent ``no-store``) and the workbook embedded in it as a download.
A lost page is replaced by resetting the passwords again (a new slip); the
old one-time passwords stop working then.
"""

from __future__ import annotations

import base64
import io

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from congress.qr import qr_data_uri

from .services import Slip

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["序号", "姓名", "账号类别", "所属", "用户名", "初始密码", "发放日期", "发放人", "事由"]
WIDTHS = [6, 16, 10, 30, 16, 14, 18, 12, 10]


def _reason(slip: Slip) -> str:
    return "开通账号" if slip.action == "opened" else "重置密码"


def slips_xlsx(slips: list[Slip]) -> bytes:
    """账号发放登记表: one row per slip (name, username, password, date, who issued), for the office's file."""
    book = Workbook()
    sheet = book.active
    sheet.title = "账号发放登记"
    sheet.append(["账号发放登记表（初始密码仅供首次登录，登录后须修改；请妥善保管本表）"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for number, slip in enumerate(slips, start=1):
        issued = timezone.localtime(slip.issued_at).strftime("%Y-%m-%d %H:%M")
        sheet.append(
            [
                number,
                slip.name,
                slip.holder,
                slip.detail,
                slip.username,
                slip.password,
                issued,
                slip.issued_by,
                _reason(slip),
            ]
        )
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(ord("A") + index - 1)].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.number_format = "@"  # usernames are phone numbers: text, not 1.39E+10
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def slips_response(request, slips: list[Slip], *, title: str, back_url: str, skipped=(), extra=None):
    """The page of slips (and the workbook as a download in it); nothing of it is kept anywhere."""
    from django.contrib import admin

    portal_url = request.build_absolute_uri(reverse("portal"))
    today = timezone.localdate().isoformat()
    context = {
        **admin.site.each_context(request),
        "title": title,
        "slips": slips,
        "skipped": list(skipped),
        "portal_url": portal_url,
        "qr": qr_data_uri(portal_url) if slips else "",
        "xlsx_href": f"data:{XLSX};base64,{base64.b64encode(slips_xlsx(slips)).decode()}" if slips else "",
        "xlsx_name": _("accounts-%(date)s.xlsx") % {"date": today},
        "back_url": back_url,
        **(extra or {}),
    }
    response = TemplateResponse(request, "admin/congress/account/slips.html", context)
    # The page holds passwords: never kept by the browser or a proxy, never in the page cache.
    response["Cache-Control"] = "no-store, private"
    return response
