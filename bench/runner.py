"""The benchmark behind bench/run: scale data in PostgreSQL, gunicorn with and without Redis, wrk, the slow jobs.

1. Creates a PostgreSQL database on 127.0.0.1 (user postgres, trust auth), migrates it and
   loads ``generate_scale_data --factor N`` (kept between runs with ``--reuse``).
2. Serves the platform with gunicorn (as many workers as cores) on 127.0.0.1, with
   ``bench.settings`` (the platform's settings plus the bare view /bench/bare/): first
   without Redis (a cache in each worker, sessions in the database), then with a
   redis-server it starts itself (``REDIS_URL``: shared cache, ``cached_db`` sessions).
3. Drives each key page with wrk in both (bounded in time, 8 connections) and reads requests
   per second and the 50th and 99th latency percentiles; signed-in pages get a session cookie
   made here. Each page's throughput is also given as a share of its bare view's. What one
   request costs (queries, SQL time) is measured in one process in each (``bench.costs``).
4. Times in one process: the dashboard, the 2022 work report's .docx, and an .xlsx import
   of 10,000 suggestions through the ledger importer (all or nothing; then the same sheet
   with one bad row, which must write nothing).
5. Writes docs/benchmarks.md with the machine, the date, the load and the exact command, and
   scale on paper from what was measured (``bench.capacity``).

Run it as ``bench/run [--factor 20] [--reuse] [--seconds 10] [--connections 8] [--no-redis]``.
The modules: ``bench.services`` (PostgreSQL, Redis, gunicorn, wrk), ``bench.pages``,
``bench.jobs``, ``bench.costs``, ``bench.capacity``, ``bench.report``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as bench/runner.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import jobs, pages, report, services  # noqa: E402
from bench.services import log  # noqa: E402
from bench.targets import IMPORT_ROWS, PYTHON, ROOT, VAR  # noqa: E402

# The pages whose cost per request is measured in one process (bench.costs).
COSTED = ("bare", "portal")
COSTED_NAMES = ("home", "dashboard", "admin: 社情民意")


def costs(env, listed) -> dict:
    """Queries and time per request of a few pages, in one process with the server's environment."""
    chosen = [[p.name, p.who, p.path] for p in listed if p.group in COSTED or p.name in COSTED_NAMES]
    result = subprocess.run(
        [str(PYTHON), "-m", "bench.costs"],
        input=json.dumps(chosen),
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    if result.returncode:
        log(f"bench.costs failed: {result.stderr.strip()[-500:]}")
        return {}
    return json.loads(result.stdout)


def drive(args, wrk, env, listed, cookies, label: str):
    server = services.start_server(env, args.port, args.workers)
    try:
        return pages.drive_pages(args, wrk, listed, cookies, label)
    finally:
        services.stop_server(server)


def drive_both(args, wrk, listed, cookies) -> dict:
    """The pages without Redis and with a redis-server of the run's own; the load seen meanwhile."""
    found = {"loads": [("before the run", os.getloadavg())], "redis": None, "costs": {}}
    env = services.django_env(args.database, args.pg_port)
    found["local"] = drive(args, wrk, env, listed, cookies, "")
    found["loads"].append(("after the pages without Redis", os.getloadavg()))
    found["costs"]["local"] = costs(env, listed)
    redis = None if args.no_redis else services.start_redis(args.redis_port)
    if redis is None:
        return found
    try:
        empty = services.redis_memory(args.redis_port)  # Redis's own, before any page
        env = services.django_env(args.database, args.pg_port, f"redis://127.0.0.1:{args.redis_port}/0")
        found["redis"] = drive(args, wrk, env, listed, cookies, "Redis: ")
        found["loads"].append(("after the pages with Redis", os.getloadavg()))
        found["redis_version"] = services.redis_version(args.redis_port)
        held = services.redis_memory(args.redis_port)
        found["redis_memory"] = {"bytes": held["bytes"] - empty["bytes"], "keys": held["keys"]}
        found["costs"]["redis"] = costs(env, listed)
    finally:
        services.stop_server(redis)
    return found


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--factor", type=float, default=20, help="scale data factor (default 20)")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument(
        "--townships", type=int, default=1, help="as much data in each of this many townships (default 1)"
    )
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
    parser.add_argument("--redis-port", type=int, default=16379, help="the run's own redis-server's port")
    parser.add_argument("--no-redis", action="store_true", help="drive the pages without Redis only")
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
    default_name = f"bench_township_f{args.factor:g}" + (f"_t{args.townships}" if args.townships > 1 else "")
    args.database = args.database or default_name.replace(".", "_")
    args.command = "bench/run " + shlex.join(argv if argv is not None else sys.argv[1:])
    started = datetime.datetime.now(datetime.UTC)
    env_machine = report.machine()
    VAR.mkdir(parents=True, exist_ok=True)
    wrk = services.ensure_wrk()
    services.ensure_postgres(args.pg_port)
    env = services.django_env(args.database, args.pg_port)
    info = services.load_data(args, env)
    services.manage(env, "collectstatic", "--noinput", "-v", "0")
    services.setup_django(env)
    jobs.report_draft()
    listed = pages.pages()
    if args.only:
        listed = [p for p in listed if p.group == "bare" or args.only in p.name]
    cookies = pages.session_cookies()
    found = drive_both(args, wrk, listed, cookies)
    dashboard = work_report = imported = None
    if not args.no_jobs:
        log("timing the dashboard, the 2022 report and the import")
        dashboard = jobs.time_dashboard()
        log(f"dashboard {dashboard['page_ms']:.0f} ms, after a save {dashboard['cold_ms']:.0f} ms")
        comparison = jobs.time_comparison()
        dashboard["comparison"] = comparison
        log(
            f"banner comparison of {comparison['townships']} townships {comparison['page_ms']:.0f} ms, "
            f"after a save {comparison['cold_ms']:.0f} ms ({comparison['cold_queries']} queries)"
        )
        work_report = jobs.time_report()
        log(f"2022 report .docx {work_report['docx_s'] * 1000:.0f} ms")
        imported = jobs.time_import(args.import_rows, sample=args.import_sample, full=args.full_import)
        seconds = imported["measured"]["seconds"] if imported["measured"] else imported["projected"]
        log(
            f"import of {args.import_rows} rows {seconds:.1f} s; "
            f"the bad sheet wrote {imported['bad']['written']}"
        )
    finished = datetime.datetime.now(datetime.UTC)
    output = report.write_report(
        args, info, env_machine, found, dashboard, work_report, imported, started, finished
    )
    log(f"wrote {output}")


if __name__ == "__main__":
    main()
