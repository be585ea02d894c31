"""`make loadtest`: many people use the production server at once, then every save is checked.

Makes its own database (`LOADTEST_DATABASE_URL`, default helpseek_load on 127.0.0.1, whose name
must end in _load), loads the content, collects the static files and starts gunicorn as
`make serve` does (helpseek/gunicorn.conf.py, debug off) on a free port from 8300. Then --people
virtual people (50) use it for --seconds (60), each in a thread with its own cookies, like a
browser behind the TLS proxy: they read the guide, answer the checklist, make plans through the
whole wizard and sign up, through the real forms with their CSRF tokens, following redirects.

At the end it checks the database: every save the server confirmed (the redirect to a result or
a plan, a signed-up account) has its rows, with the right owner and every statement and barrier
posted, and there is no row it did not confirm. It prints the requests by kind with p50 and p99
latency, the writes made and found, and the 5xx count, and exits 1 if any check fails.

    .venv/bin/python scripts/loadtest.py [--people 50] [--seconds 60] [--workers 2]

scripts/faults.py reuses the server, the people and the checks.
"""

import argparse
import contextlib
import datetime
import gzip
import http.client
import io
import itertools
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import dj_database_url
import psycopg
from psycopg import sql

BASE_DIR = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/helpseek_load"
PORTS = range(8300, 8400)
FRIENDLY_503 = "back in a moment"  # from templates/503.html
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
TIME_ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "UTC"]
# What a person does next, and how often.
ACTIVITIES = {"read": 40, "checklist": 25, "plan": 20, "signup": 15}


# The server --------------------------------------------------------------------------------------


def free_port(ports: range = PORTS) -> int:
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit(f"No free port in {ports.start}-{ports.stop - 1} on 127.0.0.1.")


def recreate_database(url: str, suffix: str) -> None:
    """Drop and make the database again. Its name must end in `suffix`, so no other is lost."""
    config = dj_database_url.parse(url)
    if not config["ENGINE"].endswith("postgresql"):
        raise SystemExit("This runs on PostgreSQL: give a postgres:// URL.")
    name = config["NAME"]
    if not name.endswith(suffix):
        raise SystemExit(f"The database is dropped and made again; {name!r} must end in {suffix}.")
    with psycopg.connect(**connect_args(url, dbname="postgres"), autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    name = dj_database_url.parse(url)["NAME"]
    with psycopg.connect(**connect_args(url, dbname="postgres"), autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def connect_args(url: str, **override) -> dict:
    config = dj_database_url.parse(url)
    args = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": config["NAME"],
    }
    return {**args, **override}


def prepare_site(database_url: str) -> None:
    """Set up Django in this process on that database, as a deploy does: migrate, the cache table,
    the content and the static files. This process then reads the database for the checks."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "helpseek.settings",
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "",
            "HELPSEEK_TESTING": "",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        }
    )
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    quiet = io.StringIO()
    call_command("migrate", interactive=False, verbosity=0, stdout=quiet)
    call_command("createcachetable", verbosity=0, stdout=quiet)
    call_command("load_content", verbosity=0, stdout=quiet)
    call_command("collectstatic", interactive=False, verbosity=0, stdout=quiet)


class Server:
    """gunicorn as `make serve` starts it (helpseek/gunicorn.conf.py, debug off), in its own
    process group so that all of it can be stopped."""

    def __init__(self, database_url: str, workers: int, threads: int):
        self.port = free_port()
        self.base = f"127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile("w+", prefix="helpseek-gunicorn-", suffix=".log")  # noqa: SIM115
        self.workers, self.threads = workers, threads
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "helpseek.settings",
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "",
            "HELPSEEK_TESTING": "",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "PORT": str(self.port),
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_THREADS": str(threads),
        }
        self.process = subprocess.Popen(  # noqa: S603
            [str(GUNICORN), "--config", "helpseek/gunicorn.conf.py", "helpseek.wsgi"],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_until_up()

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection(self.base, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200 and len(self.worker_pids()) == (
                    self.workers
                ):
                    connection.close()
                    return
            time.sleep(0.2)
        raise SystemExit("gunicorn did not start:\n" + self.log_text()[-3000:])

    def worker_pids(self) -> set[int]:
        pids = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    pids.add(int(stat.parent.name))
        return pids

    def log_text(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=25)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def close(self) -> None:
        self.stop()
        self.log.close()


# A browser ---------------------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    fields: list[dict] = field(default_factory=list)  # each: type, name, value, checked

    def choices(self, name: str) -> list[str]:
        return [f["value"] for f in self.fields if f["name"] == name and f["type"] != "hidden"]

    def data(self, answers: dict) -> list[tuple[str, str]]:
        """What the browser sends: the form's own values (hidden fields, what is already typed or
        ticked), with the person's answers in place. A list value ticks those boxes only."""
        pairs, done = [], set()
        for item in self.fields:
            name = item["name"]
            if name in answers:
                if name not in done:
                    done.add(name)
                    value = answers[name]
                    for one in value if isinstance(value, list) else [value]:
                        pairs.append((name, str(one)))
            elif item["type"] in ("checkbox", "radio"):
                if item["checked"]:
                    pairs.append((name, item["value"]))
            elif item["type"] not in ("submit", "button"):
                pairs.append((name, item["value"]))
        pairs += [
            (k, str(v)) for k, v in answers.items() if k not in done and not isinstance(v, list)
        ]
        return pairs


