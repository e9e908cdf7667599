"""The pages the benchmark drives, and driving them with wrk (bench/run).

Each page is driven once against a server without Redis (the single-machine default:
a cache in each worker, sessions in the database) and once against a server with
Redis (``REDIS_URL``: the shared cache, ``cached_db`` sessions, the signed-in account
kept there); each configuration has its own bare view to compare with.
"""

from __future__ import annotations

import datetime
import re
import statistics
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from bench.services import log, run
from bench.targets import P99_TARGET_MS, PORTAL_SHARE_TARGET, PUBLIC_SHARE_TARGET


@dataclass
class Page:
    name: str
    group: str  # bare, public, public signed in, portal, staff
    who: str  # anonymous or a username
    path: str
    p99_target: float = P99_TARGET_MS

    @property
    def share_target(self) -> float | None:
        return {"public": PUBLIC_SHARE_TARGET, "portal": PORTAL_SHARE_TARGET}.get(self.group)


def pages() -> list[Page]:
    """The key pages, with the records they show found in the loaded data."""
    from django.contrib import admin
    from django.db.models import Count
    from django.urls import reverse

    from congress.models import ReportDraft, Term
    from deputies.models import Deputy, PresidiumMembership, PresidiumRole
    from livelihood.models import LivelihoodPlan, Project
    from suggestions.choices import State
    from suggestions.models import HandlingUnit, Suggestion

    term = Term.objects.current()
    chair = PresidiumMembership.objects.filter(
        term=term, role=PresidiumRole.CHAIR, end_date__isnull=True
    ).first()
    plan = LivelihoodPlan.objects.filter(votes__state="confirmed").order_by("-year").first()
    project = Project.objects.filter(plan=plan).order_by("pk").first()
    deputy = Deputy.objects.get(user__username="scale-deputy")
    unit = HandlingUnit.objects.get(users__username="scale-unit")

    def richest(items):
        return (
            items.filter(state=State.CLOSED)
            .annotate(n=Count("rounds", distinct=True))
            .order_by("-n", "-received_on")
            .first()
            or items.order_by("-received_on").first()
        )

    own = richest(Suggestion.objects.of_deputy(deputy))
    handled = richest(Suggestion.objects.filter(rounds__assignments__unit=unit).distinct())
    report = ReportDraft.objects.filter(year=2022).order_by("pk").first()
    year = datetime.date.today().year
    public = [
        ("home", reverse("home")),
        ("deputies' directory", reverse("deputies:directory")),
        ("a deputy's page", reverse("deputies:detail", args=[chair.deputy_id])),
        ("deputies' homes", reverse("deputies:homes")),
        ("livelihood projects", reverse("livelihood:index")),
        (f"projects of {plan.year}", reverse("livelihood:year", args=[plan.year])),
        ("a project", reverse("livelihood:project", args=[project.pk])),
        (f"vote result {plan.year}", reverse("livelihood:vote_result", args=[plan.year])),
        ("suggestion results", reverse("suggestions:public_results")),
    ]
    listed = [Page("bare Django view", "bare", "anonymous", "/bench/bare/")]
    listed += [Page(name, "public", "anonymous", path) for name, path in public]
    listed += [Page(f"{name} (signed in)", "public signed in", "scale-deputy", path) for name, path in public]
    listed += [
        Page("portal home (deputy)", "portal", "scale-deputy", reverse("portal")),
        Page("my suggestions", "portal", "scale-deputy", reverse("suggestions:mine")),
        Page("my suggestion", "portal", "scale-deputy", reverse("suggestions:mine_detail", args=[own.pk])),
        Page("my duty record", "portal", "scale-deputy", reverse("deputies:my_record") + f"?year={year}"),
        Page("portal home (unit)", "portal", "scale-unit", reverse("portal")),
        Page("unit inbox", "portal", "scale-unit", reverse("suggestions:unit_inbox")),
        Page(
            "unit's suggestion", "portal", "scale-unit", reverse("suggestions:unit_detail", args=[handled.pk])
        ),
        Page("dashboard", "staff", "scale-staff", reverse("admin:index")),
        Page(
            "duty records of the year", "staff", "scale-staff", reverse("deputies:records") + f"?year={year}"
        ),
        Page(
            "report preview 2022",
            "staff",
            "scale-staff",
            reverse("admin:congress_reportdraft_preview", args=[report.pk]),
        ),
    ]
    for model in admin.site._registry:
        # The townships' own admin is the superuser's and the banner's: not a township staff's page.
        if model._meta.label == "congress.Township":
            continue
        if model._meta.app_label in ("congress", "deputies", "suggestions", "livelihood"):
            info = model._meta.app_label, model._meta.model_name
            listed.append(
                Page(
                    f"admin: {model._meta.verbose_name_plural}",
                    "staff",
                    "scale-staff",
                    reverse(f"admin:{info[0]}_{info[1]}_changelist"),
                )
            )
    return listed


