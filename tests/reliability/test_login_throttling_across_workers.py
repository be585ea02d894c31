"""Log-in throttling holds across worker processes: gunicorn with two workers, on the test database.

Each worker is its own process, so a count kept in memory would let a person try five times on
each. The counts are in the shared cache, so the sixth failure is refused whichever worker answers.
Which worker answered is read from gunicorn's access log (%(p)s is the worker's process id); a
request is sent on a fresh connection that the wanted worker accepted, so both workers take part.
"""

import html
import http.client
import re
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from guides.helpers.throttle import _keys
from tests.base import PASSWORD, make_person
from tests.servers import Browser, production_server

LOCKED = "Too many tries."
WRONG = "The e-mail address or password is not right."


class Workers:
    """The production server with two workers; which one answered is read from the access log
    (%(p)s is the worker's process id)."""

    def __init__(self, tmp_path: Path, **env: str):
        self.access_log = tmp_path / "access.log"
        self.access_log.touch()
        self.server = production_server(
            workers=2,
            threads=2,
            args=[
                *("--access-logfile", str(self.access_log)),
                *("--access-logformat", "%(p)s %(m)s %(U)s %(s)s"),
            ],
            # Kept-alive connections, so that a request goes to the worker that took its
            # connection (production closes each one, and a worker that is free takes the next).
            GUNICORN_KEEPALIVE="5",
            **env,
        )

    def log_lines(self) -> list[str]:
        return self.access_log.read_text().splitlines()

    def worker_that_answered(self, lines_before: int) -> str:
        """The pid in the access log line of the request just answered (written just after)."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            lines = self.log_lines()
            if len(lines) > lines_before:
                return lines[lines_before].split()[0]
            time.sleep(0.01)
        raise AssertionError("gunicorn wrote no access log line")


class RoutedBrowser(Browser):
    """A browser whose requests can be sent to the worker we choose."""

    def __init__(self, workers: Workers, headers: dict[str, str] | None = None):
        super().__init__(headers)
        self.workers = workers
        self.last_worker = ""

    def connection_to(self, wanted) -> http.client.HTTPConnection:
        """A new connection that a worker `wanted(pid)` accepted; the next request on it, sent at
        once, goes to that worker too (gunicorn keeps a connection in the worker that took it)."""
        for _ in range(200):
            conn = http.client.HTTPConnection("127.0.0.1", self.workers.server.port, timeout=10)
            self.send(conn, "GET", "/healthz")
            if wanted(self.last_worker):
                return conn
            conn.close()
        raise AssertionError("no connection reached the worker wanted")

    def send(self, conn, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        lines_before = len(self.workers.log_lines())
        status, _, text = self.request(self.workers.server.url, method, path, form, conn)
        self.last_worker = self.workers.worker_that_answered(lines_before)
        return status, text


def csrf_token(page: str) -> str:
    return html.unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1])


@pytest.fixture
def throttle_keys(db):
    """The cache keys this test fills, cleared before and after: later tests log in from
    127.0.0.1 too, and a transactional test's cache rows are not rolled back."""
    keys = _keys(SimpleNamespace(META={"REMOTE_ADDR": "127.0.0.1"}), "alice@example.org")
    cache.delete_many(keys)
    yield keys
    cache.delete_many(keys)


# Transactional, so gunicorn sees the rows; serialized_rollback puts back what migrations made.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_sixth_failed_log_in_is_refused_whichever_worker_answers(tmp_path, throttle_keys):
    alice = make_person("alice@example.org")
    workers = Workers(tmp_path)
    try:
        browser = RoutedBrowser(workers)
        conn = browser.connection_to(lambda pid: True)
        first = browser.last_worker
        token = csrf_token(browser.send(conn, "GET", "/accounts/login/")[1])
        conn.close()
        browser.connection_to(lambda pid: pid != first).close()
        second = browser.last_worker

        def log_in(worker: str, password: str) -> tuple[str, str]:
            """Sent to that worker; the text and the worker that answered (a busy machine can
            rarely route a connection elsewhere, so the test counts who really answered)."""
            conn = browser.connection_to(lambda pid: pid == worker)
            form = {"csrfmiddlewaretoken": token, "username": alice.email, "password": password}
            status, text = browser.send(conn, "POST", "/accounts/login/", form)
            conn.close()
            assert status == 200
            return html.unescape(text), browser.last_worker

        failed_on = set()
        for worker in (first, second, first, second, first):
            text, answered = log_in(worker, "wrong password")
            assert WRONG in text and LOCKED not in text
            failed_on.add(answered)
        assert failed_on == {first, second}

        # The sixth try is refused by either worker, even with the right password.
        refused_on = set()
        for _ in range(6):
            wanted = next(pid for pid in (second, first) if pid not in refused_on)
            text, answered = log_in(wanted, PASSWORD)
            assert LOCKED in text and "sessionid" not in browser.cookies
            refused_on.add(answered)
            if refused_on == {first, second}:
                break
        assert refused_on == {first, second}
    finally:
        workers.server.close()
