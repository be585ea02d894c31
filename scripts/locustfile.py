"""The virtual people of `make loadtest` and `make faults` (docs/performance.md): a Person reads,
answers the checklist, makes plans and signs up through the real forms, as a browser behind the
TLS proxy does; a Probe asks for /healthz, /readyz and /checklist/ every 0.1 s. Locust's event
hooks record each answer and confirmed save, stop and start PostgreSQL (--outage), and with
--check run scripts/checks.py when the test stops. By itself, against `make serve`:
.venv/bin/locust -f scripts/locustfile.py --headless -H http://127.0.0.1:8000 -u 10 -t 30s Person
"""

import contextlib
import datetime
import functools
import itertools
import os
import random
import re
import secrets
import shlex
import subprocess
import time
import traceback
from http.cookiejar import DefaultCookiePolicy
from urllib.parse import urlencode, urlsplit

import checks
import django
import gevent
import lxml.html
from locust import FastHttpUser, constant, events

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
TIME_ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "UTC"]
ACTIVITIES = {"read": 40, "checklist": 25, "plan": 20, "signup": 15}  # what a person does next
run = checks.Run()  # what the people did and saw, for the checks
visitors, emails = itertools.count(1), itertools.count(1)


@events.init_command_line_parser.add_listener
def _options(parser) -> None:
    for option, kind, default, meaning in [
        ("--think", float, 0.5, "mean pause between pages, in seconds"),
        ("--seed", int, 1, "for the people's choices"),
        ("--retry-503", int, 0, "how many times a person tries again after a 503, a second on"),
        ("--pg-ctl", str, "", "pg_ctl's command line for PostgreSQL, stopped with --outage"),
        ("--stop-mode", str, "fast", "pg_ctl stop's mode: fast, or immediate (as in a crash)"),
    ]:
        parser.add_argument(option, type=kind, default=default, help=meaning)
    outage = "seconds of load, down, and load once back: PostgreSQL stopped and started again"
    parser.add_argument("--outage", type=float, nargs=3, help=outage)
    parser.add_argument("--check", action="store_true", help="check every save when it stops")


@events.init.add_listener
def _on_init(environment, **kwargs) -> None:
    if urlsplit(environment.host or "").hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit(f"Only a server on this machine is a target, not {environment.host}.")
    if environment.parsed_options.check:  # the site's database, in DATABASE_URL
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpseek.settings")
        django.setup()


@events.test_start.add_listener
def _on_start(environment, **kwargs) -> None:
    run.started = time.time()
    if environment.parsed_options.check:
        run.before = checks.count_rows()
    if environment.parsed_options.outage:
        gevent.spawn(outage, environment)


def outage(environment) -> None:
    """PostgreSQL stopped, left down, started again; the load goes on, then stops."""
    options = environment.parsed_options
    before, down, after = options.outage

    def now(event: str, *pg_ctl: str) -> float:
        print(f"{time.time() - run.started:6.1f} s  {event}", flush=True)
        moment = time.time()
        if pg_ctl:
            command = [*shlex.split(options.pg_ctl), *pg_ctl]
            subprocess.run(command, check=True, capture_output=True)  # noqa: S603
        return moment

    gevent.sleep(before)
    run.stopping = now("PostgreSQL stopping", "-m", options.stop_mode, "-w", "stop")
    run.stopped = time.time()
    gevent.sleep(down)
    run.starting = now("PostgreSQL starting", "-w", "start")
    run.back = now("PostgreSQL accepts connections again")
    gevent.sleep(after)
    now("the load stops: each person finishes what they started")
    environment.runner.quit()  # and the test_stop hook checks


@events.request.add_listener
def _on_request(request_type, response, context, start_time, response_time, url, **kwargs):
    status, text = getattr(response, "status_code", 0) or 0, ""
    with contextlib.suppress(Exception):  # a body cut off: the status is what counts
        text = response.text or "" if status else ""
    friendly = status == 503 and checks.FRIENDLY_503 in text
    answered = start_time + response_time / 1000
    answer = (context.get("kind", "?"), request_type, urlsplit(url).path, status, answered)
    run.answers.append(checks.Answer(*answer, friendly, "Traceback" in text))


@events.user_error.add_listener
def _on_crash(user_instance, exception, tb, **kwargs) -> None:
    run.problems.append(f"a task crashed: {exception!r} at {traceback.extract_tb(tb)[-1]}")


@events.test_stop.add_listener
def _on_stop(environment, **kwargs) -> None:
    """Once every person has stopped: the checks and what they found."""
    if environment.parsed_options.check:
        run.failures = checks.report(run)


@events.quitting.add_listener
def _on_quitting(environment, **kwargs) -> None:
    if run.failures:
        environment.process_exit_code = 1


class Unexpected(Exception):
    """An answer a person would not expect: the activity stops there, recorded as a problem."""


