"""axe-core in the browser journeys: the vendored static/vendor/axe/axe.min.js, run on the page as shown.

The script is loaded from the live server's own static files (``script-src 'self'``),
so the page keeps its Content-Security-Policy while it is checked; Playwright's
``add_script_tag(path=…)`` would inject it inline, which the policy blocks.
Each check also writes what axe found (every impact) to
var/test-output/axe/<name>.json, so the results can be read after a run.
"""

import json
from pathlib import Path
from urllib.parse import urljoin

from django.conf import settings

AXE_PATH = "vendor/axe/axe.min.js"
AXE_FILE = Path(settings.BASE_DIR) / "static" / AXE_PATH
RESULTS = Path(settings.BASE_DIR) / "var" / "test-output" / "axe"
BLOCKING = ("serious", "critical")

RUN = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
  }));
}"""


def violations(page) -> list[dict]:
    """Every violation axe-core finds on the page as it is now: id, impact, help, first nodes."""
    assert AXE_FILE.exists(), f"axe-core is not vendored at {AXE_FILE}"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=urljoin(page.url, settings.STATIC_URL + AXE_PATH))
    return page.evaluate(RUN)


def check(page, name: str) -> list[dict]:
    """Run axe-core, save its findings as ``name``.json and fail on any serious or critical violation.

    Returns the remaining (minor and moderate) findings.
    """
    found = violations(page)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(
        json.dumps({"url": page.url, "violations": found}, ensure_ascii=False, indent=1), "utf-8"
    )
    blocking = [v for v in found if v["impact"] in BLOCKING]
    assert blocking == [], f"axe-core on {page.url}: " + json.dumps(blocking, ensure_ascii=False, indent=1)
    return found
