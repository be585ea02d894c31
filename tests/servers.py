"""For the tests that start gunicorn: the one server harness (scripts/server.py), on the test
database, and a small browser to drive it."""

import html
import os
import re
import urllib.parse
from http.cookies import SimpleCookie

from django.db import connection

from scripts.server import Server, free_port, send

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


def production_server(
    workers: int = 1, threads: int = 2, args: list[str] | None = None, **env: str
) -> Server:
    """gunicorn as production runs it, on the test database (stop it with close())."""
    return Server(
        database_url(),
        workers,
        threads,
        env={**TESTING, **env},
        args=args,
        ports=ports_of_this_process(),
    )


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


__all__ = ["Browser", "Server", "database_url", "free_port", "production_server"]
