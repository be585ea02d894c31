"""The virtual people of `make loadtest` and `make faults`, for Locust.

A Person reads the guide, answers the checklist, makes plans through the planner's whole wizard
and signs up, through the real forms (the CSRF cookie and token, the hidden draft_id), as a
browser behind the TLS proxy does. Each activity is a task, weighted as ACTIVITIES; after one to
eight of them the person leaves and a new one comes, with new cookies. A Probe (`make faults`)
asks for /healthz, /readyz and /checklist/ every 0.1 s. With --ledger, every request and every
save the server confirmed is written there as JSON when the run stops, for scripts/loadtest.py
to check against the database. Loopback addresses only.

    .venv/bin/locust -f scripts/locustfile.py --headless -H http://127.0.0.1:8000 -u 10 -t 30s \
        Person
"""

import contextlib
import datetime
import functools
import itertools
import json
import random
import re
import secrets
import traceback
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookiejar import DefaultCookiePolicy
from urllib.parse import urlencode, urlsplit

import gevent
from locust import FastHttpUser, constant, events, task

FRIENDLY_503 = "back in a moment"  # from templates/503.html
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
TIME_ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "UTC"]
# What a person does next, and how often.
ACTIVITIES = {"read": 40, "checklist": 25, "plan": 20, "signup": 15}
PROBES = ["/healthz", "/readyz", "/checklist/"]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}

# What the run saw, written to --ledger when it stops.
ledger: dict = {
    "requests": [],  # [kind, method, path, status (0: no answer), start, seconds, friendly, trace]
    "writes": [],  # each a dict: kind, key, person, session_key, statements, barriers, plan
    "plan_attempts": defaultdict(list),  # draft id: the barriers posted with it, each time
    "problems": [],
}
_people = itertools.count(1)
_emails = itertools.count(1)


@events.init_command_line_parser.add_listener
def _options(parser) -> None:
    parser.add_argument("--think", type=float, default=0.5, help="mean pause between pages (s)")
    parser.add_argument("--seed", type=int, default=1, help="for the people's choices")
    parser.add_argument("--retry-503", type=int, default=0, help="tries again after a 503")
    parser.add_argument("--ledger", default="", help="write requests and saves here as JSON")


@events.init.add_listener
def _loopback_only(environment, **kwargs) -> None:
    if urlsplit(environment.host or "").hostname not in LOOPBACK:
        raise SystemExit(f"Only a server on this machine is a target, not {environment.host}.")


@events.request.add_listener
def _record(request_type, response, context, start_time, response_time, url, **kwargs) -> None:
    status = getattr(response, "status_code", 0) or 0
    try:
        text = (response.text or "") if status else ""
    except Exception:  # the body was cut off: the status is what counts
        text = ""
    path = urlsplit(url).path
    ledger["requests"].append(
        [
            context.get("kind", "?"),
            request_type,
            path,
            status,
            start_time,
            response_time / 1000,
            status == 503 and FRIENDLY_503 in text,
            "Traceback" in text,
        ]
    )


@events.user_error.add_listener
def _crashed(user_instance, exception, tb, **kwargs) -> None:
    where = traceback.extract_tb(tb)[-1]
    ledger["problems"].append(f"a task crashed: {exception!r} at line {where.lineno}")


@events.test_stop.add_listener
def _write_ledger(environment, **kwargs) -> None:
    if environment.parsed_options and environment.parsed_options.ledger:
        with open(environment.parsed_options.ledger, "w") as file:
            json.dump(ledger, file, default=str)


