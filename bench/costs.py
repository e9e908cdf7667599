"""What one request costs the database and the server, in one process: queries and their time.

    .venv/bin/python -m bench.costs < pages.json > costs.json

bench/run runs it once in each configuration (with the server's environment: with
``REDIS_URL`` or without) with the pages as JSON (``[[name, who, path], …]``) and
reads back, for each page, the median over a few requests of: the time in the
server, the queries and their time, served from the page cache (``hit``) and
rendered afresh as after a save (``render``, the page cache off). The session is
counted: it is part of what a signed-in request costs the database.
"""

from __future__ import annotations

import json
import statistics
import sys
import time


def measure(client, path: str, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    walls, queries, sql = [], [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as context:
            started = time.perf_counter()
            response = client.get(path)
            walls.append((time.perf_counter() - started) * 1000)
        queries.append(len(context.captured_queries))
        sql.append(sum(float(q["time"]) for q in context.captured_queries) * 1000)
    return {
        "status": response.status_code,
        "ms": statistics.median(walls),
        "queries": statistics.median(queries),
        "sql_ms": statistics.median(sql),
    }


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    listed = json.load(sys.stdin)
    clients = {}
    found = {}
    for name, who, path in listed:
        if who not in clients:
            clients[who] = Client()
            if who != "anonymous":
                clients[who].force_login(get_user_model().objects.get(username=who))
        client = clients[who]
        settings.PAGE_CACHE = True
        client.get(path)  # templates; the page into the cache
        hit = measure(client, path, 7)
        settings.PAGE_CACHE = False
        render = measure(client, path, 3)
        found[name] = {"who": who, "hit": hit, "render": render}
    settings.PAGE_CACHE = True
    json.dump(found, sys.stdout)


if __name__ == "__main__":
    main()
