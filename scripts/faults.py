"""`make faults`: PostgreSQL goes away under load and comes back; the site must cope by itself.

Makes a private PostgreSQL in a temporary directory (initdb, port 5433 on 127.0.0.1, as the
postgres user when run as root), never the shared one, and removes it at the end whatever happens.
Starts the production server on it (scripts/server.py: gunicorn, debug off) and, with Locust as
`make loadtest` does, puts --people (20) of scripts/locustfile.py's Person on it, who try again a
second later when they get "back in a moment", as the page asks, and its Probe, which asks for
/healthz, /readyz and /checklist/ every 0.1 s. After --warmup seconds (8) PostgreSQL is stopped
(a fast shutdown, which ends every connection), stays down --down seconds (5), and is started
again; the load goes on for --after seconds (12).

It checks that while the database is down every answer is the friendly 503 page (never a 500, a
traceback or no answer), /readyz is 503 and /healthz stays 200; that within 5 s of PostgreSQL
accepting connections again the site serves by itself, with the same gunicorn workers (their
persistent connections were dropped and opened again); and that every save is whole. It prints
the timings and the errors seen by status code, and exits 1 if any check fails.

    .venv/bin/python scripts/faults.py [--people 20] [--down 5] [--pg-port 5433]
"""

import argparse
import contextlib
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import loadtest
import psycopg
import server

RECOVERY_GOAL = 5.0  # seconds from PostgreSQL accepting connections to the site serving again


