"""The benchmark behind bench/run: scale data in PostgreSQL, gunicorn, wrk, and the slow jobs timed.

1. Creates a PostgreSQL database on 127.0.0.1 (user postgres, trust auth), migrates it and
   loads ``generate_scale_data --factor N`` (kept between runs with ``--reuse``).
2. Serves the platform with gunicorn (as many workers as cores) on 127.0.0.1, with
   ``bench.settings`` (the platform's settings plus the bare view /bench/bare/).
3. Drives each key page with wrk (bounded in time, 8 connections) and reads requests per
   second and the 50th and 99th latency percentiles; signed-in pages get a session cookie
   made here. Each page's throughput is also given as a share of the bare view's.
4. Times in one process: the dashboard, the 2022 work report's .docx, and an .xlsx import
   of 10,000 suggestions through the ledger importer (all or nothing; then the same sheet
   with one bad row, which must write nothing).
5. Writes docs/benchmarks.md with the machine, the date and the exact command.

Run it as ``bench/run [--factor 20] [--reuse] [--seconds 10] [--connections 8]``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
VAR = ROOT / "var" / "bench"

# Targets of issue 9 (at N=20 on PostgreSQL).
SHARE_TARGET = 0.25  # public and portal pages: at least 25% of the bare view's throughput
P99_TARGET_MS = 150.0  # every page at 8 connections
DASHBOARD_TARGET_MS = 300.0
DOCX_TARGET_S = 2.0
IMPORT_TARGET_S = 20.0
IMPORT_ROWS = 10_000


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, text=True, **kwargs)


# ---- PostgreSQL -----------------------------------------------------------------------------


def psql(sql: str, database: str = "postgres", *, port: int) -> str:
    result = run(
        ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", database, "-tAqc", sql],
        capture_output=True,
    )
    return result.stdout.strip()


def ensure_postgres(port: int) -> None:
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(port)]).returncode == 0:
        return
    clusters = sorted(Path("/etc/postgresql").glob("*/main"))
    if not clusters:
        sys.exit("PostgreSQL is not running on 127.0.0.1 and no cluster was found to start.")
    version = clusters[-1].parent.name
    log(f"starting PostgreSQL {version}")
    run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"])
    for _ in range(30):
        if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(port)]).returncode == 0:
            return
        time.sleep(1)
    sys.exit("PostgreSQL did not start.")


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    log("installing wrk (Debian package)")
    run(["apt-get", "install", "-y", "-qq", "wrk"], env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which("wrk") or sys.exit("wrk could not be installed.")


# ---- the Django side ----------------------------------------------------------------------


def django_env(database: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/{database}",
        "SECRET_KEY": "bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_VAR_DIR": str(VAR),
        "DB_CONN_MAX_AGE": "600",
        "DJANGO_DEBUG": "",
        "PYTHONPATH": str(ROOT),
    }


def manage(env, *args: str) -> None:
    run([str(PYTHON), str(ROOT / "manage.py"), *args], env=env, cwd=ROOT)


def load_data(args, env) -> dict:
    """Create and load the database, or keep it (--reuse) when it holds data of the same factor and seed."""
    marker = VAR / f"{args.database}.json"
    wanted = {"factor": args.factor, "seed": args.seed}
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{args.database}'", port=args.pg_port) == "1"
    if args.reuse and exists and marker.exists() and json.loads(marker.read_text()).get("data") == wanted:
        info = json.loads(marker.read_text())
        log(f"reusing database {args.database} (factor {args.factor:g}, loaded {info['loaded_at']})")
        manage(env, "migrate", "--noinput", "-v", "0")  # the code may have new migrations since
        return info
    log(f"creating database {args.database}")
    psql(f"DROP DATABASE IF EXISTS {args.database}", port=args.pg_port)
    psql(f"CREATE DATABASE {args.database}", port=args.pg_port)
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v", "0")
    migrated = time.monotonic()
    log(f"loading generate_scale_data --factor {args.factor:g} --seed {args.seed}")
    manage(env, "generate_scale_data", "--factor", f"{args.factor:g}", "--seed", str(args.seed))
    loaded = time.monotonic()
    psql("VACUUM ANALYZE", args.database, port=args.pg_port)
    info = {
        "data": wanted,
        "loaded_at": datetime.datetime.now().isoformat(timespec="seconds"),
        "migrate_seconds": round(migrated - started, 1),
        "load_seconds": round(loaded - migrated, 1),
    }
    marker.write_text(json.dumps(info, indent=2))
    return info


def setup_django(env) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# ---- the pages ----------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    group: str  # bare, public, public signed in, portal, staff
    who: str  # anonymous or a username
    path: str
    p99_target: float = P99_TARGET_MS

    @property
    def share_target(self) -> float | None:
        return SHARE_TARGET if self.group in ("public", "portal") else None


def pages() -> list[Page]:
    """The key pages, with the records they show found in the loaded data."""
    from django.contrib import admin
    from django.db.models import Count
    from django.urls import reverse

    from congress.models import ReportDraft, Term
    from deputies.models import Deputy, PresidiumMembership, PresidiumRole
    from livelihood.models import LivelihoodPlan, Project
    from suggestions.choices import State
    from suggestions.models import HandlingUnit, Suggestion

    term = Term.objects.current()
    chair = PresidiumMembership.objects.filter(
        term=term, role=PresidiumRole.CHAIR, end_date__isnull=True
    ).first()
    plan = LivelihoodPlan.objects.filter(votes__state="confirmed").order_by("-year").first()
    project = Project.objects.filter(plan=plan).order_by("pk").first()
    deputy = Deputy.objects.get(user__username="scale-deputy")
    unit = HandlingUnit.objects.get(users__username="scale-unit")

    def richest(items):
        return (
            items.filter(state=State.CLOSED)
            .annotate(n=Count("rounds", distinct=True))
            .order_by("-n", "-received_on")
            .first()
            or items.order_by("-received_on").first()
        )

    own = richest(Suggestion.objects.of_deputy(deputy))
    handled = richest(Suggestion.objects.filter(rounds__assignments__unit=unit).distinct())
    report = ReportDraft.objects.filter(year=2022).order_by("pk").first()
    year = datetime.date.today().year
    public = [
        ("home", reverse("home")),
        ("deputies' directory", reverse("deputies:directory")),
        ("a deputy's page", reverse("deputies:detail", args=[chair.deputy_id])),
        ("deputies' homes", reverse("deputies:homes")),
        ("livelihood projects", reverse("livelihood:index")),
        (f"projects of {plan.year}", reverse("livelihood:year", args=[plan.year])),
        ("a project", reverse("livelihood:project", args=[project.pk])),
        (f"vote result {plan.year}", reverse("livelihood:vote_result", args=[plan.year])),
        ("suggestion results", reverse("suggestions:public_results")),
    ]
    listed = [Page("bare Django view", "bare", "anonymous", "/bench/bare/")]
    listed += [Page(name, "public", "anonymous", path) for name, path in public]
    listed += [Page(f"{name} (signed in)", "public signed in", "scale-deputy", path) for name, path in public]
    listed += [
        Page("portal home (deputy)", "portal", "scale-deputy", reverse("portal")),
        Page("my suggestions", "portal", "scale-deputy", reverse("suggestions:mine")),
        Page("my suggestion", "portal", "scale-deputy", reverse("suggestions:mine_detail", args=[own.pk])),
        Page("my duty record", "portal", "scale-deputy", reverse("deputies:my_record") + f"?year={year}"),
        Page("portal home (unit)", "portal", "scale-unit", reverse("portal")),
        Page("unit inbox", "portal", "scale-unit", reverse("suggestions:unit_inbox")),
        Page(
            "unit's suggestion", "portal", "scale-unit", reverse("suggestions:unit_detail", args=[handled.pk])
        ),
        Page("dashboard", "staff", "scale-staff", reverse("admin:index"), DASHBOARD_TARGET_MS),
        Page(
            "duty records of the year", "staff", "scale-staff", reverse("deputies:records") + f"?year={year}"
        ),
        Page(
            "report preview 2022",
            "staff",
            "scale-staff",
            reverse("admin:congress_reportdraft_preview", args=[report.pk]),
        ),
    ]
    for model in admin.site._registry:
        if model._meta.app_label in ("congress", "deputies", "suggestions", "livelihood"):
            info = model._meta.app_label, model._meta.model_name
            listed.append(
                Page(
                    f"admin: {model._meta.verbose_name_plural}",
                    "staff",
                    "scale-staff",
                    reverse(f"admin:{info[0]}_{info[1]}_changelist"),
                )
            )
    return listed


def session_cookies() -> dict[str, str]:
    """A signed-in session for each account the pages use, as a Cookie header."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    store = import_module(settings.SESSION_ENGINE).SessionStore
    cookies = {"anonymous": ""}
    for user in get_user_model().objects.filter(username__in=["scale-staff", "scale-deputy", "scale-unit"]):
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies[user.username] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    return cookies