class Page:
    def __init__(self, status: int, path: str, text: str, location: str = ""):
        self.status, self.path, self.text, self.location = status, path, text, location

    @functools.cached_property
    def html(self):
        return lxml.html.fromstring(self.text or "<html></html>")

    def form(self, action: str):
        for form in self.html.forms:
            if form.method == "POST" and (form.get("action") or self.path) == action:
                return form
        raise Unexpected(f"GET {self.path}: no form posting to {action}")

    def choices(self, action: str, name: str) -> list[str]:
        return [value for value in self.form(action).inputs[name].value_options if value]

    def data(self, action: str, answers: dict) -> list[tuple[str, str]]:
        """What a browser sends: the form's own values (the CSRF token, what is typed or ticked,
        a textarea's without the first newline) with the answers in their place."""
        sent = [(name, value.removeprefix("\n")) for name, value in self.form(action).form_values()]
        pairs = [(name, value) for name, value in sent if name not in answers]
        for name, value in answers.items():
            pairs += [(name, str(one)) for one in (value if isinstance(value, list) else [value])]
        return pairs


def request_name(path: str) -> str:
    """Locust's statistics group pages that differ only by an id or a guide step."""
    path = "/static/…" if path.startswith("/static/") else re.sub(UUID, "<id>", path)
    return re.sub(r"^/guide/[\w-]+/$", "/guide/<step>/", path)


