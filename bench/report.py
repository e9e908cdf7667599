"""docs/benchmarks.md, written from a run of bench/run: the machine, the pages with and without Redis, the jobs."""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

from bench.targets import (
    DASHBOARD_TARGET_MS,
    DOCX_TARGET_S,
    IMPORT_TARGET_S,
    P99_TARGET_MS,
    PORTAL_SHARE_TARGET,
    PUBLIC_SHARE_TARGET,
    ROOT,
)


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


def _verdict(result) -> str:
    if result is None:
        return ""
    return "; ".join(result.misses())


def _cells(result) -> str:
    if result is None:
        return "— | — | — | —"
    if result.status != 200:
        return f"HTTP {result.status} | — | — | —"
    share = f"{result.share:.0%}" if result.share is not None else "—"
    return f"{result.alone_ms:.1f} | {result.rps:.0f} | {share} | {result.p99:.1f}"


def _pages_table(local, redis) -> list[str]:
    by_name = {r.page.name: r for r in redis or []}
    lines = [
        "| page | who | alone ms | req/s | share | p99 ms | alone ms (Redis) | req/s (Redis) | share (Redis) "
        "| p99 ms (Redis) | targets |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in local:
        other = by_name.get(r.page.name)
        if r.page.group == "bare":
            verdict = "(yardstick)"
        else:
            missed = [
                f"{label}: {text}"
                for label, res in (("no Redis", r), ("Redis", other))
                if (text := _verdict(res))
            ]
            verdict = "✓" if not missed else "✗ " + "; ".join(missed)
        lines.append(f"| {r.page.name} | {r.page.who} | {_cells(r)} | {_cells(other)} | {verdict} |")
    return lines


def missed_pages(local, redis) -> list[str]:
    """The pages that miss a target, one line per target and configuration."""
    entries = []
    for label, results in (("without Redis", local), ("with Redis", redis or [])):
        entries += [(label, r.page.name, r.misses()) for r in results if r.page.group != "bare"]
    return group_missed(entries)


def group_missed(entries) -> list[str]:
    """``(configuration, page, [missed targets])`` → "- p99 ≥ 100 ms, without Redis (3 of 50 pages): a, b, c."."""
    pages_in = {}
    grouped: dict[tuple[str, str], list[str]] = {}
    for label, name, misses in entries:
        pages_in[label] = pages_in.get(label, 0) + 1
        for miss in misses:
            grouped.setdefault((miss, label), []).append(name)
    return [
        f"- {miss}, {label} ({len(names)} of {pages_in[label]} pages): {', '.join(names)}."
        for (miss, label), names in grouped.items()
    ]


def _comparison_lines(comparison) -> list[str]:
    """The banner's comparison page (``/banner/``), kept and after a save, with its statements."""
    if not comparison:
        return []
    ok = comparison["cold_ms"] < DASHBOARD_TARGET_MS
    return [
        f"| banner comparison of {comparison['townships']} townships (`/banner/`, kept for this data version) "
        f"| {comparison['page_ms']:.0f} ms | < {P99_TARGET_MS:.0f} ms | {_mark(comparison['page_ms'] < P99_TARGET_MS)} |",
        f"| banner comparison after a save (every township's figures afresh, {comparison['cold_queries']} statements) "
        f"| {comparison['cold_ms']:.0f} ms | < {DASHBOARD_TARGET_MS:.0f} ms | {_mark(ok)} |",
    ]


def write_report(args, info, env_machine, run, dashboard, report, imported, started, finished) -> Path:
    """``run``: the pages' results (``local``, ``redis``), the load averages seen, Redis's version and memory."""
    from django.db import connection

    from bench import capacity

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    local, redis = run["local"], run["redis"]
    loads = "; ".join(f"{when}: {', '.join(f'{x:.2f}' for x in load)}" for when, load in run["loads"])
    redis_line = (
        f"and once with Redis {run['redis_version']} (a redis-server bench/run starts on 127.0.0.1:{args.redis_port}, "
        "nothing saved to disk): `REDIS_URL` set, so the page cache, the rate limits, the sessions (`cached_db`) and "
        "the signed-in account with its roles (`congress/accounts/who.py`) are in Redis, shared by both workers"
        if redis is not None
        else "(not with Redis: no redis-server on this machine, or `--no-redis`)"
    )
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
        f"- **Load average** (`uptime`: 1, 5, 15 minutes) {loads}. The server, PostgreSQL, "
        "Redis and wrk share the machine's cores (a load of about 2 is theirs); above that something else ran "
        "beside them: then compare the shares (each configuration against its own bare view), not the req/s.",
        f"- **Server**: gunicorn, {args.workers} sync workers, 127.0.0.1; `bench.settings` (the platform's settings, "
        "DEBUG off, persistent database connections). Every page is driven twice: once without Redis (the "
        "single-machine default: the page cache a LocMemCache in each worker, sessions in the database) "
        f"{redis_line}.",
        f"- **Load generator**: wrk, {args.connections} connections, 2 threads, {args.seconds} s per page after "
        "a 1 s warm-up, on the same machine",
        f"- **Data**: `generate_scale_data --factor {args.factor:g} --seed {args.seed}"
        f"{f' --townships {args.townships}' if getattr(args, 'townships', 1) > 1 else ''}` "
        f"(migrate {info.get('migrate_seconds', '?')} s, load {info.get('load_seconds', '?')} s, "
        f"loaded {info.get('loaded_at', '?')})" + "".join(f"; {n:,} {name}" for name, n in counts().items()),
        "",
        "## Pages",
        "",
        "Public pages are asked for without a session; “(signed in)” is the same page for a signed-in deputy. "
        "Pages behind the page cache (`congress/cache.py`: public and portal pages, admin lists, the dashboard) "
        "are served from it after the first request of each worker (without Redis) or of all of them (with "
        "Redis) and viewer, until the next save; what they cost after a save is in the notes. *Alone* = median "
        "of five requests one at a time (what the page costs); req/s and p99 are under wrk. Share = requests/s "
        "÷ the bare view's in the same configuration. "
        f"Targets: public pages ≥ {PUBLIC_SHARE_TARGET:.0%} and portal pages ≥ {PORTAL_SHARE_TARGET:.0%} of "
        f"the bare view; every page p99 < {P99_TARGET_MS:.0f} ms.",
        "",
        *_pages_table(local, redis),
    ]
    if run.get("costs"):
        lines += ["", *capacity.costs_table(run["costs"])]
    missed = missed_pages(local, redis)
    if dashboard is None:
        lines += ["", "## Jobs", "", "Not run (`--no-jobs`).", "", "## Targets missed", ""]
        lines += missed or ["None of the pages driven."]
    else:
        dash_ok = dashboard["cold_ms"] < DASHBOARD_TARGET_MS
        docx_ok = report["docx_s"] < DOCX_TARGET_S
        measured, sample, bad = imported["measured"], imported["sample"], imported["bad"]
        import_seconds = measured["seconds"] if measured else imported["projected"]
        import_ok = import_seconds < IMPORT_TARGET_S and (
            measured is None or measured["written"] == measured["rows"]
        )
        refused_ok = bad["written"] == 0 and bool(bad["errors"])
        how = (
            "measured" if measured else f"projected from {sample['rows']:,} rows ({sample['seconds']:.1f} s)"
        )
        lines += [
            "",
            "## Jobs (one process, without Redis; dashboard and report: median of repeated runs)",
            "",
            "| job | time | target | |",
            "|---|---:|---:|---|",
            f"| dashboard page, one request (`/admin/`, panel cached for this data version) | {dashboard['page_ms']:.0f} ms | < {P99_TARGET_MS:.0f} ms | {_mark(dashboard['page_ms'] < P99_TARGET_MS)} |",
            f"| dashboard page after a save (panel rendered afresh) | {dashboard['cold_ms']:.0f} ms | < {DASHBOARD_TARGET_MS:.0f} ms | {_mark(dash_ok)} |",
            *_comparison_lines(dashboard.get("comparison")),
            f"| 2022 work report as .docx ({report['bytes'] / 1024:.0f} KiB) | {report['docx_s'] * 1000:.0f} ms | < {DOCX_TARGET_S:.0f} s | {_mark(docx_ok)} |",
            f"| .xlsx import of {imported['rows']:,} suggestions (ledger importer, all or nothing), {how} | {import_seconds:.1f} s | < {IMPORT_TARGET_S:.0f} s | {_mark(import_ok)} |",
            f"| a sheet of {bad['rows']:,} rows with one bad row: refused, {bad['written']} written | {bad['seconds']:.1f} s | nothing written | {_mark(refused_ok)} |",
            "",
            "Imports run inside a transaction rolled back afterwards, so the loaded data stays as it was (the "
            f"commit is not timed). The bad sheet's errors: {'; '.join(bad['errors']) or '—'}.",
            "",
            "## Targets missed",
            "",
        ]
        if not missed and dash_ok and docx_ok and import_ok and refused_ok:
            lines.append("None in this run.")
        lines += missed
        if missed:
            lines.append("")
            lines.append("What is known of each is in the notes below.")
        if not dash_ok:
            lines.append("- dashboard after a save: over its target (see the notes below).")
        if not docx_ok:
            lines.append("- work report .docx: over its target (see the notes below).")
        if not import_ok or not refused_ok:
            lines.append("- import: over its target or not all-or-nothing (see the notes below).")
    if redis is not None:
        memory = run.get("redis_memory") or {}
        lines += ["", *capacity.section(local, redis, run.get("costs") or {}, memory, run["loads"])]
    notes = ROOT / "bench" / "notes.md"
    if notes.exists():
        lines += ["", notes.read_text().strip(), ""]
    output = ROOT / args.output
    output.write_text("\n".join(lines) + "\n")
    return output