# Pages and forms ---------------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    fields: list[dict] = field(default_factory=list)  # each: type, name, value, checked

    def choices(self, name: str) -> list[str]:
        return [f["value"] for f in self.fields if f["name"] == name and f["type"] != "hidden"]

    def value(self, name: str) -> str:
        return next(f["value"] for f in self.fields if f["name"] == name)

    def data(self, answers: dict) -> list[tuple[str, str]]:
        """What the browser sends: the form's own values (hidden fields such as the CSRF token,
        what is already typed or ticked), with the person's answers in place. A list value ticks
        those boxes only."""
        pairs, done = [], set()
        for item in self.fields:
            name = item["name"]
            if name in answers:
                if name not in done:
                    done.add(name)
                    value = answers[name]
                    pairs += [
                        (name, str(one)) for one in (value if isinstance(value, list) else [value])
                    ]
            elif item["type"] in ("checkbox", "radio"):
                if item["checked"]:
                    pairs.append((name, item["value"]))
            elif item["type"] not in ("submit", "button"):
                pairs.append((name, item["value"]))
        others = [
            (k, str(v)) for k, v in answers.items() if k not in done and not isinstance(v, list)
        ]
        return pairs + others


class PageParser(HTMLParser):
    """The forms that post, links, stylesheets and scripts of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.assets: list[str] = []
        self._form: Form | None = None
        self._text: dict | None = None  # the textarea being read
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = Form(a.get("action", ""))
            self.forms.append(self._form)
        elif tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag == "link" and a.get("rel") == "stylesheet" or tag == "script" and a.get("src"):
            self.assets.append(a.get("href") or a.get("src"))
        if self._form is None:
            return
        select = self._select
        if tag == "option" and select and ("selected" in a or select["value"] is None):
            select["value"] = a.get("value")
        if tag not in ("input", "textarea", "select") or not a.get("name"):
            return
        kind = a.get("type", "text").lower() if tag == "input" else tag
        item = {"type": kind, "name": a["name"], "value": "", "checked": "checked" in a}
        if kind == "checkbox":
            item["value"] = a.get("value", "on")
        elif tag == "input":
            item["value"] = a.get("value", "")
        elif tag == "textarea":
            self._text = item
        else:
            self._select = item | {"value": None}
            item = self._select
        self._form.fields.append(item)

    def handle_data(self, data):
        if self._text is not None:
            self._text["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._text is not None:
            self._text["value"] = self._text["value"].removeprefix("\n")  # as browsers do
            self._text = None
        elif tag == "select" and self._select is not None:
            self._select["value"] = self._select["value"] or ""
            self._select = None


@dataclass
class Page:
    status: int
    path: str
    text: str
    location: str = ""

    @functools.cached_property
    def parsed(self) -> PageParser:
        parser = PageParser()
        parser.feed(self.text)
        return parser

    def form(self, action: str) -> Form:
        for form in self.parsed.forms:
            if (form.action or urlsplit(self.path).path) == action:  # no action: this page
                return form
        raise Unexpected(f"GET {self.path}: no form posting to {action}")


class Unexpected(Exception):
    """An answer a person would not expect: the activity stops there."""


class SecureOverHttp(DefaultCookiePolicy):
    """The TLS proxy is pretended (X-Forwarded-Proto), so send the secure cookies over http."""

    def return_ok_secure(self, cookie, request):
        return True


def request_name(path: str) -> str:
    """Locust's statistics group pages that differ only by an id or a guide step."""
    path = re.sub(UUID, "<id>", path)
    if path.startswith("/static/"):
        return "/static/…"
    return re.sub(r"^/guide/[\w-]+/$", "/guide/<step>/", path)


# The people --------------------------------------------------------------------------------------


