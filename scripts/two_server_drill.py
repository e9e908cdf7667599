#!/usr/bin/env python
"""Two app servers, one PostgreSQL, one Redis: what must hold when the platform runs on several machines.

    .venv/bin/python scripts/two_server_drill.py [--redis redis://127.0.0.1:6379/15] [--markdown FILE]

Creates a fresh database on the PostgreSQL at 127.0.0.1:``--pg-port`` (trust
authentication, user postgres), empties the Redis database of ``--redis``,
migrates, loads the demo township and serves it with production settings (DEBUG
off, ``REDIS_URL`` set) from two gunicorn servers (two workers each) on two
ports, as two machines behind one proxy would. Then it checks, through HTTP only:

1. a save through one server is never served stale by the other (public page, admin list);
2. signing out on one server ends the session on the other;
3. a role taken away on one server is refused on the other at once;
4. the voter opinion limit (5 an hour per address) holds across both servers;
5. the sign-in lockout (5 failures) holds across both servers;
6. a server killed (SIGKILL) in the middle of writes loses no acknowledged write, and the other serves on.

Prints a table (``--markdown`` writes it to a file too) and exits 1 if a check fails.
The database and the drill's folder are removed at the end (``--keep`` keeps them).
"""

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import redis
from drill_support import (
    GUNICORN,
    HOST,
    ROOT,
    Browser,
    admin_sql,
    form_fields,
    log,
    prepare,
    wait_until_serving,
)

PASSWORD = "demo-2022"
OPINION_LIMIT = 5
LOCKOUT_LIMIT = 5


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