class PageParser(HTMLParser):
    """The forms, links, stylesheets and scripts of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.assets: list[str] = []
        self._form: Form | None = None
        self._text: dict | None = None  # the textarea or option being read
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = Form(a.get("action", ""))
            self.forms.append(self._form)
        elif tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag == "link" and a.get("rel") == "stylesheet":
            self.assets.append(a.get("href", ""))
        elif tag == "script" and a.get("src"):
            self.assets.append(a["src"])
        if self._form is None or not a.get("name") and tag != "option":
            return
        if tag == "input":
            self._form.fields.append(
                {
                    "type": a.get("type", "text").lower(),
                    "name": a["name"],
                    "value": a.get("value", "on" if a.get("type") == "checkbox" else ""),
                    "checked": "checked" in a,
                }
            )
        elif tag == "textarea":
            self._text = {"type": "textarea", "name": a["name"], "value": "", "checked": False}
            self._form.fields.append(self._text)
        elif tag == "select":
            self._select = {"type": "select", "name": a["name"], "value": None, "checked": False}
            self._select["options"] = []
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            value = a.get("value")
            self._select["options"].append(value)
            if "selected" in a or self._select["value"] is None:
                self._select["value"] = value

    def handle_data(self, data):
        if self._text is not None:
            self._text["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            if self._text is not None and self._text["value"].startswith("\n"):
                self._text["value"] = self._text["value"][1:]  # as browsers do
            self._text = None
        elif tag == "select":
            if self._select is not None and self._select["value"] is None:
                self._select["value"] = ""
            self._select = None


@dataclass
class Page:
    status: int
    path: str
    text: str
    location: str = ""
    _parsed: PageParser | None = None

    @property
    def parsed(self) -> PageParser:
        if self._parsed is None:
            self._parsed = PageParser()
            self._parsed.feed(self.text)
        return self._parsed

    def form(self, action: str) -> Form:
        for form in self.parsed.forms:
            if (form.action or urlsplit(self.path).path) == action:  # no action: this page
                return form
        raise Unexpected(f"GET {self.path}: no form posting to {action}")


class Unexpected(Exception):
    """A response a person would not expect: the activity stops there."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


@dataclass
class RequestRecord:
    kind: str
    method: str
    path: str
    status: int  # 0: no response (connection refused, reset or timed out)
    started: float  # time.monotonic()
    seconds: float
    friendly: bool = False  # a 503 that is the friendly page
    traceback: bool = False