class Browser(FastHttpUser):
    """A browser behind the TLS proxy: its own cookies, redirects followed one by one, each request
    recorded with the activity it is part of."""

    abstract = True
    kind = "read"
    retry_503 = 0  # how many times to try again, a second after "back in a moment"

    def on_start(self) -> None:
        self.client.cookiejar.set_policy(SecureOverHttp())
        self.origin = "https://" + urlsplit(self.host).netloc
        self.options = self.environment.parsed_options
        self.rng = random.Random(f"{self.options.seed}-{next(_people)}")
        self.last_page = "/"
        self.fetched_assets: set[str] = set()

    def context(self) -> dict:
        return {"kind": self.kind}

    def pause(self) -> None:
        gevent.sleep(self.rng.uniform(0, 2 * self.options.think))

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.client.cookiejar if c.name == name), None)

    def request(self, method: str, path: str, form: list | None = None) -> Page:
        """One request, no redirect followed; after a 503, tried again as the friendly page asks
        if the person would."""
        headers = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers.update(Origin=self.origin, Referer=self.origin + self.last_page)
        for attempt in range(self.retry_503 + 1):
            if attempt:
                gevent.sleep(1)  # "Please try again in a few seconds."
            response = self.client.request(
                method, path, data=body, headers=headers, name=request_name(path),
                allow_redirects=False,
            )  # fmt: skip
            if response.status_code != 503:
                break
        if not response.status_code:
            raise Unexpected(f"{method} {path}: no answer ({response.error!r})")
        location = response.headers.get("Location", "").removeprefix(self.origin)
        return Page(response.status_code, path, response.text or "", location)


def activity(weight: int):
    """A task: an Unexpected answer ends the activity and is recorded as a problem; after the
    person's last activity, a new person comes."""

    def decorate(method):
        @task(weight)
        @functools.wraps(method)
        def run(self) -> None:
            self.kind = method.__name__
            try:
                method(self)
            except Unexpected as error:
                ledger["problems"].append(f"{self.kind}: {error}")
                self.pause()
            self.activities_left -= 1
            if not self.activities_left:
                self.arrive()

        return run

    return decorate


