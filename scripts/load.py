"""`make loadtest` and `make faults`: many people use the production server at once, through the
real forms (scripts/locustfile.py); with --outage, PostgreSQL is stopped under them and started
again. When the test stops, Locust's hooks check every save the server confirmed against the
database, and the site's recovery (scripts/checks.py); here, the server's log and its workers.
Exits 1 if any check fails. docs/performance.md says what is checked, and how.

    .venv/bin/python scripts/load.py [--people 50] [--seconds 60] [--workers 2]
    .venv/bin/python scripts/load.py --outage [--warmup 8] [--down 5] [--after 12] [--mode fast]
"""

import argparse
import contextlib
import os
import re
import shlex
import sys
from collections import Counter
from pathlib import Path

import harness


def main() -> int:
    options = arguments()
    harness.stop_on_signals()
    with database(options) as (url, pg_ctl):
        environment = harness.prepare_site(url)
        with harness.Server(environment, options.workers, options.threads) as site:
            workers = site.worker_pids()
            print(
                f"{options.people} people against gunicorn ({options.workers} workers × "
                f"{options.threads} threads) on {site.url}; {os.cpu_count()} cores",
                flush=True,
            )
            people, args = locust_arguments(options, pg_ctl)
            code = harness.locust(site.url, environment, people, *args)
            alive, same = site.process.poll() is None, site.worker_pids() == workers
        log = site.log_text()
    if options.server_log:
        options.server_log.write_text(log)
    # Each logged traceback ends with the exception: what was raised, without the details.
    raised = Counter(re.findall(r"^([\w.]+(?:Error|Exception|Interrupted|Shutdown))\b", log, re.M))
    print(f"gunicorn workers {workers}: " + ("the same throughout" if same else "RESTARTED"))
    print(f"Server log: {log.count('Database unavailable')} 'Database unavailable' warnings")
    print("raised: " + (", ".join(f"{e} × {n}" for e, n in raised.most_common()) or "nothing"))
    failures = [f"Locust's checks failed (exit code {code})"] if code else []
    failures += [] if alive and same else ["gunicorn stopped, or its workers were restarted"]
    if "Traceback" in log and not options.outage:
        failures.append("the server logged a traceback:\n" + log[-2000:])
    for failure in failures:
        print("FAILED: " + failure)
    print(
        "\nFAILED"
        if failures
        else "\nAll checks passed: every confirmed save is whole, with its owner, and counted once"
        + (" after the outage" if options.outage else "")
    )
    return 1 if failures else 0


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--people", type=int, default=50, help="virtual people at once (50)")
    add("--seconds", type=int, default=60, help="how long they come, without --outage (60)")
    add("--think", type=float, default=0.5, help="mean pause between pages (0.5)")
    add("--workers", type=int, default=2, help="gunicorn workers (2)")
    add("--threads", type=int, default=4, help="threads per worker (4)")
    add("--seed", type=int, default=1, help="for the people's choices (1)")
    default_url = "postgres://postgres@127.0.0.1:5432/helpseek_load"
    add("--database-url", default=os.environ.get("LOADTEST_DATABASE_URL", default_url),
        help="dropped and made again; its name must end in _load (not with --outage)")  # fmt: skip
    add("--keep-database", action="store_true", help="do not drop it at the end")
    add("--outage", action="store_true", help="stop a private PostgreSQL under the load")
    add("--warmup", type=float, default=8, help="seconds before PostgreSQL stops (8)")
    add("--down", type=float, default=5, help="seconds PostgreSQL is down (5)")
    add("--after", type=float, default=12, help="seconds of load once it is back (12)")
    # fast ends each connection; immediate is as in a crash
    add("--mode", choices=["fast", "immediate"], default="fast", help="how PostgreSQL stops")
    add("--pg-port", type=int, default=5433, help="the private PostgreSQL's port (5433)")
    add("--server-log", type=Path, help="keep gunicorn's log in this file")
    return parser.parse_args()


@contextlib.contextmanager
def database(options):
    """The site's database: the private PostgreSQL for an outage (never the shared one), else
    the one named, dropped and made again."""
    if options.outage:
        with harness.private_postgres(options.pg_port) as postgres:
            print(f"Private PostgreSQL on 127.0.0.1:{options.pg_port}", flush=True)
            yield postgres
        return
    print(f"Setting up {options.database_url.rsplit('/', 1)[1]}…", flush=True)
    harness.recreate_database(options.database_url, "_load")
    try:
        yield options.database_url, []
    finally:
        if not options.keep_database:
            harness.recreate_database(options.database_url, "_load", create=False)


def locust_arguments(options, pg_ctl: list[str]) -> tuple[int, list[str]]:
    """How many users, and Locust's arguments: the people, and with an outage, a Probe."""
    args = [f"--think={options.think}", f"--seed={options.seed}"]
    if not options.outage:
        return options.people, [*args, f"--run-time={options.seconds}s", "Person"]
    args += [f"--outage-at={options.warmup}", f"--outage-for={options.down}"]
    args += [f"--load-after={options.after}", "--retry-503=30"]
    args += ["--start-postgres", shlex.join([*pg_ctl, "-w", "start"])]
    args += ["--stop-postgres", shlex.join([*pg_ctl, "-m", options.mode, "-w", "stop"])]
    seconds = round(options.warmup + options.down + options.after) + 60  # stopped before that
    return options.people + 1, [*args, f"--run-time={seconds}s", "Person", "Probe"]


if __name__ == "__main__":
    sys.exit(main())
