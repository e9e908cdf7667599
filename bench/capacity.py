"""The cost of one request and scale on paper (docs/benchmarks.md): a banner and a city at their busiest hour.

Everything measured comes from the run (req/s per server, queries and database time
per request, Redis's memory); everything assumed is stated in the section it writes.
"""

from __future__ import annotations

import math
import statistics

# The busiest hour: the congress session's morning, when every deputy opens the portal.
REQUESTS_PER_DEPUTY = 20  # portal home, notices, my suggestions, a few suggestions, duty record, public pages
PEAK_FACTOR = 4  # the hour's requests come in its busiest quarter (before the sitting opens)
STAFF_PER_TOWNSHIP = 3
REQUESTS_PER_STAFF = 300  # admin lists, records, the dashboard: a request every 12 s all hour
RENDERED_SHARE = 0.2  # requests that find no page in the cache (a save since, a page not seen yet)
HEADROOM = 0.6  # run servers and the database at most at 60% of what they were measured to serve
SERVER_CORES = 4  # an app server of 4 cores, 4 sync workers (measured: 2 workers on 2 cores)
PAGES_PER_DEPUTY = 8  # copies kept per signed-in deputy for a data version (PAGE_CACHE_SECONDS)

PLACES = (
    ("a township", 1, 66),
    ("a banner (旗, 6 townships)", 6, 400),
    ("a city (100 townships)", 100, 8000),
)


def _portal(costs: dict, kind: str, field: str) -> float:
    values = [c[kind][field] for c in costs.values() if c["who"] in ("scale-deputy", "scale-unit")]
    return statistics.mean(values) if values else 0.0


def _load_caveat(loads) -> str:
    highest = max((load[0] for _when, load in loads), default=0.0)
    if highest < 2:
        return ""
    return (
        f" These times were measured with the load average up to {highest:.1f} on this machine: they are "
        "inflated by the other work on it, and what follows from them is an upper bound."
    )