class Person(Browser):
    """One visitor at a time: one to eight activities, then another visitor with new cookies."""

    wait_time = constant(0)  # the pauses are between pages, inside each activity

    def on_start(self) -> None:
        super().on_start()
        self.retry_503 = self.options.retry_503
        self.arrive()

    def arrive(self) -> None:
        self.client.cookiejar.clear()
        self.fetched_assets.clear()
        self.visitor = f"{next(_people)}"
        self.activities_left = self.rng.randint(1, 8)
        self.signed_up = False

    def get(self, path: str) -> Page:
        """A page as a browser opens it: redirects followed, its assets fetched the first time."""
        page = self.request("GET", path)
        for _ in range(5):
            if page.status not in (301, 302, 303):
                break
            page = self.request("GET", page.location)
        if page.status != 200:
            raise Unexpected(f"GET {path}: {page.status}, not 200")
        self.last_page = urlsplit(page.path).path
        kind, self.kind = self.kind, "static"
        try:
            for asset in page.parsed.assets:
                if asset.startswith("/") and asset not in self.fetched_assets:
                    if (answer := self.request("GET", asset)).status != 200:
                        raise Unexpected(f"GET {asset}: {answer.status}")
                    self.fetched_assets.add(asset)  # hashed names are kept for ever
        finally:
            self.kind = kind
        return page

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
                f"not a redirect to {redirect}"
            )
        return self.get(answer.location), match

    def confirmed(self, kind: str, key: str, **posted) -> None:
        write = {"kind": kind, "key": key, "person": self.visitor, **posted}
        ledger["writes"].append(write | {"session_key": self.cookie("sessionid")})

    @activity(ACTIVITIES["read"])
    def read(self) -> None:
        home = self.get("/")
        self.pause()
        overview = self.get(self.rng.choice(["/guide/", "/guide/", "/help-now/"]))
        steps = sorted({a for a in overview.parsed.links if re.fullmatch(r"/guide/[\w-]+/", a)})
        if not steps:
            steps = sorted({link for link in home.parsed.links if link.startswith("/guide/")})
        for step in self.rng.sample(steps, min(len(steps), self.rng.randint(1, 3))):
            self.pause()
            self.get(step)

    @activity(ACTIVITIES["checklist"])
    def checklist(self) -> None:
        page = self.get("/checklist/")
        choices = [int(value) for value in page.form("/checklist/").choices("statements")]
        ticked = sorted(self.rng.sample(choices, self.rng.randint(0, len(choices))))
        self.pause()
        _, match = self.post(
            page, "/checklist/", {"statements": ticked}, rf"/checklist/results/({UUID})/"
        )
        self.confirmed("result", match[1], statements=ticked)
        if self.rng.random() < 0.3:
            self.pause()
            self.get("/checklist/history/")

    @activity(ACTIVITIES["plan"])
    def plan(self) -> None:
        rng = self.rng
        page = self.get("/plan/new/")
        plan = {
            "contact_kind": rng.choice(page.form("/plan/new/who/").choices("contact_kind")),
            "contact_name": rng.choice(["", "my sister Ana", "Dr Lee"]),
        }
        page, _ = self.post(page, "/plan/new/who/", plan, "/plan/new/how/")
        how = {
            "contact_method": rng.choice(page.form("/plan/new/how/").choices("contact_method")),
            "contact_detail": rng.choice(["", "020 7946 0000"]),
        }
        self.pause()
        page, _ = self.post(page, "/plan/new/how/", how, "/plan/new/what/")
        script = page.form("/plan/new/what/").value("script").strip()
        what = {"script": (script + f"\nIn my own words, {secrets.token_hex(4)}.").strip()}
        self.pause()
        page, _ = self.post(page, "/plan/new/what/", what, "/plan/new/when/")
        when = {
            "due_date": datetime.date.today() + datetime.timedelta(days=rng.randint(2, 60)),
            "due_time": rng.choice(["", "09:30", "17:05"]),
            "time_zone": rng.choice(TIME_ZONES),
        }
        self.pause()
        page, _ = self.post(page, "/plan/new/when/", when, "/plan/new/support/")
        form = page.form("/plan/new/support/")
        chosen = rng.sample(form.choices("barriers"), rng.randint(0, 3))
        notes = {b: rng.choice(["", f"I will remind myself why ({b})."]) for b in chosen}
        support = {
            "partner_name": rng.choice(["", "Sam"]),
            "barriers": chosen,
            **{f"note_{b}": note for b, note in notes.items()},
            "backup_kind": rng.choice([""] + [k for k in form.choices("backup_kind") if k]),
            "backup_name": "",
        }
        self.pause()
        page, _ = self.post(page, "/plan/new/support/", support, "/plan/new/check/")
        draft_id = page.form("/plan/new/check/").value("draft_id")
        ledger["plan_attempts"][draft_id].append(notes)
        self.pause()
        _, match = self.post(
            page, "/plan/new/check/", {"event_title": "Reach out"}, rf"/plan/({UUID})/"
        )
        if match[1] != draft_id:
            raise Unexpected(f"plan {match[1]} saved from draft {draft_id}")
        posted = plan | how | what | when | {"backup_kind": support["backup_kind"]}
        self.confirmed("plan", match[1], barriers=notes, plan=posted)
        if rng.random() < 0.3:
            self.get("/plan/")

    @activity(ACTIVITIES["signup"])
    def signup(self) -> None:
        if self.signed_up:  # then they read instead
            self.kind = "read"
            return Person.read.__wrapped__(self)
        page = self.get("/accounts/signup/")
        email = f"person{next(_emails)}@loadtest.example"
        password = secrets.token_urlsafe(12)
        self.pause()
        answers = {"email": email, "password1": password, "password2": password}
        self.post(page, "/accounts/signup/", answers, "/accounts/signup/sent/")
        # An unconfirmed account: it claims what this person saved only at a log-in, after the
        # link in the e-mail is opened, so their answers and plans stay with their session.
        self.signed_up = True
        self.confirmed("signup", email)


class Probe(Browser):
    """A load balancer's health checks and a page that reads the database, as a fresh visitor."""

    fixed_count = 1
    wait_time = constant(0.1)

    @task
    def probe(self) -> None:
        for path in PROBES:
            self.kind = path
            self.client.cookiejar.clear()
            with contextlib.suppress(Unexpected):  # no answer: recorded with status 0
                self.request("GET", path)
