"""The direction of imports (docs/architecture.md) holds: import-linter's contracts in pyproject.toml."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_the_import_contracts_are_kept():
    """`lint-imports` (also run by `make lint`): no app imports another against the layers, no loops."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