def costs_table(costs: dict) -> list[str]:
    """One request's cost, measured in one process: from the page cache, and rendered afresh."""
    lines = [
        "### What one request costs (one process, Django's test client; median of 7 requests, 3 rendered)",
        "",
        "Served from the page cache (*hit*) and rendered afresh as after a save (*render*, the page cache "
        "off); the queries include the session's. This is the database's cost per request the scale "
        "section below builds on.",
        "",
        "| page | configuration | hit: ms | queries | SQL ms | render: ms | queries | SQL ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, found in (("no Redis", costs.get("local") or {}), ("Redis", costs.get("redis") or {})):
        for name, cost in found.items():
            hit, render = cost["hit"], cost["render"]
            lines.append(
                f"| {name} | {label} | {hit['ms']:.1f} | {hit['queries']:.0f} | {hit['sql_ms']:.1f} | "
                f"{render['ms']:.1f} | {render['queries']:.0f} | {render['sql_ms']:.1f} |"
            )
    return lines


def _portal_rps(results) -> float:
    values = [r.rps for r in results if r.page.group == "portal" and r.status == 200]
    return statistics.mean(values) if values else 0.0


def section(local, redis, costs: dict, redis_memory: dict, loads=()) -> list[str]:
    """Scale on paper: app servers, database connections and time, Redis memory for a banner and a city."""
    per_server = _portal_rps(redis)  # req/s of cached portal pages, 2 workers on 2 cores
    per_server_local = _portal_rps(local)
    redis_costs = costs.get("redis") or {}
    hit_ms = _portal(redis_costs, "hit", "ms")
    render_ms = _portal(redis_costs, "render", "ms")
    hit_sql = _portal(redis_costs, "hit", "sql_ms")
    render_sql = _portal(redis_costs, "render", "sql_ms")
    hit_queries = _portal(redis_costs, "hit", "queries")
    render_queries = _portal(redis_costs, "render", "queries")
    # Server time of a request mixing hits and renders, scaled from the measured throughput of hits.
    mixed_ms = (1 - RENDERED_SHARE) * hit_ms + RENDERED_SHARE * render_ms
    per_core = per_server / 2 * (hit_ms / mixed_ms if mixed_ms else 1)
    sql_ms = (1 - RENDERED_SHARE) * hit_sql + RENDERED_SHARE * render_sql
    queries = (1 - RENDERED_SHARE) * hit_queries + RENDERED_SHARE * render_queries
    entries, used = redis_memory.get("keys", 0), redis_memory.get("bytes", 0)
    per_entry = used / entries if entries else 0
    lines = [
        "## Scale on paper: a banner and a city at their busiest hour",
        "",
        "The busiest hour is the congress session's morning, when every deputy opens the portal. Assumed: "
        f"{REQUESTS_PER_DEPUTY} requests per deputy in that hour (portal home, notices, my suggestions, a few "
        f"suggestions, the duty record, public pages), {STAFF_PER_TOWNSHIP} staff per township making "
        f"{REQUESTS_PER_STAFF} requests each, the hour's requests coming at {PEAK_FACTOR}× its average "
        f"rate (most in the quarter before the sitting opens), {RENDERED_SHARE:.0%} of requests finding no "
        "page in the cache (a save since, a page not yet seen), and servers and the database run at no more "
        f"than {HEADROOM:.0%} of what they were measured to serve. One platform with every township in it, "
        "N app servers behind nginx, one PostgreSQL, one Redis (docs/deployment.md).",
        "",
        f"Measured in this run, with Redis: a cached portal page {per_server:.0f} req/s on 2 sync workers "
        f"sharing 2 cores with PostgreSQL and wrk (without Redis: {per_server_local:.0f} req/s); one request "
        f"{hit_ms:.1f} ms in the server from the cache ({hit_queries:.0f} queries, {hit_sql:.1f} ms of SQL), "
        f"{render_ms:.1f} ms rendered afresh ({render_queries:.0f} queries, {render_sql:.1f} ms of SQL). Mixed "
        f"as assumed: {mixed_ms:.1f} ms and {queries:.1f} queries ({sql_ms:.1f} ms of SQL) a request, so about "
        f"{per_core:.0f} req/s per core of app server. Redis held {used / 1024 / 1024:.1f} MiB in {entries:,} "
        f"keys at the end of the run (~{per_entry / 1024:.1f} KiB a key, most of them pages)."
        + _load_caveat(loads),
        "",
        "| | deputies | requests in the hour | peak req/s | app servers (4 cores) | DB connections "
        "| DB time at peak | Redis memory |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    city = {}
    for name, townships, deputies in PLACES:
        requests = deputies * REQUESTS_PER_DEPUTY + townships * STAFF_PER_TOWNSHIP * REQUESTS_PER_STAFF
        peak = requests / 3600 * PEAK_FACTOR
        cores = peak / (per_core * HEADROOM) if per_core else 0
        servers = max(1, math.ceil(cores / SERVER_CORES))
        connections = servers * SERVER_CORES + 5  # one per sync worker, persistent; the reminder job, psql
        db_cores = peak * sql_ms / 1000 / HEADROOM
        memory = deputies * (PAGES_PER_DEPUTY * per_entry + 4096) * 2  # session and account; fragmentation ×2
        city = {"servers": servers, "cores": cores, "db_cores": db_cores, "memory": memory, "peak": peak}
        lines.append(
            f"| {name} | {deputies:,} | {requests:,} | {peak:.0f} | {servers} ({cores:.1f} cores busy) | "
            f"{connections} | {db_cores:.2f} cores | {memory / 1024 / 1024:.0f} MiB |"
        )
    all_rendered = render_ms / mixed_ms if mixed_ms else 0
    lines += [
        "",
        f"Reading it: the city's peak is about {city['peak']:.0f} requests a second, which {city['servers']} app "
        f"server(s) of {SERVER_CORES} cores carry with the headroom above; the database spends about "
        f"{city['db_cores']:.1f} cores on it, nearly all on the requests rendered afresh: a cached signed-in "
        f"page costs it {hit_queries:.0f} small statement(s) (the data version with the user's unread notices, "
        "read together) while the session and the account come from Redis. Database connections are one per gunicorn worker "
        "(persistent, `DB_CONN_MAX_AGE`), well below PostgreSQL's default of 100 until about twenty servers; "
        "beyond that put PgBouncer in front. Redis holds each deputy's session, account and own page copies "
        f"({PAGES_PER_DEPUTY} pages assumed, ~{per_entry / 1024:.0f} KiB a key as measured, doubled for "
        f"Redis's overhead): about {city['memory'] / 1024 / 1024 / 1024:.1f} GiB for the city, with "
        "`maxmemory-policy allkeys-lru` so that a page evicted is only rendered again (sessions are written "
        "through to the database, `cached_db`). Without Redis the same hour needs about "
        f"{per_server / per_server_local if per_server_local else 0:.1f}× the app servers (each request reads "
        "the session, the account and its roles from the database), and it cannot run on more than one "
        "machine anyway (docs/deployment.md). Not covered: requests after a save are rendered afresh, and "
        "with a hundred offices saving all morning most portal requests may find no page in the cache (the "
        f"data version is one for the whole platform): at 100% renders the app servers need about "
        f"{all_rendered:.0f}× the table's and the database "
        f"{render_sql / sql_ms if sql_ms else 0:.0f}× its time. A version per township would keep one office's "
        "saves from emptying the other townships' pages.",
    ]
    return lines
