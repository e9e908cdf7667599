"""What the drills share: a client of the platform behind the HTTPS proxy, and small helpers.

Used by ``scripts/fault_drill.py`` (PostgreSQL restarted under load) and
``scripts/two_server_drill.py`` (two app servers over one PostgreSQL and one Redis).
"""

import http.client
import re
import subprocess
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(*args, **kwargs):
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True, **kwargs)


def admin_sql(port, sql, dbname="postgres"):
    connection = psycopg2.connect(host=HOST, port=port, user="postgres", dbname=dbname)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall() if cursor.description else []
    connection.close()
    return rows


def prepare(env, steps):
    """Run ``manage.py`` steps (label, arguments) with the drill's environment."""
    for label, args in steps:
        started = time.monotonic()
        run(PYTHON, "manage.py", *args, cwd=ROOT, env=env)
        log(f"{label} ({time.monotonic() - started:.0f} s)")


def wait_until_serving(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, _h, _b = Browser(port).request("GET", "/")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn on port {port} did not start serving")


@dataclass
class Result:
    kind: str  # "read" or "write"
    start: float
    end: float
    ok: bool
    detail: str
    key: str = ""


@dataclass
class Browser:
    """A client of the platform behind the HTTPS proxy: cookies kept by hand (they are Secure)."""

    port: int
    cookies: dict = field(default_factory=dict)

    def request(self, method, path, data=None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=15)
        origin = f"https://{HOST}:{self.port}"
        headers = {"X-Forwarded-Proto": "https", "Host": f"{HOST}:{self.port}", "Accept-Language": "zh-CN"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": origin,
                "Referer": origin + path,
            }
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers, content
        finally:
            connection.close()

    def sign_in(self, username, password, path="/admin/login/", check=True):
        """Sign in through a sign-in page; returns the HTTP status (302 when signed in)."""
        _status, _headers, page = self.request("GET", path)
        fields = form_fields(page, "username") | {"username": username, "password": password}
        status, _headers, _page = self.request("POST", path, fields)
        if check and status != 302:
            raise RuntimeError(f"could not sign in as {username}: HTTP {status}")
        return status

    def use(self, port):
        """The same browser (its cookies) talking to another app server."""
        return Browser(port, self.cookies)


class _Forms(HTMLParser):
    """Every form of a page with its fields' current values (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._in_form, self._select, self._textarea = False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in_form = True
            self.forms.append({})
        if not self._in_form:
            return
        fields, name = self.forms[-1], a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file", "image"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            fields[name] = a.get("value", "on" if a.get("type") == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, [] if "multiple" in a else "")
        elif tag == "option" and self._select and "selected" in a:
            if isinstance(fields[self._select], list):
                fields[self._select].append(a.get("value", ""))
            else:
                fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1][self._textarea] += data


def form_fields(page: str, containing: str) -> dict:
    """The current values of the page's form that has a field named ``containing``, ready to post back."""
    parser = _Forms()
    parser.feed(page)
    for fields in parser.forms:
        if containing in fields:
            return fields
    raise LookupError(f"no form with a field {containing!r} on the page")
