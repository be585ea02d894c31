"""Two app instances share one database: a person can move between them mid-task.

Starts two gunicorn processes (helpseek/gunicorn.conf.py, as `make serve` does, one worker each)
on the test database, as two instances behind a load balancer would be. One browser, with one
cookie jar (cookies are not kept apart by port, so a real browser shares them too), logs in on A
with the form's CSRF token, walks the planner's wizard switching instance at every step (the
draft lives in the shared session), saves on B and reads the plan list and the plan on A, then
logs out on B and is logged out on A as well.

HELPSEEK_TESTING=1 lets gunicorn serve static files without collectstatic and send cookies over
plain http; debug stays off and both instances share one SECRET_KEY, as they must.
"""

import contextlib
import datetime
import html
import http.client
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from guides.models import Barrier, ContactKind, ContactMethod, Plan
from tests.base import PASSWORD, load_real_content, make_person
from tests.servers import database_url, free_ports

GUNICORN = Path(sys.executable).parent / "gunicorn"
PORTS = range(8400, 8500)
START_TIMEOUT = 20  # seconds for both to answer /healthz
HIDDEN_INPUT = re.compile(r"<input[^>]*\btype=\"hidden\"[^>]*>")
ATTRIBUTE = re.compile(r'\b(name|value)="([^"]*)"')


@contextlib.contextmanager
def instances(count: int, tmp_path: Path):
    ports = free_ports(PORTS, count)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DATABASE_URL=database_url(),
        DATABASE_CONN_MAX_AGE="0",
        HELPSEEK_TESTING="1",
        SECRET_KEY=secrets.token_urlsafe(50),  # one for both: sessions are signed with it
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="2",
    )
    processes, logs = [], []
    try:
        for port in ports:
            log = (tmp_path / f"gunicorn-{port}.log").open("w")
            logs.append(log)
            processes.append(
                subprocess.Popen(
                    [GUNICORN, "--config", "helpseek/gunicorn.conf.py", "helpseek.wsgi"],
                    cwd=settings.BASE_DIR,
                    env={**env, "PORT": str(port)},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        deadline = time.monotonic() + START_TIMEOUT
        for port, process in zip(ports, processes, strict=True):
            while not healthy(port):
                log_text = (tmp_path / f"gunicorn-{port}.log").read_text()
                assert process.poll() is None, f"gunicorn on {port} stopped:\n{log_text}"
                assert time.monotonic() < deadline, f"gunicorn on {port} did not start:\n{log_text}"
                time.sleep(0.1)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in logs:
            log.close()


def healthy(port: int) -> bool:
    try:
        connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        connection_.request("GET", "/healthz")
        return connection_.getresponse().status == 200
    except OSError:
        return False


class Browser:
    """Enough of a browser: one cookie jar for every instance, and forms' hidden fields."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{port}"
            headers["Referer"] = f"http://127.0.0.1:{port}{path}"
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            client.request(method, path, body=body, headers=headers)
            response = client.getresponse()
            text = response.read().decode()
        finally:
            client.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, text

    def get(self, port: int, path: str, expect: int = 200) -> str:
        status, _, text = self.request(port, "GET", path)
        assert status == expect, f"GET {path} on {port}: {status}\n{text[:2000]}"
        return text

    def submit(self, port: int, path: str, fields: dict, page: str | None = None) -> str:
        """Post a form the way a browser does: with its hidden fields (the CSRF token and the
        draft), from `page` or from a fresh GET of `path`. Returns where it redirects to."""
        page = page if page is not None else self.get(port, path)
        hidden = {}
        for tag in HIDDEN_INPUT.findall(page):
            attributes = dict(ATTRIBUTE.findall(tag))
            if "name" in attributes:
                hidden[attributes["name"]] = html.unescape(attributes.get("value", ""))
        status, headers, text = self.request(port, "POST", path, {**hidden, **fields})
        assert status == 302, f"POST {path} on {port}: {status}\n{text[:2000]}"
        return headers["Location"]


def wizard_answers() -> dict:
    judged = Barrier.objects.get(slug="fear-of-judgement")
    due = timezone.now().date() + datetime.timedelta(days=5)
    return {
        "who": {"contact_kind": ContactKind.objects.get(slug="gp").pk, "contact_name": "Dr Lee"},
        "how": {"contact_method": ContactMethod.objects.get(slug="call").pk},
        "what": {"script": "I have been struggling and I would like some help."},
        "when": {"due_date": due.isoformat(), "due_time": "09:30", "time_zone": "Europe/London"},
        "support": {"partner_name": "Sam", "barriers": [judged.pk], f"note_{judged.pk}": ""},
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_person_moves_between_two_instances_mid_task(tmp_path):
    load_real_content()
    alice = make_person("alice@example.org")
    browser = Browser()
    with instances(2, tmp_path) as (a, b):
        # Log in on A, with the CSRF token from A's form.
        location = browser.submit(
            a, "/accounts/login/", {"username": alice.email, "password": PASSWORD}
        )
        assert location == "/"
        assert "alice@example.org" in browser.get(b, "/account/")  # B knows the session

        # The wizard, a step on each instance in turn: the draft is in the shared session.
        for number, (step, answers) in enumerate(wizard_answers().items()):
            port = (a, b)[number % 2]
            browser.submit(port, f"/plan/new/{step}/", answers)
        location = browser.submit(b, "/plan/new/check/", {"event_title": "Reach out"})
        plan = Plan.objects.get(user=alice)
        assert location == f"/plan/{plan.pk}/"

        # Saved through B, read through A.
        plan_list = browser.get(a, "/plan/")
        assert f'href="/plan/{plan.pk}/"' in plan_list and "Dr Lee" in plan_list
        assert "Dr Lee" in browser.get(a, f"/plan/{plan.pk}/")

        # Logged out through B is logged out on A too.
        browser.submit(b, "/accounts/logout/", {}, page=browser.get(b, "/account/"))
        browser.get(a, f"/plan/{plan.pk}/", expect=404)
