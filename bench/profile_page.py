"""Where a page's time goes: Python (cProfile) and SQL (each statement's time), in one process.

    .venv/bin/python bench/profile_page.py [--user scale-staff] [--no-cache] [--cprofile] URL [URL…]

Runs against the benchmark's database (bench/run loads it), asks for each URL a few
times through Django's test client, and prints the median time, the CPU time spent
in Python, the queries with their total time, the slowest statements (run them
with EXPLAIN ANALYZE in psql) and, with ``--cprofile``, the functions that took
the most time. Pages behind the page cache are served from it after the first
request; ``--no-cache`` renders them every time (their cost after a save).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench/profile_page.py")
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--user", default="", help="sign in as this user (e.g. scale-staff)")
    parser.add_argument("--database", default="bench_township_f20")
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cprofile", action="store_true", help="print the functions that took the most time")
    parser.add_argument("--sql", type=int, default=5, help="how many of the slowest statements to print")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="render every time (the page cache off): what a page costs after a save",
    )
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from bench.services import django_env

    os.environ.update(django_env(args.database, args.pg_port))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if args.no_cache:
        from django.conf import settings

        settings.PAGE_CACHE = False
    client = Client()
    if args.user:
        client.force_login(get_user_model().objects.get(username=args.user))
    for url in args.urls:
        client.get(url)  # templates, caches
        walls, cpus, captured, profile = [], [], None, cProfile.Profile()
        for i in range(args.repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as context:
                if args.cprofile and i == 0:
                    response = profile.runcall(client.get, url)
                else:
                    response = client.get(url)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            captured = context.captured_queries
        sql_ms = sum(float(q["time"]) for q in captured) * 1000
        print(
            f"{url} [{response.status_code}, {len(response.content) // 1024} KiB]: "
            f"{statistics.median(walls) * 1000:.1f} ms (Python CPU {statistics.median(cpus) * 1000:.1f} ms), "
            f"{len(captured)} queries, {sql_ms:.1f} ms in SQL"
        )
        for query in sorted(captured, key=lambda q: -float(q["time"]))[: args.sql]:
            print(f"   {float(query['time']) * 1000:7.1f} ms  {query['sql'][:400]}")
        if args.cprofile:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