class Recorder:
    """Every request and every confirmed save, from all the threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list[RequestRecord] = []
        self.problems: list[str] = []
        self.writes: list[Write] = []
        self.plan_attempts: dict[str, list[dict]] = defaultdict(list)  # draft id: barriers posted

    def request(self, record: RequestRecord) -> None:
        with self.lock:
            self.requests.append(record)

    def problem(self, message: str) -> None:
        with self.lock:
            self.problems.append(message)

    def write(self, write: "Write") -> None:
        with self.lock:
            self.writes.append(write)


class Browser:
    """One person's browser: its own cookies and a kept-alive connection, behind the TLS proxy."""

    def __init__(self, base: str, recorder: Recorder, *, retry_503: int = 0):
        self.base = base
        self.origin = "https://" + base
        self.recorder = recorder
        self.retry_503 = retry_503  # how many times a person tries again after "back in a moment"
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None
        self.fetched_assets: set[str] = set()
        self.kind = "read"
        self.last_page = "/"

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def _send(self, method: str, path: str, body: bytes | None, headers: dict):
        reused = self.connection is not None
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.base, timeout=30)
        try:
            self.connection.request(method, path, body=body, headers=headers)
            return self.connection.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            self.close()
            if not reused:
                raise
            # The server closed an idle kept-alive connection: a browser sends again on a new one.
            self.connection = http.client.HTTPConnection(self.base, timeout=30)
            self.connection.request(method, path, body=body, headers=headers)
            return self.connection.getresponse()

    def request(self, method: str, path: str, form: list | None = None) -> Page:
        """One request, no redirect followed; tries again after a 503 if the person would."""
        for attempt in itertools.count():
            page = self._request_once(method, path, form)
            if page.status != 503 or attempt >= self.retry_503:
                return page
            time.sleep(1)  # "Please try again in a few seconds."
        raise AssertionError("unreachable")

    def _request_once(self, method: str, path: str, form: list | None) -> Page:
        headers = {
            "X-Forwarded-Proto": "https",
            "Accept": "text/html,*/*;q=0.8",
            "Accept-Encoding": "gzip",
            "User-Agent": "helpseek-loadtest",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + self.last_page
        started = time.monotonic()
        try:
            response = self._send(method, path, body, headers)
            raw = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            self.recorder.request(
                RequestRecord(self.kind, method, path, 0, started, time.monotonic() - started)
            )
            raise Unexpected(f"{method} {path}: no response ({error!r})", 0) from error
        seconds = time.monotonic() - started
        if response.getheader("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        text = raw.decode(errors="replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            self._set_cookie(header)
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        status = response.status
        self.recorder.request(
            RequestRecord(
                self.kind,
                method,
                path,
                status,
                started,
                seconds,
                friendly=status == 503 and FRIENDLY_503 in text,
                traceback="Traceback" in text,
            )
        )
        location = response.getheader("Location", "")
        if location.startswith(self.origin):
            location = location[len(self.origin) :]
        return Page(status, path, text, location)

    def _set_cookie(self, header: str) -> None:
        name_value, *attributes = header.split(";")
        name, _, value = name_value.strip().partition("=")
        attributes = [a.strip().lower() for a in attributes]
        if "max-age=0" in attributes or any(
            a.startswith("expires=thu, 01 jan 1970") for a in attributes
        ):
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

    def get(self, path: str, expect: int = 200) -> Page:
        """A page as a browser opens it: redirects followed, its assets fetched the first time."""
        page = self.request("GET", path)
        for _ in range(5):
            if page.status not in (301, 302, 303):
                break
            page = self.request("GET", page.location)
        if page.status != expect:
            raise Unexpected(f"GET {path}: {page.status}, not {expect}", page.status)
        if page.status == 200:
            self.last_page = urlsplit(page.path).path
            self.fetch_assets(page)
        return page

    def fetch_assets(self, page: Page) -> None:
        kind, self.kind = self.kind, "static"
        try:
            for asset in page.parsed.assets:
                if asset.startswith("/") and asset not in self.fetched_assets:
                    answer = self.request("GET", asset)
                    if answer.status != 200:
                        raise Unexpected(f"GET {asset}: {answer.status}", answer.status)
                    self.fetched_assets.add(asset)  # hashed names are kept for ever
        finally:
            self.kind = kind

    def post(self, page: Page, action: str, answers: dict, redirect: str) -> tuple[Page, re.Match]:
        """Send the page's form with these answers; the server must redirect to `redirect` (a
        regular expression). Returns the page redirected to, opened, and the match."""
        form = page.form(action)
        answer = self.request("POST", action, form.data(answers))
        match = re.fullmatch(redirect, answer.location) if answer.status == 302 else None
        if match is None:
            detail = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", answer.text))[:300]
            raise Unexpected(
                f"POST {action}: {answer.status} {answer.location or detail!r}, "
                f"not a redirect to {redirect}",
                answer.status,
            )
        return self.get(answer.location), match


# The people --------------------------------------------------------------------------------------


@dataclass
class Write:
    """A save the server confirmed, and what was posted for it."""

    kind: str  # "result", "plan" or "signup"
    key: str  # the result's or plan's id, or the e-mail address
    person: "Person"
    session_key: str | None  # the anonymous owner when it was saved
    statements: set[int] = field(default_factory=set)
    barriers: dict[int, str] = field(default_factory=dict)
    plan: dict = field(default_factory=dict)


_emails = itertools.count(1)


class Person:
    """One visitor: a browser of their own, a few things done, a pause between pages."""

    def __init__(self, base: str, recorder: Recorder, rng: random.Random, think: float, **kw):
        self.browser = Browser(base, recorder, **kw)
        self.recorder = recorder
        self.rng = rng
        self.think = think
        self.email: str | None = None

    def pause(self) -> None:
        time.sleep(self.rng.uniform(0, 2 * self.think))

    def visit(self, going: Callable[[], bool]) -> None:
        for _ in range(self.rng.randint(1, 8)):
            if not going():
                break
            activity = self.rng.choices(list(ACTIVITIES), weights=list(ACTIVITIES.values()))[0]
            if activity == "signup" and self.email:
                activity = "read"
            self.browser.kind = activity
            try:
                getattr(self, activity)()
            except Unexpected as error:
                self.recorder.problem(f"{activity}: {error}")
                self.pause()
        self.browser.close()

    @property
    def session_key(self) -> str | None:
        return self.browser.cookies.get("sessionid")

    def read(self) -> None:
        home = self.browser.get("/")
        self.pause()
        overview = self.browser.get(self.rng.choice(["/guide/", "/guide/", "/help-now/"]))
        steps = sorted(
            {link for link in overview.parsed.links if re.fullmatch(r"/guide/[\w-]+/", link)}
        )
        if not steps:
            steps = sorted({link for link in home.parsed.links if link.startswith("/guide/")})
        for step in self.rng.sample(steps, min(len(steps), self.rng.randint(1, 3))):
            self.pause()
            self.browser.get(step)

    def checklist(self) -> None:
        page = self.browser.get("/checklist/")
        choices = [int(value) for value in page.form("/checklist/").choices("statements")]
        ticked = sorted(self.rng.sample(choices, self.rng.randint(0, len(choices))))
        self.pause()
        result, match = self.browser.post(
            page, "/checklist/", {"statements": ticked}, rf"/checklist/results/({UUID})/"
        )
        self.recorder.write(
            Write("result", match[1], self, self.session_key, statements=set(ticked))
        )
        if self.rng.random() < 0.3:
            self.pause()
            self.browser.get("/checklist/history/")

    def plan(self) -> None:
        rng = self.rng
        page = self.browser.get("/plan/new/")
        kind = rng.choice(page.form("/plan/new/who/").choices("contact_kind"))
        plan = {"contact_kind": kind, "contact_name": rng.choice(["", "my sister Ana", "Dr Lee"])}
        page, _ = self.browser.post(page, "/plan/new/who/", plan, "/plan/new/how/")
        method = rng.choice(page.form("/plan/new/how/").choices("contact_method"))
        how = {"contact_method": method, "contact_detail": rng.choice(["", "020 7946 0000"])}
        plan.update(how)
        page, _ = self.browser.post(page, "/plan/new/how/", how, "/plan/new/what/")
        form = page.form("/plan/new/what/")
        script = next(f["value"] for f in form.fields if f["name"] == "script").strip()
        what = {"script": (script + f"\nIn my own words, {secrets.token_hex(4)}.").strip()}
        plan.update(what)
        page, _ = self.browser.post(page, "/plan/new/what/", what, "/plan/new/when/")
        when = {
            "due_date": (datetime.date.today() + datetime.timedelta(days=rng.randint(2, 60))),
            "due_time": rng.choice(["", "09:30", "17:05"]),
            "time_zone": rng.choice(TIME_ZONES),
        }
        plan.update(when)
        page, _ = self.browser.post(page, "/plan/new/when/", when, "/plan/new/support/")
        form = page.form("/plan/new/support/")
        chosen = rng.sample(form.choices("barriers"), rng.randint(0, 3))
        notes = {int(b): rng.choice(["", f"I will remind myself why ({b})."]) for b in chosen}
        support = {
            "partner_name": rng.choice(["", "Sam"]),
            "barriers": chosen,
            **{f"note_{b}": note for b, note in notes.items()},
            "backup_kind": rng.choice([""] + [k for k in form.choices("backup_kind") if k]),
            "backup_name": "",
        }
        plan.update(partner_name=support["partner_name"], backup_kind=support["backup_kind"])
        self.pause()
        page, _ = self.browser.post(page, "/plan/new/support/", support, "/plan/new/check/")
        draft_id = next(
            f["value"] for f in page.form("/plan/new/check/").fields if f["name"] == "draft_id"
        )
        with self.recorder.lock:
            self.recorder.plan_attempts[draft_id].append(notes)
        self.pause()
        saved, match = self.browser.post(
            page, "/plan/new/check/", {"event_title": "Reach out"}, rf"/plan/({UUID})/"
        )
        if match[1] != draft_id:
            raise Unexpected(f"plan {match[1]} saved from draft {draft_id}")
        self.recorder.write(
            Write("plan", match[1], self, self.session_key, barriers=notes, plan=plan)
        )
        if self.rng.random() < 0.3:
            self.browser.get("/plan/")

    def signup(self) -> None:
        page = self.browser.get("/accounts/signup/")
        email = f"person{next(_emails)}@loadtest.example"
        password = secrets.token_urlsafe(12)
        self.pause()
        answers = {"email": email, "password1": password, "password2": password}
        self.browser.post(page, "/accounts/signup/", answers, "/account/")
        self.email = email  # what this person saved anonymously is now on the account
        self.recorder.write(Write("signup", email, self, None))


def run_people(
    base: str,
    recorder: Recorder,
    *,
    people: int,
    seconds: float | None,
    think: float,
    seed: int,
    retry_503: int = 0,
    stop: threading.Event | None = None,
) -> None:
    """`people` threads, each one person after another (a new browser each time) until the time is
    up or `stop` is set. A person who has started something finishes it, so no save is cut off by
    the clock."""
    deadline = time.monotonic() + seconds if seconds is not None else float("inf")
    stop = stop or threading.Event()

    def going() -> bool:
        return time.monotonic() < deadline and not stop.is_set()

    def live(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        time.sleep(rng.uniform(0, 2.0))  # not all at the same instant
        while going():
            person = Person(base, recorder, rng, think, retry_503=retry_503)
            try:
                person.visit(going)
            except Exception as error:  # a bug in this script must show, not hang the run
                recorder.problem(f"person crashed: {error!r}")
                return

    threads = [threading.Thread(target=live, args=(n,), daemon=True) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# The checks --------------------------------------------------------------------------------------


@dataclass
class Rows:
    results: int = 0
    result_statements: int = 0
    plans: int = 0
    plan_barriers: int = 0
    people: int = 0


def count_rows() -> Rows:
    from django.contrib.auth import get_user_model

    from guides.models import ChecklistResult, Plan, PlanBarrier

    return Rows(
        results=ChecklistResult.objects.count(),
        result_statements=ChecklistResult.statements.through.objects.count(),
        plans=Plan.objects.count(),
        plan_barriers=PlanBarrier.objects.count(),
        people=get_user_model().objects.count(),
    )


def check_database(
    recorder: Recorder, before: Rows, *, allow_resent: bool = False
) -> tuple[dict, list[str]]:
    """Each confirmed save is there, whole and with the right owner, and nothing else is.

    With `allow_resent`, a result that was not confirmed may be the twin of one that was (same
    owner, same ticks): its answer was lost (the database died after the commit and before the
    acknowledgement) and the person sent the form again. Returns the writes found by kind (and
    "resent"), and the problems."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, F

    from guides.models import ChecklistResult, Plan

    problems: list[str] = []
    found: Counter = Counter()
    writes = defaultdict(list)
    for write in recorder.writes:
        writes[write.kind].append(write)

    def owner_problem(what: str, row, write: Write) -> str | None:
        if write.person.email:  # signed up: what was saved before is claimed, after is theirs
            if row.user is None or row.user.email != write.person.email:
                return f"{what} belongs to {row.user or row.session_key}, not {write.person.email}"
        elif row.user_id is not None or row.session_key != write.session_key:
            return (
                f"{what} belongs to {row.user or row.session_key}, not session {write.session_key}"
            )
        return None

    results = ChecklistResult.objects.select_related("user").prefetch_related("statements")
    results = results.in_bulk([w.key for w in writes["result"]])
    for write in writes["result"]:
        result = results.get(uuid.UUID(write.key))
        if result is None:
            problems.append(f"result {write.key} was confirmed but is not in the database")
            continue
        ticked = {s.pk for s in result.statements.all()}
        problem = owner_problem(f"result {write.key}", result, write)
        if ticked != write.statements:
            problem = f"result {write.key} has statements {ticked}, posted {write.statements}"
        if problem:
            problems.append(problem)
        else:
            found["result"] += 1

    plans = Plan.objects.select_related("user").prefetch_related("plan_barriers")
    plans = plans.in_bulk([w.key for w in writes["plan"]])
    for write in writes["plan"]:
        plan = plans.get(uuid.UUID(write.key))
        if plan is None:
            problems.append(f"plan {write.key} was confirmed but is not in the database")
            continue
        barriers = {pb.barrier_id: pb.note for pb in plan.plan_barriers.all()}
        problem = owner_problem(f"plan {write.key}", plan, write)
        if barriers != write.barriers:
            problem = f"plan {write.key} has barriers {barriers}, posted {write.barriers}"
        posted = write.plan
        saved = {
            "contact_kind": str(plan.contact_kind_id),
            "contact_method": str(plan.contact_method_id),
            "script": plan.script,
            "due_date": plan.due_date,
            "time_zone": plan.time_zone,
            "backup_kind": str(plan.backup_kind_id or ""),
        }
        wrong = [k for k, v in saved.items() if posted[k] != v and str(posted[k]) != str(v)]
        if wrong:
            problem = f"plan {write.key}: {', '.join(wrong)} not as posted"
        if problem:
            problems.append(problem)
        else:
            found["plan"] += 1

    emails = set(
        get_user_model()
        .objects.filter(email__in=[w.key for w in writes["signup"]])
        .values_list("email", flat=True)
    )
    for write in writes["signup"]:
        if write.key in emails:
            found["signup"] += 1
        else:
            problems.append(f"account {write.key} was confirmed but is not in the database")

    # All of a save or none of it, for every row, confirmed or not: a result's statements are
    # the ones it counted, and a plan has the barriers posted for its draft.
    half = ChecklistResult.objects.annotate(n=Count("statements")).exclude(
        n=F("signs_count") + F("readiness_count")
    )
    for result in half:
        problems.append(f"result {result.pk} is half-saved: {result.n} statements")
    for plan in Plan.objects.annotate(n=Count("plan_barriers")):
        posted = recorder.plan_attempts.get(str(plan.pk))
        if not posted:
            problems.append(f"plan {plan.pk} is not from any draft this run posted")
        elif plan.n not in {len(barriers) for barriers in posted}:
            problems.append(f"plan {plan.pk} is half-saved: {plan.n} barriers, posted {posted}")

    if allow_resent:
        confirmed = {
            (w.person.email or w.session_key, frozenset(w.statements)) for w in writes["result"]
        }
        unconfirmed = (
            ChecklistResult.objects.exclude(pk__in=[w.key for w in writes["result"]])
            .select_related("user")
            .prefetch_related("statements")
        )
        for result in unconfirmed:
            owner = result.user.email if result.user else result.session_key
            if (owner, frozenset(s.pk for s in result.statements.all())) in confirmed:
                found["resent"] += 1

    after = count_rows()
    for kind, name in (("result", "results"), ("plan", "plans"), ("signup", "people")):
        made = getattr(after, name) - getattr(before, name) - (found["resent"] * (kind == "result"))
        if made != len(writes[kind]):
            problems.append(
                f"{made} new {name} in the database, but {len(writes[kind])} saves were confirmed"
            )
    return found, problems


# The report --------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def print_requests(records: list[RequestRecord], kinds: list[str]) -> None:
    print(f"{'kind':<11} {'requests':>9} {'not 2xx/3xx':>12} {'p50 ms':>8} {'p99 ms':>8}")
    by_kind = defaultdict(list)
    for record in records:
        by_kind[record.kind].append(record)
    for kind in [*kinds, "all"]:
        rows = records if kind == "all" else by_kind.get(kind, [])
        if not rows and kind != "all":
            continue
        bad = sum(1 for r in rows if not 200 <= r.status < 400)
        times = [r.seconds * 1000 for r in rows if r.status]
        print(
            f"{kind:<11} {len(rows):>9} {bad:>12} {percentile(times, 0.5):>8.1f} "
            f"{percentile(times, 0.99):>8.1f}"
        )
    statuses = Counter(r.status for r in records)
    print(
        "responses by status: "
        + ", ".join(f"{s or 'no response'}: {n}" for s, n in sorted(statuses.items()))
    )


def print_writes(recorder: Recorder, found: Counter, before: Rows, after: Rows) -> None:
    made = Counter(w.kind for w in recorder.writes)
    print(f"{'writes':<20} {'confirmed':>10} {'found whole':>12} {'new rows':>9}")
    for kind, label, rows in (
        ("result", "checklist results", after.results - before.results),
        ("plan", "plans", after.plans - before.plans),
        ("signup", "sign-ups", after.people - before.people),
    ):
        print(f"{label:<20} {made[kind]:>10} {found[kind]:>12} {rows:>9}")
    print(
        f"(and {after.result_statements - before.result_statements} ticked statements, "
        f"{after.plan_barriers - before.plan_barriers} plan barriers)"
    )
    if found["resent"]:
        print(
            f"{found['resent']} more result(s), whole, the twin of a confirmed one: the answer to "
            "the first POST was lost with the database and the person sent the form again"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=50, help="virtual people at once (50)")
    parser.add_argument("--seconds", type=float, default=60, help="how long they come (60)")
    parser.add_argument("--think", type=float, default=0.5, help="mean pause between pages (0.5)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument("--seed", type=int, default=1, help="for the people's choices (1)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LOADTEST_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="dropped and made again; its name must end in _load",
    )
    parser.add_argument("--keep-database", action="store_true", help="do not drop it at the end")
    options = parser.parse_args()
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda received, frame: sys.exit(128 + received))

    print(f"Setting up {dj_database_url.parse(options.database_url)['NAME']}…", flush=True)
    recreate_database(options.database_url, "_load")
    server = None
    try:
        prepare_site(options.database_url)
        from django.db import connections

        before = count_rows()
        connections.close_all()
        server = Server(options.database_url, options.workers, options.threads)
        print(
            f"{options.people} people for {options.seconds:g} s against gunicorn "
            f"({options.workers} workers × {options.threads} threads, debug off) on "
            f"http://{server.base}, PostgreSQL {connect_args(options.database_url)['host']}; "
            f"{os.cpu_count()} cores",
            flush=True,
        )
        recorder = Recorder()
        started = time.monotonic()
        run_people(
            server.base,
            recorder,
            people=options.people,
            seconds=options.seconds,
            think=options.think,
            seed=options.seed,
        )
        elapsed = time.monotonic() - started
        server_alive = server.process.poll() is None
        server.stop()
        found, problems = check_database(recorder, before)
        after = count_rows()
        connections.close_all()
    finally:
        if server is not None:
            server_log = server.log_text()
            server.close()
        if not options.keep_database:
            with contextlib.suppress(Exception):
                from django.db import connections

                connections.close_all()
            drop_database(options.database_url)

    records = recorder.requests
    print(f"\n{len(records)} requests in {elapsed:.1f} s ({len(records) / elapsed:.0f}/s)\n")
    print_requests(records, ["read", "static", "checklist", "plan", "signup"])
    print()
    print_writes(recorder, found, before, after)
    server_errors = [r for r in records if r.status >= 500]
    print(f"\n5xx responses: {len(server_errors)}")
    failures = list(recorder.problems) + problems
    if server_errors:
        failures.append(f"{len(server_errors)} 5xx responses")
    if not server_alive:
        failures.append("gunicorn stopped during the run")
    if "Traceback" in server_log:
        failures.append("the server logged a traceback:\n" + server_log[-2000:])
    if failures:
        print(f"\nFAILED: {len(failures)} problems")
        for failure in failures[:30]:
            print("  " + failure)
        return 1
    print("All checks passed: every confirmed save is in the database, whole, with its owner.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