# ---- gunicorn and wrk ---------------------------------------------------------------------


def start_server(env, port: int, workers: int) -> subprocess.Popen:
    log(f"gunicorn with {workers} workers on 127.0.0.1:{port}")
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "congress.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--error-logfile",
            str(VAR / "gunicorn.log"),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=10)
            return server
        except OSError:  # not listening yet, or still booting
            time.sleep(0.5)
    stop_server(server)
    sys.exit("gunicorn did not start; see var/bench/gunicorn.log")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def fetch(url: str, cookie: str) -> tuple[int, float]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, (time.monotonic() - started) * 1000


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


@dataclass
class Result:
    page: Page
    rps: float = 0.0
    p50: float = 0.0
    p99: float = 0.0
    requests: int = 0
    errors: int = 0
    first_ms: float = 0.0
    alone_ms: float = 0.0
    status: int = 0
    share: float | None = None
    notes: list[str] = field(default_factory=list)

    def misses(self) -> list[str]:
        missed = []
        if self.status != 200 or self.errors:
            missed.append("errors")
        if self.p99 >= self.page.p99_target:
            missed.append(f"p99 ≥ {self.page.p99_target:.0f} ms")
        target = self.page.share_target
        if target is not None and self.share is not None and self.share < target:
            missed.append(f"< {target:.0%} of bare")
        return missed


