#!/usr/bin/env python
"""Fault drill: restart PostgreSQL under load and check that nothing acknowledged is lost.

    .venv/bin/python scripts/fault_drill.py [--duration 45] [--fault-at 15] [--system-cluster 15/main]

1. Starts a throwaway PostgreSQL instance on 127.0.0.1 (its own data folder and
   port, so a drill never disturbs another database on the machine; with
   ``--system-cluster 15/main`` it uses and restarts that cluster instead, as CI may).
2. Migrates a fresh database, loads the demo township, collects the static files,
   and serves the platform with production settings (DEBUG off) through gunicorn
   with two workers on 127.0.0.1, as behind the HTTPS proxy (X-Forwarded-Proto).
3. For ``--duration`` seconds, readers fetch public pages (home, directory, a
   deputy) and writers, signed in as presidium staff, add constituencies through
   the admin; every write answered with the admin's redirect is *acknowledged*
   and its name recorded.
4. At ``--fault-at`` seconds PostgreSQL is restarted (fast shutdown: connections cut).
5. Reports: requests failed (and when), seconds to recover, and whether every
   acknowledged write is in the database afterwards. Exits 1 if any is lost or
   the platform did not recover.

Everything listens on 127.0.0.1 only; the drill's files live in a temporary folder
removed at the end (``--keep`` keeps them, with the server and database logs).
"""

import argparse
import glob
import http.client
import json
import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg2
from drill_support import (
    GUNICORN,
    HOST,
    ROOT,
    TOKEN,
    Browser,
    Result,
    admin_sql,
    log,
    prepare,
    wait_until_serving,
)

DEPUTY_LINK = re.compile(r'href="/deputies/(\d+)/"')


# --- PostgreSQL -----------------------------------------------------------------------------------