def session_cookies() -> dict[str, str]:
    """A signed-in session for each account the pages use, as a Cookie header."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    store = import_module(settings.SESSION_ENGINE).SessionStore
    cookies = {"anonymous": ""}
    for user in get_user_model().objects.filter(username__in=["scale-staff", "scale-deputy", "scale-unit"]):
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "congress.accounts.signin.AccountBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies[user.username] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    return cookies


# ---- wrk ------------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A page answering with a redirect (to the sign-in page) is reported, not followed and measured."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, cookie: str) -> tuple[int, float]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    started = time.monotonic()
    try:
        with _opener.open(request, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, (time.monotonic() - started) * 1000


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


@dataclass
class Result:
    page: Page
    rps: float = 0.0
    p50: float = 0.0
    p99: float = 0.0
    requests: int = 0
    errors: int = 0
    first_ms: float = 0.0
    alone_ms: float = 0.0
    status: int = 0
    share: float | None = None
    notes: list[str] = field(default_factory=list)

    def misses(self) -> list[str]:
        missed = []
        if self.status != 200 or self.errors:
            missed.append("errors")
        if self.p99 >= self.page.p99_target:
            missed.append(f"p99 ≥ {self.page.p99_target:.0f} ms")
        target = self.page.share_target
        if target is not None and self.share is not None and self.share < target:
            missed.append(f"< {target:.0%} of bare")
        return missed


def drive(wrk: str, url: str, cookie: str, *, seconds: int, connections: int) -> dict:
    # A long timeout: a slow page is measured, not dropped as a socket error.
    command = [wrk, "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    command += ["--timeout", "30s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = run([*command, url], capture_output=True).stdout
    found = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _ms(re.search(r"\s50%\s+(\S+)", output).group(1)),
        "p99": _ms(re.search(r"\s99%\s+(\S+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": 0,
    }
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if non_2xx:
        found["errors"] += int(non_2xx.group(1))
    if socket_errors:
        found["errors"] += sum(int(n) for n in socket_errors.groups())
    return found


def drive_pages(args, wrk, listed: list[Page], cookies: dict[str, str], label: str = "") -> list[Result]:
    """Each page in turn against the server on ``args.port``; ``label`` names the configuration in the log."""
    results = []
    base = f"http://127.0.0.1:{args.port}"
    for page in listed:
        cookie = cookies.get(page.who, "")
        status, first_ms = fetch(base + page.path, cookie)
        result = Result(page=page, status=status, first_ms=first_ms)
        if status != 200:
            log(f"{label}{page.name}: HTTP {status}, skipped")
            results.append(result)
            continue
        # Warm every worker (templates, the page cache) before measuring.
        drive(wrk, base + page.path, cookie, seconds=1, connections=2)
        # One request at a time: what the page costs without waiting for others.
        result.alone_ms = statistics.median(fetch(base + page.path, cookie)[1] for _ in range(5))
        found = drive(wrk, base + page.path, cookie, seconds=args.seconds, connections=args.connections)
        for key, value in found.items():
            setattr(result, key, value)
        log(f"{label}{page.name}: {result.rps:.0f} req/s, p50 {result.p50:.1f} ms, p99 {result.p99:.1f} ms")
        results.append(result)
    bare = next((r.rps for r in results if r.page.group == "bare"), 0)
    for result in results:
        result.share = result.rps / bare if bare else None
    return results