def drive(wrk: str, url: str, cookie: str, *, seconds: int, connections: int) -> dict:
    # A long timeout: a slow page is measured, not dropped as a socket error.
    command = [wrk, "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    command += ["--timeout", "30s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = run([*command, url], capture_output=True).stdout
    found = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _ms(re.search(r"\s50%\s+(\S+)", output).group(1)),
        "p99": _ms(re.search(r"\s99%\s+(\S+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": 0,
    }
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if non_2xx:
        found["errors"] += int(non_2xx.group(1))
    if socket_errors:
        found["errors"] += sum(int(n) for n in socket_errors.groups())
    return found


def drive_pages(args, wrk, listed: list[Page], cookies: dict[str, str]) -> list[Result]:
    results = []
    base = f"http://127.0.0.1:{args.port}"
    for page in listed:
        cookie = cookies.get(page.who, "")
        status, first_ms = fetch(base + page.path, cookie)
        result = Result(page=page, status=status, first_ms=first_ms)
        if status != 200:
            log(f"{page.name}: HTTP {status}, skipped")
            results.append(result)
            continue
        # Warm every worker (templates, the page cache) before measuring.
        drive(wrk, base + page.path, cookie, seconds=1, connections=2)
        # One request at a time: what the page costs without waiting for others.
        result.alone_ms = statistics.median(fetch(base + page.path, cookie)[1] for _ in range(5))
        found = drive(wrk, base + page.path, cookie, seconds=args.seconds, connections=args.connections)
        for key, value in found.items():
            setattr(result, key, value)
        log(f"{page.name}: {result.rps:.0f} req/s, p50 {result.p50:.1f} ms, p99 {result.p99:.1f} ms")
        results.append(result)
    bare = next((r.rps for r in results if r.page.group == "bare"), 0)
    for result in results:
        result.share = result.rps / bare if bare else None
    return results


# ---- the slow jobs, timed in one process ----------------------------------------------------


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


# ---- the report -----------------------------------------------------------------------------


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": f"{memory_kb / 1024 / 1024:.1f} GiB",
        "os": platform.platform(),
        "python": platform.python_version(),
        "load": os.getloadavg(),
    }


def counts() -> dict[str, int]:
    from deputies.models import Activity, Attendance, Deputy, Reception
    from livelihood.models import ProgressPhoto, ProgressUpdate, Project
    from suggestions.models import Evaluation, Reply, Round, Suggestion

    models = [Deputy, Suggestion, Round, Reply, Evaluation, Reception, Activity, Attendance, Project]
    models += [ProgressUpdate, ProgressPhoto]
    return {model._meta.verbose_name_plural: model.objects.count() for model in models}


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def write_report(args, info, env_machine, results, dashboard, report, imported, started, finished) -> Path:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    lines = [
        "# Benchmarks",
        "",
        "Written by `bench/run` (see README): the tables come from that run; the closing notes are kept in "
        "`bench/notes.md`.",
        "",
        f"- **Date**: {started:%Y-%m-%d %H:%M} – {finished:%H:%M} (UTC)",
        f"- **Command**: `{args.command}`",
        f"- **Machine**: {env_machine['cpu']}, {env_machine['cores']} cores (`nproc`), {env_machine['memory']} memory; "
        f"{env_machine['os']}; Python {env_machine['python']}; PostgreSQL {pg_version}",
        f"- **Load average** before the run: {', '.join(f'{x:.2f}' for x in env_machine['load'])}; "
        f"after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"- **Server**: gunicorn, {args.workers} sync workers, 127.0.0.1; `bench.settings` (the platform's settings, "
        "DEBUG off, persistent database connections); the page cache is a LocMemCache in each worker (`CACHES`)",
        f"- **Load generator**: wrk, {args.connections} connections, 2 threads, {args.seconds} s per page after "
        "a 1 s warm-up, on the same machine",
        f"- **Data**: `generate_scale_data --factor {args.factor:g} --seed {args.seed}` "
        f"(migrate {info.get('migrate_seconds', '?')} s, load {info.get('load_seconds', '?')} s, "
        f"loaded {info.get('loaded_at', '?')})" + "".join(f"; {n:,} {name}" for name, n in counts().items()),
        "",
        "## Pages",
        "",
        "Public pages are asked for without a session; “(signed in)” is the same page for a signed-in deputy. "
        "Pages behind the page cache (`congress/cache.py`: public and portal pages, admin lists, the dashboard) "
        "are served from it after the first request of each worker and viewer, until the next save; what they "
        "cost after a save is in the notes. *Alone* = median of five "
        "requests one at a time (what the page costs); req/s and the percentiles are under wrk. Share = requests/s ÷ the "
        f"bare view's. Targets: public and portal pages ≥ {SHARE_TARGET:.0%} of the bare view; p99 < "
        f"{P99_TARGET_MS:.0f} ms ({DASHBOARD_TARGET_MS:.0f} ms for the dashboard).",
        "",
        "| page | who | alone ms | req/s | share | p50 ms | p99 ms | targets |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        share = f"{r.share:.0%}" if r.share is not None else "—"
        missed = r.misses()
        verdict = "✓" if not missed else "✗ " + "; ".join(missed)
        if r.page.group == "bare":
            verdict = "(yardstick)"
        lines.append(
            f"| {r.page.name} | {r.page.who} | {r.alone_ms:.1f} | {r.rps:.0f} | {share} | {r.p50:.1f} | "
            f"{r.p99:.1f} | {verdict} |"
        )
    if dashboard is None:
        lines += ["", "## Jobs", "", "Not run (`--no-jobs`).", ""]
        missed = [r for r in results if r.page.group != "bare" and r.misses()]
        lines += ["## Targets missed", ""]
        lines += [f"- {r.page.name}: {'; '.join(r.misses())}." for r in missed] or [
            "None of the pages driven."
        ]
        output = ROOT / args.output
        output.write_text("\n".join(lines) + "\n")
        return output
    dash_ok = dashboard["page_ms"] < DASHBOARD_TARGET_MS and dashboard["cold_ms"] < DASHBOARD_TARGET_MS
    docx_ok = report["docx_s"] < DOCX_TARGET_S
    measured, sample, bad = imported["measured"], imported["sample"], imported["bad"]
    import_seconds = measured["seconds"] if measured else imported["projected"]
    import_ok = import_seconds < IMPORT_TARGET_S and (
        measured is None or measured["written"] == measured["rows"]
    )
    refused_ok = bad["written"] == 0 and bool(bad["errors"])
    how = "measured" if measured else f"projected from {sample['rows']:,} rows ({sample['seconds']:.1f} s)"
    lines += [
        "",
        "## Jobs (one process; dashboard and report: median of repeated runs)",
        "",
        "| job | time | target | |",
        "|---|---:|---:|---|",
        f"| dashboard page, one request (`/admin/`, panel cached for this data version) | {dashboard['page_ms']:.0f} ms | < {DASHBOARD_TARGET_MS:.0f} ms | {_mark(dashboard['page_ms'] < DASHBOARD_TARGET_MS)} |",
        f"| dashboard page after a save (panel rendered afresh) | {dashboard['cold_ms']:.0f} ms | < {DASHBOARD_TARGET_MS:.0f} ms | {_mark(dashboard['cold_ms'] < DASHBOARD_TARGET_MS)} |",
        f"| 2022 work report as .docx ({report['bytes'] / 1024:.0f} KiB) | {report['docx_s'] * 1000:.0f} ms | < {DOCX_TARGET_S:.0f} s | {_mark(docx_ok)} |",
        f"| .xlsx import of {imported['rows']:,} suggestions (ledger importer, all or nothing), {how} | {import_seconds:.1f} s | < {IMPORT_TARGET_S:.0f} s | {_mark(import_ok)} |",
        f"| a sheet of {bad['rows']:,} rows with one bad row: refused, {bad['written']} written | {bad['seconds']:.1f} s | nothing written | {_mark(refused_ok)} |",
        "",
        "Imports run inside a transaction rolled back afterwards, so the loaded data stays as it was (the "
        f"commit is not timed). The bad sheet's errors: {'; '.join(bad['errors']) or '—'}.",
        "",
    ]
    missed = [r for r in results if r.page.group != "bare" and r.misses()]
    lines += ["## Targets missed", ""]
    if not missed and dash_ok and docx_ok and import_ok and refused_ok:
        lines.append("None in this run.")
    for r in missed:
        lines.append(f"- {r.page.name}: {'; '.join(r.misses())} (see the notes below).")
    if not dash_ok:
        lines.append("- dashboard: over its target (see the notes below).")
    if not docx_ok:
        lines.append("- work report .docx: over its target (see the notes below).")
    if not import_ok or not refused_ok:
        lines.append("- import: over its target or not all-or-nothing (see the notes below).")
    notes = ROOT / "bench" / "notes.md"
    if notes.exists():
        lines += ["", notes.read_text().strip(), ""]
    output = ROOT / args.output
    output.write_text("\n".join(lines) + "\n")
    return output


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--factor", type=float, default=20, help="scale data factor (default 20)")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database if it holds this factor's data"
    )
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page (default 10)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers (default: cores)"
    )
    parser.add_argument("--port", type=int, default=18765, help="gunicorn port on 127.0.0.1")
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--database", default=None, help="database name (default bench_township_f<factor>)")
    parser.add_argument("--import-rows", type=int, default=IMPORT_ROWS)
    parser.add_argument(
        "--import-sample", type=int, default=200, help="rows imported first to project the time"
    )
    parser.add_argument("--full-import", action="store_true", help="import all rows however long it takes")
    parser.add_argument("--only", default="", help="only the pages whose name contains this text")
    parser.add_argument(
        "--no-jobs", action="store_true", help="drive the pages only (no dashboard, report or import timings)"
    )
    parser.add_argument("--output", default="docs/benchmarks.md")
    args = parser.parse_args(argv)
    args.database = args.database or f"bench_township_f{args.factor:g}".replace(".", "_")
    args.command = "bench/run " + shlex.join(argv if argv is not None else sys.argv[1:])
    started = datetime.datetime.now(datetime.UTC)
    env_machine = machine()
    VAR.mkdir(parents=True, exist_ok=True)
    wrk = ensure_wrk()
    ensure_postgres(args.pg_port)
    env = django_env(args.database, args.pg_port)
    info = load_data(args, env)
    manage(env, "collectstatic", "--noinput", "-v", "0")
    setup_django(env)
    report_draft()
    listed = pages()
    if args.only:
        listed = [p for p in listed if p.group == "bare" or args.only in p.name]
    cookies = session_cookies()
    server = start_server(env, args.port, args.workers)
    try:
        results = drive_pages(args, wrk, listed, cookies)
    finally:
        stop_server(server)
    dashboard = report = imported = None
    if not args.no_jobs:
        log("timing the dashboard, the 2022 report and the import")
        dashboard = time_dashboard()
        log(f"dashboard {dashboard['page_ms']:.0f} ms, after a save {dashboard['cold_ms']:.0f} ms")
        report = time_report()
        log(f"2022 report .docx {report['docx_s'] * 1000:.0f} ms")
        imported = time_import(args.import_rows, sample=args.import_sample, full=args.full_import)
        seconds = imported["measured"]["seconds"] if imported["measured"] else imported["projected"]
        log(
            f"import of {args.import_rows} rows {seconds:.1f} s; "
            f"the bad sheet wrote {imported['bad']['written']}"
        )
    finished = datetime.datetime.now(datetime.UTC)
    output = write_report(args, info, env_machine, results, dashboard, report, imported, started, finished)
    log(f"wrote {output}")


if __name__ == "__main__":
    main()