class PrivateCluster:
    """A PostgreSQL instance of its own: initdb in a temporary folder, 127.0.0.1 only."""

    def __init__(self, folder: Path, port: int):
        self.data, self.port, self.folder = folder / "pgdata", port, folder
        bindirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not bindirs:
            sys.exit("PostgreSQL's server programs are missing (apt-get install postgresql)")
        self.bin = Path(bindirs[-1])
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _pg(self, program, *args):
        # The server pg_ctl starts keeps its output open: send it to a log, never to a pipe.
        with open(self.folder / "pg_ctl.log", "a") as output:
            subprocess.run(
                [*self.as_postgres, str(self.bin / program), *map(str, args)],
                check=True,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def _ctl(self, action):
        options = f"-c listen_addresses={HOST} -p {self.port} -c unix_socket_directories={self.folder}"
        log_file = self.folder / "postgresql.log"
        self._pg("pg_ctl", action, "-D", self.data, "-l", log_file, "-o", options, "-m", "fast", "-w")

    def start(self):
        if self.as_postgres:
            shutil.chown(self.folder, "postgres")
        self._pg("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        self._ctl("start")

    def restart(self):
        self._ctl("restart")

    def stop(self):
        self._ctl("stop")

    def url(self, database):
        return f"postgres://postgres@{HOST}:{self.port}/{database}"


class SystemCluster:
    """An existing cluster (e.g. 15/main on 5432), restarted with pg_ctlcluster."""

    def __init__(self, spec: str, port: int):
        self.version, self.name = spec.split("/")
        self.port = port

    def start(self):
        pass

    def restart(self):
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, "restart"],
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop(self):
        pass

    def url(self, database):
        return f"postgres://postgres@{HOST}:{self.port}/{database}"


class Load:
    """Readers and writers running until ``stop`` is set, each request recorded."""

    def __init__(self, port, deputies, readers=3, writers=2):
        self.port, self.deputies = port, deputies
        self.readers, self.writers = readers, writers
        self.results: list[Result] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.origin = time.monotonic()

    def now(self):
        return time.monotonic() - self.origin

    def record(self, result):
        with self.lock:
            self.results.append(result)

    def timed(self, kind, call, key=""):
        start = self.now()
        try:
            ok, detail = call()
        except (OSError, http.client.HTTPException) as error:
            ok, detail = False, type(error).__name__
        self.record(Result(kind, start, self.now(), ok, detail, key))
        return ok

    def reader(self, number):
        browser = Browser(self.port)
        pages = ["/", "/deputies/"] + [f"/deputies/{pk}/" for pk in self.deputies]
        rng = random.Random(number)
        while not self.stop.is_set():
            path = rng.choice(pages)

            def get(path=path):
                status, _h, _b = browser.request("GET", path)
                return status == 200, f"HTTP {status}"

            self.timed("read", get)
            time.sleep(0.05)

    def writer(self, number):
        browser = Browser(self.port)
        browser.sign_in("staff", "demo-2022")
        _s, _h, page = browser.request("GET", "/admin/deputies/constituency/add/")
        token = TOKEN.search(page).group(1)
        sequence = 0
        while not self.stop.is_set():
            sequence += 1
            key = f"drill-{number}-{sequence:05d}"

            def post(key=key):
                status, headers, _b = browser.request(
                    "POST",
                    "/admin/deputies/constituency/add/",
                    {"name": key, "description": "故障演练", "csrfmiddlewaretoken": token, "_save": "1"},
                )
                # The admin answers a saved record with a redirect to the list: acknowledged.
                ok = status == 302 and "/admin/deputies/constituency/" in (headers.get("Location") or "")
                return ok, f"HTTP {status}"

            self.timed("write", post, key)
            time.sleep(0.2)

    def run(self, seconds, fault_at, fault):
        threads = [threading.Thread(target=self.reader, args=(i,)) for i in range(self.readers)]
        threads += [threading.Thread(target=self.writer, args=(i,)) for i in range(self.writers)]
        for thread in threads:
            thread.start()
        time.sleep(fault_at)
        fault_start = self.now()
        fault()
        fault_end = self.now()
        time.sleep(max(0.0, seconds - self.now()))
        self.stop.set()
        for thread in threads:
            thread.join(timeout=30)
        return fault_start, fault_end


# --- The drill --------------------------------------------------------------------------------------


def report(load, fault_start, fault_end, acknowledged, present, total_seconds):
    results = sorted(load.results, key=lambda r: r.start)
    failed = [r for r in results if not r.ok]
    last_failure = max((r.end for r in failed), default=None)
    recovered_at = next(
        (r.start for r in results if r.ok and last_failure is not None and r.start > last_failure), None
    )
    lost = sorted(acknowledged - present)
    summary = {
        "duration_s": round(total_seconds, 1),
        "requests": len(results),
        "reads": sum(r.kind == "read" for r in results),
        "writes_attempted": sum(r.kind == "write" for r in results),
        "writes_acknowledged": len(acknowledged),
        "postgresql_restart": {"began_s": round(fault_start, 2), "took_s": round(fault_end - fault_start, 2)},
        "requests_failed": len(failed),
        "reads_failed": sum(r.kind == "read" for r in failed),
        "writes_failed": sum(r.kind == "write" for r in failed),
        "failed_outside_restart": sum(1 for r in failed if r.end < fault_start or r.start > fault_end + 5),
        "failures_by_answer": {
            d: sum(r.detail == d for r in failed) for d in sorted({r.detail for r in failed})
        },
        "first_failure_s": round(min((r.start for r in failed), default=0), 2) if failed else None,
        "last_failure_s": round(last_failure, 2) if failed else None,
        "seconds_to_recover": round(recovered_at - fault_start, 2) if recovered_at is not None else 0.0,
        "acknowledged_writes_lost": len(lost),
        "lost_keys": lost[:20],
        "unacknowledged_writes_found": len(present - acknowledged),
        "requests_after_recovery": sum(
            1 for r in results if recovered_at is not None and r.start >= recovered_at
        ),
    }
    log("result:\n" + json.dumps(summary, ensure_ascii=False, indent=2))
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=45, help="seconds of load (default 45)")
    parser.add_argument(
        "--fault-at", type=float, default=15, help="restart PostgreSQL after this many seconds"
    )
    parser.add_argument("--port", type=int, default=8765, help="gunicorn's port on 127.0.0.1")
    parser.add_argument("--pg-port", type=int, default=5499, help="the private PostgreSQL's port")
    parser.add_argument(
        "--system-cluster", metavar="VERSION/NAME", help="restart this cluster instead, e.g. 15/main"
    )
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    parser.add_argument("--keep", action="store_true", help="keep the drill's folder and logs")
    options = parser.parse_args()

    began = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="fault-drill-"))
    os.chmod(folder, 0o755)
    if options.system_cluster:
        cluster = SystemCluster(options.system_cluster, 5432)
    else:
        cluster = PrivateCluster(folder, options.pg_port)
    database = f"fault_drill_{os.getpid()}"
    server = None
    try:
        cluster.start()
        admin_sql(cluster.port, f"CREATE DATABASE {database}")
        log(f"PostgreSQL on {HOST}:{cluster.port}, database {database}")
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
            "DATABASE_URL": cluster.url(database),
            "DJANGO_VAR_DIR": str(folder / "var"),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
        }
        prepare(
            env,
            [
                ("migrated", ["migrate", "--noinput", "-v0"]),
                ("demo loaded", ["load_demo"]),
                ("static files collected", ["collectstatic", "--noinput", "-v0"]),
            ],
        )
        server_log = open(folder / "django.log", "w")  # noqa: SIM115 - what Django logs while the database is away
        server = subprocess.Popen(
            [GUNICORN, "congress.wsgi", "-w", "2", "-b", f"{HOST}:{options.port}", "--timeout", "30",
             "--error-logfile", str(folder / "gunicorn.log")],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=server_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_until_serving(options.port)
        _s, _h, directory = Browser(options.port).request("GET", "/deputies/")
        deputies = sorted(set(DEPUTY_LINK.findall(directory)))[:20]
        log(f"gunicorn (2 workers) serving on {HOST}:{options.port}; {len(deputies)} deputies to read")

        load = Load(options.port, deputies)

        def fault():
            log("restarting PostgreSQL")
            cluster.restart()
            log("PostgreSQL is back")

        log(f"load for {options.duration:.0f} s, PostgreSQL restarted at {options.fault_at:.0f} s")
        fault_start, fault_end = load.run(options.duration, options.fault_at, fault)

        acknowledged = {r.key for r in load.results if r.kind == "write" and r.ok}
        connection = psycopg2.connect(host=HOST, port=cluster.port, user="postgres", dbname=database)
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM deputies_constituency WHERE name LIKE 'drill-%%'")
            present = {row[0] for row in cursor.fetchall()}
        connection.close()
        summary = report(load, fault_start, fault_end, acknowledged, present, time.monotonic() - began)
        if options.json:
            options.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
        recovered = summary["requests_after_recovery"] > 0 and summary["failed_outside_restart"] == 0
        return 0 if summary["acknowledged_writes_lost"] == 0 and recovered else 1
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        try:
            admin_sql(cluster.port, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        except psycopg2.Error:
            pass
        cluster.stop()
        if options.keep:
            log(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
