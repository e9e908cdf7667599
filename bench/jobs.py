"""The slow jobs, timed in one process (bench/run): the dashboard, the work report, the ledger import."""

from __future__ import annotations

import datetime
import statistics
import time

from bench.targets import IMPORT_TARGET_S


def timed(function, repeat: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def time_dashboard() -> dict:
    """The dashboard page (panel cached for the data version) and after a save (rendered afresh)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from congress import cache
    from office.dashboard import build

    client = Client()
    client.force_login(get_user_model().objects.get(username="scale-staff"))
    client.get("/admin/")
    seconds, response = timed(lambda: client.get("/admin/"), 5)
    assert response.status_code == 200

    def after_a_save():
        cache.bump()
        return client.get("/admin/")

    cold_seconds, _ = timed(after_a_save, 3)
    build_seconds, _ = timed(build, 3)
    return {"page_ms": seconds * 1000, "cold_ms": cold_seconds * 1000, "build_ms": build_seconds * 1000}


def time_comparison() -> dict:
    """The banner's comparison of its townships (kept per data version) and its first request after a save."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from congress import cache
    from congress.demo import DEMO_PASSWORD
    from congress.models import Township
    from congress.roles import Role, grant_role
    from congress.townships import place_account

    user, created = get_user_model().objects.get_or_create(username="scale-banner")
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        grant_role(user, Role.BANNER)
        place_account(user, banner=True)
    client = Client()
    client.force_login(user)
    assert client.get("/banner/").status_code == 200
    seconds, response = timed(lambda: client.get("/banner/"), 5)
    assert response.status_code == 200

    def after_a_save():
        cache.bump()
        return client.get("/banner/")

    cold_seconds, _ = timed(after_a_save, 3)
    cache.bump()
    with CaptureQueriesContext(connection) as queries:
        client.get("/banner/")
    return {
        "townships": Township.objects.count(),
        "page_ms": seconds * 1000,
        "cold_ms": cold_seconds * 1000,
        "cold_queries": len(queries),
    }


def report_draft():
    """The 2022 work report's draft (made from the template and the scale data the first time)."""
    from django.contrib.auth import get_user_model

    from congress.models import ReportDraft
    from office.report import services as report_services

    draft = ReportDraft.objects.filter(year=2022).order_by("pk").first()
    if draft is None:
        staff = get_user_model().objects.get(username="scale-staff")
        draft = report_services.draft_create(
            year=2022, session=report_services.default_session(2022), actor=staff
        )
    return draft


def time_report() -> dict:
    from congress.models import ReportDraft
    from office.report import document
    from office.report.word import docx_bytes

    draft = report_draft()

    def docx():
        return docx_bytes(
            document.build(ReportDraft.objects.select_related("session").get(pk=draft.pk), link=False)
        )

    seconds, content = timed(docx, 3)
    return {"docx_s": seconds, "bytes": len(content), "draft": draft.pk}


def ledger_rows(count: int, *, bad_row: int | None = None) -> bytes:
    """An office ledger (台账) of ``count`` suggestions of this year, as the office's own .xlsx."""
    import random

    from openpyxl import Workbook

    from congress.models import Term
    from deputies.models import Deputy, PresidiumMembership
    from suggestions.importers import CHINESE
    from suggestions.models import HandlingUnit

    rng = random.Random(9)
    today = datetime.date.today()
    term = Term.objects.current()
    names = list(Deputy.objects.filter(term=term, status="active").values_list("name", flat=True))
    units = list(HandlingUnit.objects.values_list("name", flat=True))
    supervisors = list(
        PresidiumMembership.objects.filter(term=term, end_date__isnull=True).values_list(
            "deputy__name", flat=True
        )
    )
    headers = [
        "序号", "编号", "标题", "建议内容", "类别", "来源", "领衔代表", "附议代表", "收到日期", "承办单位", "协办单位",
        "督办人", "交办日期", "办理时限", "办理状态", "见面情况", "答复情况", "答复日期", "办理结果", "满意度",
        "测评日期", "重点督办", "公开",
    ]  # fmt: skip
    book = Workbook()
    sheet = book.active
    sheet.append([f"{today.year}年代表建议办理台账"])
    sheet.append(headers)
    categories = list(CHINESE["category"].values())
    for n in range(1, count + 1):
        received = today - datetime.timedelta(days=rng.randint(120, 300))
        assigned = received + datetime.timedelta(days=5)
        deadline = assigned + datetime.timedelta(days=90)
        replied = assigned + datetime.timedelta(days=rng.randint(20, 80))
        evaluated = replied + datetime.timedelta(days=7)
        kind = n % 4  # registered / in handling / replied and rated / closed
        lead = rng.choice(names)
        if bad_row == n:
            lead = "不在名册上的人"
        row = [
            n,
            "",
            f"关于第{n}项民生问题的建议",
            f"群众反映第{n}项问题，建议有关部门研究解决。",
            rng.choice(categories),
            rng.choice(["会议期间", "闭会期间"]),
            lead,
            "、".join(rng.sample([x for x in names if x != lead], 2)),
            received.isoformat(),
        ]
        handled = kind > 0
        row += [rng.choice(units) if handled else "", "", rng.choice(supervisors) if handled else ""]
        row += [assigned.isoformat() if handled else "", deadline.isoformat() if handled else ""]
        state = ["已登记", "办理中", "已测评", "已办结"][kind]
        row += [state, f"{(assigned + datetime.timedelta(days=10)).isoformat()} 电话" if handled else ""]
        if kind >= 2:
            row += [
                "经研究已落实。",
                replied.isoformat(),
                rng.choice(["A类", "B类"]),
                "满意",
                evaluated.isoformat(),
            ]
        else:
            row += ["", "", "", "", ""]
        row += ["否", "否"]
        sheet.append(row)
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import(rows: int, *, bad_row: int | None = None) -> dict:
    """Import a ledger of ``rows`` suggestions, rolled back afterwards (the loaded data stays as it was)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from congress.importing import run_import
    from suggestions.importers import LedgerResource
    from suggestions.models import Suggestion

    staff = get_user_model().objects.get(username="scale-staff")
    content = ledger_rows(rows, bad_row=bad_row)
    before = Suggestion.objects.count()
    with transaction.atomic():
        started = time.perf_counter()
        report = run_import(LedgerResource(actor=staff), content)
        seconds = time.perf_counter() - started
        written = Suggestion.objects.count() - before
        transaction.set_rollback(True)
    return {"rows": rows, "seconds": seconds, "written": written, "errors": report.errors[:3]}


def time_import(rows: int, *, sample: int, full: bool) -> dict:
    """Time the import of ``rows`` suggestions, and check a sheet with one bad row writes nothing.

    A sample is imported first; when it shows the full import would take over three times
    its target, the full import is not run (unless ``full``) and its time is projected
    from the sample, so that the benchmark stays within its time.
    """
    sample = min(sample, rows)
    first = _import(sample)
    projected = first["seconds"] * rows / sample
    result = {"rows": rows, "sample": first, "projected": projected, "measured": None}
    if full or sample == rows or projected <= 3 * IMPORT_TARGET_S:
        result["measured"] = first if sample == rows else _import(rows)
    result["bad"] = _import(sample, bad_row=sample // 2)
    return result
