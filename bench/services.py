"""What the benchmark runs: PostgreSQL, Redis, the Django environment, gunicorn and wrk (bench/run).

Settings, paths and the targets are in ``bench.targets``; the pages in ``bench.pages``.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.targets import GUNICORN, PYTHON, ROOT, VAR


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


# ---- Redis ----------------------------------------------------------------------------------


def start_redis(port: int) -> subprocess.Popen | None:
    """A redis-server of the benchmark's own on 127.0.0.1 (nothing saved to disk), or None without one."""
    found = shutil.which("redis-server")
    if not found:
        log("redis-server not found (apt-get install redis-server): the pages are driven without Redis only")
        return None
    log(f"redis-server on 127.0.0.1:{port}")
    server = subprocess.Popen(
        [found, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).returncode == 0:
            return server
        time.sleep(0.2)
    stop_server(server)
    sys.exit(f"redis-server did not start on port {port}")


def redis_version(port: int) -> str:
    result = subprocess.run(["redis-cli", "-p", str(port), "info", "server"], capture_output=True, text=True)
    found = re.search(r"redis_version:(\S+)", result.stdout)
    return found.group(1) if found else "?"


def redis_memory(port: int) -> dict:
    """What Redis holds: its memory for the data (``used_memory``, bytes) and how many keys."""
    memory = subprocess.run(["redis-cli", "-p", str(port), "info", "memory"], capture_output=True, text=True)
    keys = subprocess.run(["redis-cli", "-p", str(port), "dbsize"], capture_output=True, text=True)
    found = re.search(r"used_memory:(\d+)", memory.stdout)
    return {"bytes": int(found.group(1)) if found else 0, "keys": int(keys.stdout.strip() or 0)}


# ---- the Django side ----------------------------------------------------------------------


def django_env(database: str, port: int, redis_url: str = "") -> dict[str, str]:
    """The server's environment; with ``redis_url`` the cache, sessions and limits are in Redis (REDIS_URL)."""
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(
        {
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
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env, *args: str) -> None:
    run([str(PYTHON), str(ROOT / "manage.py"), *args], env=env, cwd=ROOT)


def load_data(args, env) -> dict:
    """Create and load the database, or keep it (--reuse) when it holds data of the same factor and seed."""
    marker = VAR / f"{args.database}.json"
    wanted = {"factor": args.factor, "seed": args.seed, "townships": args.townships}
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
    log(
        f"loading generate_scale_data --factor {args.factor:g} --seed {args.seed} --townships {args.townships}"
    )
    manage(
        env,
        "generate_scale_data",
        *("--factor", f"{args.factor:g}", "--seed", str(args.seed), "--townships", str(args.townships)),
    )
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


# ---- gunicorn and wrk ---------------------------------------------------------------------


def start_server(env, port: int, workers: int) -> subprocess.Popen:
    redis = f", Redis {env['REDIS_URL']}" if env.get("REDIS_URL") else ", no Redis"
    log(f"gunicorn with {workers} workers on 127.0.0.1:{port}{redis}")
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
