"""Where the benchmark keeps its files, and the targets it measures against (issues 9 and 17)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
VAR = ROOT / "var" / "bench"

# At N=20 on PostgreSQL, 8 connections.
PUBLIC_SHARE_TARGET = 0.25  # public pages: at least 25% of the bare view's throughput (issue 9)
PORTAL_SHARE_TARGET = 0.30  # portal pages: at least 30% (issue 17)
P99_TARGET_MS = 100.0  # every page, admin lists and the dashboard included (issue 17)
DASHBOARD_TARGET_MS = 300.0  # the dashboard's first request after a save, one process
DOCX_TARGET_S = 2.0
IMPORT_TARGET_S = 20.0
IMPORT_ROWS = 10_000
