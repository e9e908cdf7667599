"""Settings come from the environment and refuse to start half-configured."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "SECRET_KEY": "x" * 64 + "-production-secret-for-the-check",
    "ALLOWED_HOSTS": "renda.example.org",
}


def run_manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_chinese_and_shanghai_by_default():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ


def test_without_debug_a_missing_secret_key_stops_start_up_by_name():
    result = run_manage("check", env={"ALLOWED_HOSTS": "renda.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_without_debug_missing_allowed_hosts_stops_start_up_by_name():
    result = run_manage("check", env={"SECRET_KEY": PRODUCTION["SECRET_KEY"]})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


SHOW_SHARED_STATE = (
    "from django.conf import settings; "
    "print(settings.CACHES['default']['BACKEND']); print(settings.SESSION_ENGINE)"
)


def shared_state(env):
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "PYTEST_XDIST_WORKER"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW_SHARED_STATE],
        cwd=settings.BASE_DIR,
        env={**clean, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[-2:]


def test_one_machine_needs_no_redis_and_keeps_sessions_in_the_database():
    backend, sessions = shared_state({})
    assert backend.endswith("LocMemCache")
    assert sessions == "django.contrib.sessions.backends.db"


def test_with_redis_the_cache_and_sessions_are_shared_by_every_server():
    backend, sessions = shared_state({"REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert backend == "django.core.cache.backends.redis.RedisCache"
    # cached_db: read from Redis, written through to the database, deleted from both on sign-out.
    assert sessions == "django.contrib.sessions.backends.cached_db"
