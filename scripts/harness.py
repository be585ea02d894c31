"""What `make bench`, `make loadtest` and `make faults` share: a database of their own set up as a
deploy does, gunicorn as `make serve` starts it, Locust, and a private PostgreSQL to stop."""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg
from psycopg import sql

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


# A plain `kill` or a closed terminal still runs the clean-up (the `finally`s and `with`s).
for signum in (signal.SIGTERM, signal.SIGHUP):
    signal.signal(signum, lambda received, frame: sys.exit(128 + received))


def recreate_database(url: str, suffix: str, *, create: bool = True) -> None:
    """Drop the database and make it again. Its name must end in `suffix`, so no other is lost."""
    server, name = url.rsplit("/", 1)
    if not url.startswith("postgres") or not name.endswith(suffix):
        raise SystemExit(f"Give a postgres:// URL whose database name ends in {suffix}.")
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        drop = "DROP DATABASE IF EXISTS {} WITH (FORCE)"
        for statement in [drop, "CREATE DATABASE {}"][: 1 + create]:
            connection.execute(sql.SQL(statement).format(sql.Identifier(name)))


def prepare_site(url: str) -> dict[str, str]:
    """Set up as a deploy does; the environment the site runs with there (production settings)."""
    secret_key = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)
    environment = os.environ | {"DATABASE_URL": url, "DJANGO_DEBUG": "", "SECRET_KEY": secret_key}
    for command in ("migrate", "createcachetable", "load_content", "collectstatic --noinput"):
        manage = [sys.executable, "manage.py", *command.split(), "--verbosity=0"]
        subprocess.run(manage, cwd=BASE_DIR, env=environment, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    return environment


def free_port(ports: range) -> int:
    for port in ports:
        with socket.socket() as probe, contextlib.suppress(OSError):
            probe.bind(("127.0.0.1", port))
            return port
    raise SystemExit(f"No free port in {ports.start}-{ports.stop - 1} on 127.0.0.1.")


class Server:
    """gunicorn (helpseek/gunicorn.conf.py) in a process group of its own, all of it stopped."""

    def __init__(self, environment: dict, workers: int, threads: int, ports=range(8300, 8400)):
        port = str(free_port(ports))
        self.url, self.log = f"http://127.0.0.1:{port}", tempfile.TemporaryFile("w+")  # noqa: SIM115
        environment = environment | {"ALLOWED_HOSTS": "127.0.0.1", "PORT": port}
        environment |= {"WEB_CONCURRENCY": str(workers), "GUNICORN_THREADS": str(threads)}
        command = [BIN / "gunicorn", "--config", "helpseek/gunicorn.conf.py", "helpseek.wsgi"]
        self.process = subprocess.Popen(  # noqa: S603
            command, cwd=BASE_DIR, env=environment, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.process.poll() is None:
            with contextlib.suppress(OSError):
                up = urllib.request.urlopen(self.url + "/healthz").status == 200  # noqa: S310
                if up and len(self.worker_pids()) == workers:
                    return
            time.sleep(0.1)
        self.__exit__()
        raise SystemExit("gunicorn did not start:\n" + self.log_text()[-3000:])

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return sorted(map(int, children.read_text().split()))

    def cpu_seconds(self) -> float:
        """gunicorn's CPU time so far: the arbiter's and the workers', exited ones' too."""
        ticks = 0
        for pid in [self.process.pid, *self.worker_pids()]:
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks += sum(map(int, fields[11:15]))  # utime stime cutime cstime
        return ticks / os.sysconf("SC_CLK_TCK")

    def log_text(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc_info) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)  # noqa: S603
    if done.returncode:
        raise SystemExit(f"{command[0]} failed:\n{done.stdout}{done.stderr}")


@contextlib.contextmanager
def private_postgres(port: int):
    """A throwaway PostgreSQL (initdb in /tmp), never the shared one: its URL, pg_ctl's command."""
    found = Path("/usr/lib/postgresql").glob("*/bin/initdb")  # Debian's, the newest
    initdb = shutil.which("initdb") or max(found, key=lambda path: int(path.parts[-3]))
    folder = Path(tempfile.mkdtemp(prefix="pg-faults-"))
    # PostgreSQL refuses to run as root: then as the postgres user.
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(folder, "postgres", "postgres")
    pg_ctl = [*as_user, str(Path(initdb).with_name("pg_ctl")), "-D", str(folder / "data")]
    try:
        run([*pg_ctl, "initdb", "-o", "-U postgres --auth=trust -E UTF8"])
        pg_ctl += ["-o", f"-p {port} -h 127.0.0.1 -k {folder}", "-l", str(folder / "log")]
        run([*pg_ctl, "-w", "start"])
        url = f"postgres://postgres@127.0.0.1:{port}/helpseek_faults"
        recreate_database(url, "_faults")
        yield url, pg_ctl
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], capture_output=True)  # noqa: S603
        shutil.rmtree(folder, ignore_errors=True)