class PrivatePostgres:
    """A throwaway PostgreSQL cluster of our own, so the shared one is never touched."""

    def __init__(self, port: int):
        self.port = port
        self.bindir = postgres_bindir()
        self.dir = Path(tempfile.mkdtemp(prefix="pg-faults-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        self.as_postgres = os.geteuid() == 0  # PostgreSQL refuses to run as root
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self.run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.url = f"postgres://postgres@127.0.0.1:{port}/helpseek_faults"

    def run(self, program: str, *args) -> None:
        command = [str(Path(self.bindir) / program), *map(str, args)]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)  # noqa: S603
        if done.returncode:
            log = self.log.read_text() if self.log.exists() else ""
            raise SystemExit(f"{program} failed:\n{done.stdout}{done.stderr}{log[-2000:]}")

    def start(self) -> None:
        options = f"-p {self.port} -h 127.0.0.1 -k {self.dir}"
        self.run("pg_ctl", "-D", self.data, "-o", options, "-l", self.log, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self.run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(SystemExit, subprocess.TimeoutExpired):
                self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


def postgres_bindir() -> str:
    found = shutil.which("initdb")
    if found:
        return str(Path(found).parent)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version_key)
    if not candidates:
        raise SystemExit("make faults needs PostgreSQL's server programs (initdb, pg_ctl).")
    return str(Path(candidates[-1]).parent)


def version_key(path: str) -> int:
    return int(Path(path).parent.parent.name) if Path(path).parent.parent.name.isdigit() else 0


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        # As PostgreSQL binds: connections of an earlier run in TIME_WAIT do not stop it.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=20, help="virtual people (20)")
    parser.add_argument("--think", type=float, default=0.3, help="mean pause between pages (0.3)")
    parser.add_argument("--warmup", type=float, default=8, help="seconds before the stop (8)")
    parser.add_argument("--down", type=float, default=5, help="seconds PostgreSQL is down (5)")
    parser.add_argument("--after", type=float, default=12, help="seconds of load after (12)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument("--pg-port", type=int, default=5433, help="the private PostgreSQL (5433)")
    parser.add_argument(
        "--mode",
        choices=["fast", "immediate"],
        default="fast",
        help="how PostgreSQL stops: fast (ends each connection) or immediate (as in a crash)",
    )
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--server-log", type=Path, help="keep gunicorn's log in this file")
    options = parser.parse_args()
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda received, frame: sys.exit(128 + received))
    if not port_is_free(options.pg_port):
        raise SystemExit(f"Port {options.pg_port} is taken; choose another with --pg-port.")

    postgres = site = locust = None
    ledger_path = Path(tempfile.mkdtemp(prefix="helpseek-faults-")) / "ledger.json"
    try:
        postgres = PrivatePostgres(options.pg_port)
        postgres.start()
        print(f"Private PostgreSQL on 127.0.0.1:{options.pg_port} in {postgres.dir}", flush=True)
        with psycopg.connect(**server.connect_args(postgres.url, dbname="postgres")) as c:
            c.autocommit = True
            c.execute("CREATE DATABASE helpseek_faults")
        server.prepare_site(postgres.url)
        from django.db import connections

        before = loadtest.count_rows()
        connections.close_all()  # this process's own connection would die with the restart

        site = server.Server(postgres.url, options.workers, options.threads)
        workers_before = site.worker_pids()
        print(
            f"{options.people} people against gunicorn ({options.workers} workers × "
            f"{options.threads} threads, debug off) on {site.url}",
            flush=True,
        )
        start = time.time()
        locust = loadtest.start_locust(
            site.url,
            ledger_path,
            people=options.people,
            seconds=options.warmup + options.down + options.after + 30,  # stopped before that
            think=options.think,
            seed=options.seed,
            retry_503=30,
            probe=True,
        )

        def at(moment: float) -> str:
            return f"{moment - start:6.1f} s"

        time.sleep(options.warmup)
        stopping = time.time()
        postgres.stop(options.mode)
        stopped = time.time()
        print(f"{at(stopping)}  PostgreSQL stopping ({options.mode} shutdown)")
        time.sleep(options.down)
        starting = time.time()
        postgres.start()
        back = time.time()
        print(f"{at(starting)}  PostgreSQL starting")
        print(f"{at(back)}  PostgreSQL accepts connections again", flush=True)
        time.sleep(options.after)
        locust.send_signal(signal.SIGTERM)  # each person finishes what they started
        ledger = loadtest.read_ledger(ledger_path, locust.wait(timeout=180))
        print(f"{at(time.time())}  load stopped", flush=True)

        workers_after = site.worker_pids()
        with psycopg.connect(**server.connect_args(postgres.url)) as c:
            open_connections = c.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchone()[0]
        site.stop()
        found, problems = loadtest.check_database(ledger, before, allow_resent=True)
        after = loadtest.count_rows()
        connections.close_all()
        server_log = site.log_text()
        if options.server_log:
            options.server_log.write_text(server_log)
    finally:
        if locust is not None and locust.poll() is None:
            locust.kill()
            locust.wait()
        ledger_path.unlink(missing_ok=True)
        ledger_path.parent.rmdir()
        if site is not None:
            site.close()
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if postgres is not None:
            postgres.remove()

    failures = ledger.problems + problems
    records = ledger.requests

    def phase(record: loadtest.Request) -> str:
        if record.answered < stopping:
            return "before"
        if record.answered < back:
            return "while down"
        return "after"

    print("\nResponses by status code (people and probes), by when they were answered:")
    for name in ("before", "while down", "after"):
        statuses = Counter(r.status for r in records if phase(r) == name)
        print(
            f"  {name:<11} "
            + ", ".join(f"{s or 'no response'} × {n}" for s, n in sorted(statuses.items()))
        )
    errors = Counter(r.status for r in records if not 200 <= r.status < 400)
    print(
        "Errors seen: "
        + (", ".join(f"{s or 'no response'} × {n}" for s, n in sorted(errors.items())) or "none")
    )
    # /readyz is for the load balancer: its 503 is plain text on purpose.
    unfriendly = [r for r in records if r.status == 503 and not r.friendly and r.path != "/readyz"]
    bad = [r for r in records if r.status >= 500 and r.status != 503 or r.status == 0]
    tracebacks = [r for r in records if r.traceback]
    for label, rows in (
        ("503s that were not the friendly page", unfriendly),
        ("500s, other 5xx or no answer", bad),
        ("pages with a traceback", tracebacks),
    ):
        if rows:
            examples = ", ".join(f"{r.method} {r.path} {r.status}" for r in rows[:5])
            failures.append(f"{len(rows)} {label}: {examples}")

    def probes_of(path: str) -> list[loadtest.Request]:
        return [r for r in records if r.kind == path]

    healthz_bad = [r for r in probes_of("/healthz") if r.status != 200]
    if healthz_bad:
        failures.append(f"/healthz was not 200 {len(healthz_bad)} times")
    readyz_down = Counter(r.status for r in probes_of("/readyz") if phase(r) == "while down")
    if not readyz_down.get(503):
        failures.append(f"/readyz was never 503 while PostgreSQL was down: {dict(readyz_down)}")

    print(
        f"\nPostgreSQL down: {back - stopping:.1f} s (stop {stopped - stopping:.1f} s, "
        f"down {starting - stopped:.1f} s, start {back - starting:.1f} s)"
    )
    first_errors = [r.answered for r in records if r.status == 503]
    if first_errors:
        print(f"First 503: {min(first_errors) - stopping:.2f} s after the stop began")
    for label, rows in (
        ("/readyz", probes_of("/readyz")),
        ("/checklist/", probes_of("/checklist/")),
        (
            "a person's save (POST answered 302)",
            [r for r in records if r.method == "POST"],
        ),
    ):
        ok = 302 if label.startswith("a person") else 200
        served = [r.answered for r in rows if r.answered >= back and r.status == ok]
        if not served:
            failures.append(f"{label}: no {ok} after PostgreSQL came back")
            continue
        delay = min(served) - back
        print(f"First {ok} after PostgreSQL was back, {label}: {delay:.2f} s")
        if delay > RECOVERY_GOAL:
            failures.append(f"{label} took {delay:.1f} s to work again (goal {RECOVERY_GOAL} s)")
    late = [r for r in records if r.status >= 500 and r.answered >= back]
    last = max((r.answered for r in late), default=back) - back
    print(f"Last 5xx after PostgreSQL was back: {last:.2f} s" if late else "No 5xx once back")
    if last > RECOVERY_GOAL:
        failures.append(f"5xx went on for {last:.1f} s after PostgreSQL was back")

    same = workers_before == workers_after
    print(
        f"gunicorn workers {sorted(workers_before)} before, {sorted(workers_after)} after: "
        + ("the same processes, not restarted" if same else "RESTARTED")
    )
    if not same:
        failures.append("gunicorn workers were restarted")
    print(f"Connections from the workers after the restart: {open_connections}")
    print()
    loadtest.print_writes(ledger, found, before, after)
    warnings = server_log.count("Database unavailable")
    print(
        f"Server log: {warnings} 'Database unavailable' warnings, "
        f"{server_log.count('Traceback')} tracebacks logged"
    )
    # Each logged traceback ends with the exception: what was raised, without the details.
    raised = Counter(
        line.split(":")[0]
        for line in server_log.splitlines()
        if re.match(r"^[\w.]+(Error|Exception|Interrupted|Shutdown)\b", line)
    )
    for exception, count in raised.most_common():
        print(f"  {exception} × {count}")

    if failures:
        print(f"\nFAILED: {len(failures)} problems")
        for failure in failures[:30]:
            print("  " + failure)
        return 1
    print("\nAll checks passed: a friendly 503 while down, serving again by itself, saves whole.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