class Server:
    """One app server: gunicorn with two workers on its own port, in its own process group."""

    def __init__(self, name, port, env, folder):
        self.name, self.port = name, port
        self.log = open(folder / f"gunicorn-{name}.log", "w")  # noqa: SIM115 - open while it runs
        self.process = subprocess.Popen(
            [GUNICORN, "congress.wsgi", "-w", "2", "-b", f"{HOST}:{port}", "--timeout", "30"],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def kill(self):
        """SIGKILL to the master and its workers at once: a machine losing power, not a clean stop."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        self.log.close()


def sql(options, database, statement):
    return admin_sql(options.pg_port, statement, dbname=database)


# --- the checks -------------------------------------------------------------------------------------


def no_stale_pages(a, b, options, database) -> Check:
    """Rename a constituency through one server; the other's public directory and admin list show it at once."""
    (pk, original), *_ = sql(
        options,
        database,
        "SELECT c.id, c.name FROM deputies_constituency c "
        "WHERE EXISTS (SELECT 1 FROM deputies_deputy d WHERE d.constituency_id = c.id) ORDER BY c.id LIMIT 1",
    )
    staff = Browser(a.port)
    staff.sign_in("staff", PASSWORD)
    visitor = {a.port: Browser(a.port), b.port: Browser(b.port)}
    change = f"/admin/deputies/constituency/{pk}/change/"
    stale = []
    rounds = 6
    for i in range(rounds):
        writer, reader = (a, b) if i % 2 == 0 else (b, a)
        for _ in range(2):  # the reader's copies are in the cache before the save
            visitor[reader.port].request("GET", "/deputies/")
            staff.use(reader.port).request("GET", "/admin/deputies/constituency/")
        name = f"{original}（演练{i + 1}）"
        _s, _h, page = staff.use(writer.port).request("GET", change)
        fields = form_fields(page, "name") | {"name": name, "_save": "1"}
        status, _h, _b = staff.use(writer.port).request("POST", change, fields)
        if status != 302:
            return Check("no stale page after a save", False, f"the save answered HTTP {status}")
        _s, _h, public = visitor[reader.port].request("GET", "/deputies/")
        _s, _h, admin_list = staff.use(reader.port).request("GET", "/admin/deputies/constituency/")
        if name not in public or name not in admin_list:
            stale.append(f"round {i + 1} on {reader.name}")
    _s, _h, page = staff.request("GET", change)
    staff.request("POST", change, form_fields(page, "name") | {"name": original, "_save": "1"})
    detail = f"{rounds} saves, each read at once on the other server: " + (
        "stale on " + ", ".join(stale) if stale else "never stale (public directory and admin list)"
    )
    return Check("no stale page after a save", not stale, detail)


def sign_out_everywhere(a, b) -> Check:
    staff = Browser(a.port)
    staff.sign_in("staff", PASSWORD)
    before, _h, _b = staff.use(b.port).request("GET", "/admin/")
    _s, _h, page = staff.request("GET", "/admin/")
    status, _h, _b = staff.request("POST", "/admin/logout/", form_fields(page, "csrfmiddlewaretoken"))
    after, headers, _b = staff.use(b.port).request("GET", "/admin/")
    ok = before == 200 and status in (200, 302) and after == 302 and "login" in headers.get("Location", "")
    return Check(
        "sign-out on one ends the session on the other",
        ok,
        f"B before: HTTP {before}; sign-out on A: HTTP {status}; B after: HTTP {after} → {headers.get('Location')}",
    )


def role_taken_away(a, b, options, database) -> Check:
    deputy = Browser(b.port)
    deputy.sign_in("deputy", PASSWORD, path="/accounts/login/")
    before = [deputy.use(s.port).request("GET", "/portal/")[0] for s in (a, b)]
    (user_id,), *_ = sql(options, database, "SELECT id FROM auth_user WHERE username = 'deputy'")
    admin = Browser(a.port)
    admin.sign_in("admin", PASSWORD)
    change = f"/admin/auth/user/{user_id}/change/"
    _s, _h, page = admin.request("GET", change)
    fields = form_fields(page, "username")
    (group_id,), *_ = sql(options, database, "SELECT id FROM auth_group WHERE name = 'deputy'")
    fields["groups"] = [g for g in fields.get("groups", []) if g != str(group_id)]
    fields["_save"] = "1"
    saved, _h, _b = admin.request("POST", change, fields)
    after = [deputy.use(s.port).request("GET", "/portal/")[0] for s in (b, a)]
    ok = before == [200, 200] and saved == 302 and all(status != 200 for status in after)
    return Check(
        "a role taken away on one is refused on the other at once",
        ok,
        f"portal before: {before}; role removed on A: HTTP {saved}; portal after (B, A): {after}",
    )


def opinion_limit(a, b) -> Check:
    answers = []
    for i in range(OPINION_LIMIT + 3):
        server = (a, b)[i % 2]
        visitor = Browser(server.port)
        _s, _h, page = visitor.request("GET", "/opinions/new/")
        fields = form_fields(page, "content") | {
            "content": f"两台服务器演练：第{i + 1}条意见",
            "category": "other",
        }
        status, _h, _b = visitor.request("POST", "/opinions/new/", fields)
        answers.append((server.name, status))
    accepted = sum(status == 302 for _n, status in answers)
    refused = sum(status == 429 for _n, status in answers)
    ok = accepted == OPINION_LIMIT and refused == len(answers) - OPINION_LIMIT
    return Check(
        f"the opinion limit ({OPINION_LIMIT} an hour per address) holds across both",
        ok,
        f"{len(answers)} posts alternating A/B: {accepted} accepted, {refused} refused (429)",
    )


def lockout(a, b) -> Check:
    failures = []
    for i in range(LOCKOUT_LIMIT):
        server = (a, b)[i % 2]
        failures.append(Browser(server.port).sign_in("member", "wrong-password", check=False))
    right = [Browser(s.port).sign_in("member", PASSWORD, check=False) for s in (a, b)]
    ok = all(status != 302 for status in failures + right)
    return Check(
        f"the sign-in lockout ({LOCKOUT_LIMIT} failures) holds across both",
        ok,
        f"{LOCKOUT_LIMIT} wrong passwords alternating A/B, then the right one on A and B: HTTP {right} (not signed in)",
    )


def kill_mid_write(a, b, options, database) -> Check:
    acknowledged, failed, lock, stop = set(), [], threading.Lock(), threading.Event()

    def writer(number, server):
        staff = Browser(server.port)
        staff.sign_in("staff", PASSWORD)
        sequence = 0
        while not stop.is_set():
            sequence += 1
            key = f"drill2-{server.name}-{number}-{sequence:04d}"
            try:
                _s, _h, page = staff.request("GET", "/admin/deputies/constituency/add/")
                fields = form_fields(page, "name") | {
                    "name": key,
                    "description": "两台服务器演练",
                    "_save": "1",
                }
                status, headers, _b = staff.request("POST", "/admin/deputies/constituency/add/", fields)
                ok = status == 302 and "/admin/deputies/constituency/" in headers.get("Location", "")
            except Exception as error:  # noqa: BLE001 - any failure of a request to a killed server counts
                ok, status = False, type(error).__name__
            with lock:
                (acknowledged.add(key) if ok else failed.append((server.name, status)))
            if not ok and server is a:
                return  # the server is gone

    threads = [threading.Thread(target=writer, args=(n, s)) for s in (a, b) for n in range(2)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    a.kill()
    killed_at = time.monotonic()
    time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    present = {
        name
        for (name,) in sql(
            options, database, "SELECT name FROM deputies_constituency WHERE name LIKE 'drill2-%%'"
        )
    }
    lost = acknowledged - present
    on_b = sum(1 for key in acknowledged if key.startswith("drill2-B-"))
    b_failed = sum(1 for name, _s in failed if name == "B")
    serving, _h, _b = Browser(b.port).request("GET", "/")
    ok = not lost and b_failed == 0 and serving == 200 and time.monotonic() - killed_at > 0
    return Check(
        "a server killed mid-write loses no acknowledged write",
        ok,
        f"{len(acknowledged)} writes acknowledged ({on_b} on B), {len(lost)} lost; "
        f"requests cut on A: {sum(1 for n, _s in failed if n == 'A')}, failed on B: {b_failed}; "
        f"written but unacknowledged: {len(present - acknowledged)}; B still serving: HTTP {serving}",
    )


# --- the drill --------------------------------------------------------------------------------------


def table(checks) -> str:
    lines = ["| check | result | what happened |", "|---|---|---|"]
    lines += [f"| {c.name} | {'pass' if c.ok else 'FAIL'} | {c.detail} |" for c in checks]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--redis", default="redis://127.0.0.1:6379/15", help="a Redis database the drill may empty"
    )
    parser.add_argument(
        "--pg-port", type=int, default=5432, help="PostgreSQL on 127.0.0.1 (trust, user postgres)"
    )
    parser.add_argument("--ports", default="18801,18802", help="the two app servers' ports")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument("--keep", action="store_true", help="keep the database, the folder and the logs")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="two-server-drill-"))
    database = f"two_server_drill_{os.getpid()}"
    servers = []
    try:
        redis.Redis.from_url(options.redis).flushdb()
        admin_sql(options.pg_port, f"CREATE DATABASE {database}")
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))},
            "DATABASE_URL": f"postgres://postgres@{HOST}:{options.pg_port}/{database}",
            "REDIS_URL": options.redis,
            # One folder for uploaded files, as the servers would share storage.
            "DJANGO_VAR_DIR": str(folder / "var"),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            # Plain HTTP on 127.0.0.1: the proxy's HTTPS is not part of this drill.
            "SECURE_SSL_REDIRECT": "0",
        }
        prepare(
            env,
            [
                ("migrated", ["migrate", "--noinput", "-v0"]),
                ("demo loaded", ["load_demo"]),
                ("static files collected", ["collectstatic", "--noinput", "-v0"]),
            ],
        )
        port_a, port_b = (int(p) for p in options.ports.split(","))
        servers = [Server("A", port_a, env, folder), Server("B", port_b, env, folder)]
        for server in servers:
            wait_until_serving(server.port)
        a, b = servers
        log(f"two app servers: A on {HOST}:{a.port}, B on {HOST}:{b.port}; Redis {options.redis}")
        checks = [
            no_stale_pages(a, b, options, database),
            sign_out_everywhere(a, b),
            role_taken_away(a, b, options, database),
            opinion_limit(a, b),
            lockout(a, b),
            kill_mid_write(a, b, options, database),  # last: it kills A
        ]
        result = table(checks)
        print(result, flush=True)
        if options.markdown:
            options.markdown.write_text(result + "\n")
        return 0 if all(c.ok for c in checks) else 1
    finally:
        for server in servers:
            server.stop()
        if not options.keep:
            admin_sql(options.pg_port, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            shutil.rmtree(folder, ignore_errors=True)
        else:
            log(f"kept {folder} and the database {database}")


if __name__ == "__main__":
    sys.exit(main())
