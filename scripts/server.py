"""The one harness that starts the production server: gunicorn as `make serve` starts it, for
`make loadtest`, `make faults`, `make bench` and the tests that need real processes; the database
made again and set up as a deploy does; and `send`, one plain HTTP request."""

import contextlib
import http.client
import io
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dj_database_url
import psycopg
from psycopg import sql

BASE_DIR = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
SECRET_KEY = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)


def free_port(ports: range = range(8300, 8400)) -> int:
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit(f"No free port in {ports.start}-{ports.stop - 1} on 127.0.0.1.")


def connect_args(url: str, **override) -> dict:
    config = dj_database_url.parse(url)
    args = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": config["NAME"],
    }
    return args | override


def drop_database(url: str, *, create: bool = False) -> None:
    name = dj_database_url.parse(url)["NAME"]
    with psycopg.connect(**connect_args(url, dbname="postgres"), autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if create:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def recreate_database(url: str, suffix: str) -> None:
    """Drop and make the database again. Its name must end in `suffix`, so no other is lost."""
    config = dj_database_url.parse(url)
    if not config["ENGINE"].endswith("postgresql"):
        raise SystemExit("This runs on PostgreSQL: give a postgres:// URL.")
    if not (name := config["NAME"]).endswith(suffix):
        raise SystemExit(f"The database is dropped and made again; {name!r} must end in {suffix}.")
    drop_database(url, create=True)


def site_environment(database_url: str) -> dict:
    return {
        "DJANGO_SETTINGS_MODULE": "helpseek.settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "",
        "HELPSEEK_TESTING": "",
        "SECRET_KEY": SECRET_KEY,
    }


def prepare_site(database_url: str) -> None:
    """Set up Django in this process on that database, as a deploy does: migrate, the cache table,
    the content and the static files. This process then reads the database for the checks."""
    os.environ.update(site_environment(database_url))
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    quiet = io.StringIO()
    call_command("migrate", interactive=False, verbosity=0, stdout=quiet)
    call_command("createcachetable", verbosity=0, stdout=quiet)
    call_command("load_content", verbosity=0, stdout=quiet)
    call_command("collectstatic", interactive=False, verbosity=0, stdout=quiet)


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


class Server:
    """gunicorn as `make serve` starts it (helpseek/gunicorn.conf.py, debug off), in its own
    process group so that all of it can be stopped. `env` adds to or overrides the production
    environment (tests set HELPSEEK_TESTING=1 for plain http); `args` are gunicorn's own."""

    def __init__(
        self,
        database_url: str,
        workers: int,
        threads: int,
        *,
        env: dict[str, str] | None = None,
        args: list[str] | None = None,
        ports: range = range(8300, 8400),
        secret_key: str = SECRET_KEY,
    ):
        self.port = free_port(ports)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile("w+", prefix="helpseek-gunicorn-", suffix=".log")  # noqa: SIM115
        self.workers = workers
        environment = os.environ | site_environment(database_url) | {"SECRET_KEY": secret_key}
        environment |= {"ALLOWED_HOSTS": "127.0.0.1", "PORT": str(self.port)}
        environment |= {"WEB_CONCURRENCY": str(workers), "GUNICORN_THREADS": str(threads)}
        environment |= env or {}
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(GUNICORN),
                "--config",
                "helpseek/gunicorn.conf.py",
                *(args or []),
                "helpseek.wsgi",
            ],
            cwd=BASE_DIR,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.process.poll() is None:
            with contextlib.suppress(OSError):
                up = send(self.url, "GET", "/healthz")[0] == 200
                if up and len(self.worker_pids()) == workers:
                    return
            time.sleep(0.1)
        log = self.log_text()
        self.close()
        raise SystemExit("gunicorn did not start:\n" + log[-3000:])

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

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