class Person(FastHttpUser):
    """A visitor with cookies of their own: one to eight activities, then another visitor."""

    wait_time = constant(0)  # the pauses are between pages, inside each activity

    def on_start(self) -> None:
        # The TLS proxy is pretended (X-Forwarded-Proto), so the secure cookies go over http.
        self.client.cookiejar.set_policy(policy := DefaultCookiePolicy())
        policy.return_ok_secure = lambda cookie, request: True
        self.origin = "https://" + urlsplit(self.host).netloc
        self.options = self.environment.parsed_options
        self.rng = random.Random(f"{self.options.seed}-{next(visitors)}")
        self.retry_503 = self.options.retry_503  # a second after "back in a moment"
        self.activities_left = 0

    def context(self) -> dict:
        return {"kind": self.kind}  # each request is recorded with the activity it is part of

    tasks = [lambda user: user.next_activity()]  # the Probe's own, for a Probe

    def next_activity(self) -> None:
        if not self.activities_left:
            self.client.cookiejar.clear()
            self.last_page, self.fetched_assets, self.signed_up = "/", set(), False
            self.activities_left = self.rng.randint(1, 8)
        self.activities_left -= 1
        self.kind = self.rng.choices(list(ACTIVITIES), weights=list(ACTIVITIES.values()))[0]
        if self.kind == "signup" and self.signed_up:  # then they read instead
            self.kind = "read"
        try:
            getattr(self, self.kind)()
        except Unexpected as error:
            run.problems.append(f"{self.kind}: {error}")
            self.pause()

    def pause(self) -> None:
        gevent.sleep(self.rng.uniform(0, 2 * self.options.think))

    def request(self, method: str, path: str, form: list | None = None) -> Page:
        """One request, no redirect followed; after a 503, tried again if the person would."""
        headers = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
        if form is not None:
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin}
            headers["Referer"] = self.origin + self.last_page
        for attempt in range(self.retry_503 + 1):
            gevent.sleep(1 if attempt else 0)  # "Please try again in a few seconds."
            response = self.client.request(
                method, path, data=form and urlencode(form), headers=headers,
                name=request_name(path), allow_redirects=False,
            )  # fmt: skip
            if response.status_code != 503:
                break
        if not response.status_code:
            raise Unexpected(f"{method} {path}: no answer ({response.error!r})")
        location = response.headers.get("Location", "").removeprefix(self.origin)
        return Page(response.status_code, path, response.text or "", location)

    def get(self, path: str) -> Page:
        """A page as a browser opens it: redirects followed, its assets fetched the first time."""
        page = self.request("GET", path)
        for _ in range(5):
            if page.status not in (301, 302, 303):
                break
            page = self.request("GET", page.location)
        if page.status != 200:
            raise Unexpected(f"GET {path}: {page.status}, not 200")
        self.last_page, (kind, self.kind) = urlsplit(page.path).path, (self.kind, "static")
        assets = page.html.xpath("//link[@rel='stylesheet']/@href | //script/@src")
        for asset in set(assets) - self.fetched_assets:  # hashed names are kept for ever
            if asset.startswith("/") and self.request("GET", asset).status != 200:
                raise Unexpected(f"GET {asset}: not 200")
            self.fetched_assets.add(asset)
        self.kind = kind
        return page

    def post(self, page: Page, action: str, answers: dict, redirect: str) -> tuple[Page, re.Match]:
        """The page's form sent with these answers after a pause, redirected to `redirect`."""
        self.pause()
        answer = self.request("POST", action, page.data(action, answers))
        match = re.fullmatch(redirect, answer.location) if answer.status == 302 else None
        if match is None:
            detail = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", answer.text))[:300]
            raise Unexpected(f"POST {action}: {answer.status} {answer.location or detail!r}")
        return self.get(answer.location), match

    def confirmed(self, kind: str, key: str, *posted) -> None:
        # As it must be found: nobody logs in (a sign-up waits for its e-mail link) in the run.
        session_key = next((c.value for c in self.client.cookiejar if c.name == "sessionid"), None)
        run.writes.append({"kind": kind, "key": key, "expected": (None, session_key, *posted)})

    def read(self) -> None:
        self.get("/")
        self.pause()
        overview = self.get(self.rng.choice(["/guide/", "/guide/", "/help-now/"]))
        links = overview.html.xpath("//a/@href")
        steps = sorted({link for link in links if re.fullmatch(r"/guide/[\w-]+/", link)})
        for step in self.rng.sample(steps, min(len(steps), self.rng.randint(1, 3))):
            self.pause()
            self.get(step)

    def checklist(self) -> None:
        page = self.get("/checklist/")
        choices = [int(value) for value in page.choices("/checklist/", "statements")]
        ticked = sorted(self.rng.sample(choices, self.rng.randint(0, len(choices))))
        answers = {"statements": ticked}
        _, match = self.post(page, "/checklist/", answers, rf"/checklist/results/({UUID})/")
        self.confirmed("result", match[1], tuple(ticked))
        if self.rng.random() < 0.3:
            self.get("/checklist/history/")

    def plan(self) -> None:
        """The planner's whole wizard: who, how, what, when, support, check your answers."""
        rng, step = self.rng, "/plan/new/{}/".format
        page = self.get("/plan/new/")
        kind = rng.choice(page.choices(step("who"), "contact_kind"))
        who = {"contact_kind": kind, "contact_name": rng.choice(["", "my sister Ana", "Dr Lee"])}
        page, _ = self.post(page, step("who"), who, step("how"))
        method = rng.choice(page.choices(step("how"), "contact_method"))
        how = {"contact_method": method, "contact_detail": rng.choice(["", "020 7946 0000"])}
        page, _ = self.post(page, step("how"), how, step("what"))
        script = page.form(step("what")).fields["script"].strip()
        what = {"script": (script + f"\nIn my own words, {secrets.token_hex(4)}.").strip()}
        page, _ = self.post(page, step("what"), what, step("when"))
        due = datetime.date.today() + datetime.timedelta(days=rng.randint(2, 60))
        when = {"due_date": due, "due_time": rng.choice(["", "09:30", "17:05"])}
        when["time_zone"] = rng.choice(TIME_ZONES)
        page, _ = self.post(page, step("when"), when, step("support"))
        chosen = rng.sample(page.choices(step("support"), "barriers"), rng.randint(0, 3))
        notes = {b: rng.choice(["", f"I will remind myself why ({b})."]) for b in chosen}
        backup = rng.choice(["", *page.choices(step("support"), "backup_kind")])
        support = {"partner_name": rng.choice(["", "Sam"]), "barriers": chosen}
        support |= {f"note_{b}": note for b, note in notes.items()}
        support |= {"backup_kind": backup, "backup_name": ""}
        page, _ = self.post(page, step("support"), support, step("check"))
        draft_id = page.form(step("check")).fields["draft_id"]
        run.plan_attempts[draft_id].append(notes)
        check = {"event_title": "Reach out"}
        _, match = self.post(page, step("check"), check, rf"/plan/({UUID})/")
        if match[1] != draft_id:
            raise Unexpected(f"plan {match[1]} saved from draft {draft_id}")
        answers = [kind, method, what["script"], due, when["time_zone"], backup]
        barriers = {int(barrier): note for barrier, note in notes.items()}
        self.confirmed("plan", match[1], barriers, [str(answer) for answer in answers])
        if rng.random() < 0.3:
            self.get("/plan/")

    def signup(self) -> None:
        page = self.get("/accounts/signup/")
        email, password = f"person{next(emails)}@loadtest.example", secrets.token_urlsafe(12)
        answers = {"email": email, "password1": password, "password2": password}
        self.post(page, "/accounts/signup/", answers, "/accounts/signup/sent/")
        self.signed_up = True
        self.confirmed("signup", email)


class Probe(Person):
    """A load balancer's health checks and a page that reads the database, as a fresh visitor."""

    fixed_count = 1
    wait_time = constant(0.1)

    def next_activity(self) -> None:
        self.retry_503, self.last_page = 0, "/"
        for path in ["/healthz", "/readyz", "/checklist/"]:
            self.kind = path
            self.client.cookiejar.clear()
            with contextlib.suppress(Unexpected):  # no answer: recorded with status 0
                self.request("GET", path)
