"""For the tests that start gunicorn: the production server on the test database, and a small
browser to drive it."""

import contextlib
import html
import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
HIDDEN_INPUT = re.compile(r"<input[^>]*\btype=\"hidden\"[^>]*>")
ATTRIBUTE = re.compile(r'\b(name|value)="([^"]*)"')
# Production settings, except plain http (cookies without Secure) and static files served
# without collectstatic.
TESTING = {"HELPSEEK_TESTING": "1", "DATABASE_CONN_MAX_AGE": "0"}


def database_url() -> str:
    """The test database (not the one the settings name), for the gunicorn processes."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = urllib.parse.quote(db["USER"] or "")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"


def ports_of_this_process() -> range:
    """The ports this test process may start gunicorn on: with pytest-xdist, each worker has a
    share of 8300-8399 of its own, so two never pick the same free port at the same moment."""
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    width = 100 // max(count, 1)
    return range(8300 + worker * width, 8300 + (worker + 1) * width)


def send(url: str, method: str, path: str, headers=None, body: str = "", connection=None):
    """One request to `url` (http://host:port), redirects not followed: the status, the headers
    and the text. On `connection` if given (kept open), else on a new one, closed after."""
    own = connection is None
    if own:
        connection = http.client.HTTPConnection(url.removeprefix("http://"), timeout=10)
    try:
        connection.request(method, path, body=body.encode() or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode(errors="replace")
    finally:
        if own:
            connection.close()


def free_port() -> int:
    for port in ports_of_this_process():
        with socket.socket() as probe, contextlib.suppress(OSError):
            probe.bind(("127.0.0.1", port))
            return port
    raise RuntimeError("No free port for gunicorn on 127.0.0.1.")


class Server:
    """gunicorn as `make serve` starts it (helpseek/gunicorn.conf.py, debug off), on the test
    database, in a process group of its own so that all of it stops; `env` adds to or overrides
    the production environment, `args` are gunicorn's own. A context manager, or close() it."""

    def __init__(self, workers: int, threads: int, args: list[str], env: dict[str, str]):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed in close())
        environment = os.environ | {
            "DATABASE_URL": database_url(),
            "DJANGO_DEBUG": "",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "PORT": str(self.port),
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_THREADS": str(threads),
        }
        gunicorn = [
            Path(sys.executable).parent / "gunicorn",
            "--config",
            "helpseek/gunicorn.conf.py",
        ]
        self.process = subprocess.Popen(  # noqa: S603
            [*gunicorn, *args, "helpseek.wsgi"],
            cwd=ROOT,
            env=environment | env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.process.poll() is None:
            with contextlib.suppress(OSError):
                if send(self.url, "GET", "/healthz")[0] == 200 and self.workers() == workers:
                    return
            time.sleep(0.1)
        self.log.seek(0)
        log = self.log.read()
        self.close()
        raise RuntimeError("gunicorn did not start:\n" + log[-3000:])

    def workers(self) -> int:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return len(children.read_text().split())

    def close(self) -> None:
        self.process.terminate()  # gunicorn's arbiter stops its workers, then itself
        self.process.wait(timeout=30)
        self.log.close()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def production_server(
    workers: int = 1, threads: int = 2, args: list[str] | None = None, **env: str
) -> Server:
    """gunicorn as production runs it, on the test database (stop it with close())."""
    return Server(workers, threads, args or [], {**TESTING, **env})


class Browser:
    """Enough of a browser: one cookie jar (for every server: a browser keeps cookies by host,
    not port), and forms posted with their hidden fields, as a browser sends them."""

    def __init__(self, headers: dict[str, str] | None = None):
        self.cookies: dict[str, str] = {}
        self.headers = headers or {}

    def request(self, url: str, method: str, path: str, form: dict | None = None, connection=None):
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **self.headers,
        }
        body = ""
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = url
            headers["Referer"] = url + path
        status, response_headers, text = send(url, method, path, headers, body, connection)
        for header in response_headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return status, response_headers, text

    def get(self, url: str, path: str, expect: int = 200) -> str:
        status, _, text = self.request(url, "GET", path)
        assert status == expect, f"GET {path} on {url}: {status}\n{text[:2000]}"
        return text

    def submit(
        self, url: str, path: str, fields: dict, page: str | None = None, expect: int | None = 302
    ) -> tuple[str, str]:
        """Post a form as a browser does: with its hidden fields (the CSRF token, the draft),
        from `page` or from a fresh GET of `path`. Where it redirects to, and the text."""
        page = page if page is not None else self.get(url, path)
        hidden = {}
        for tag in HIDDEN_INPUT.findall(page):
            attributes = dict(ATTRIBUTE.findall(tag))
            if "name" in attributes:
                hidden[attributes["name"]] = html.unescape(attributes.get("value", ""))
        status, headers, text = self.request(url, "POST", path, {**hidden, **fields})
        assert expect is None or status == expect, f"POST {path} on {url}: {status}\n{text[:2000]}"
        return headers.get("Location", ""), html.unescape(text)
