"""`make loadtest` and `make faults` (docs/performance.md): many people use the production server
through the real forms (scripts/locustfile.py), then every save the server confirmed is looked up;
with --outage, a private PostgreSQL is stopped under them and started again. Exits 1 on a failed
check. Usage: .venv/bin/python scripts/load.py --help
"""

import argparse
import contextlib
import os
import re
import shlex
import subprocess
import sys
from collections import Counter

import harness


def main() -> int:
    options = arguments()
    with database(options) as (url, pg_ctl):
        environment = harness.prepare_site(url)
        with harness.Server(environment, options.workers, options.threads) as site:
            workers = site.worker_pids()
            gunicorn = f"gunicorn ({options.workers} workers × {options.threads} threads)"
            print(f"{options.people} people, {gunicorn} on {site.url}", flush=True)
            code = locust(site.url, environment, options, pg_ctl)
            alive, same = site.process.poll() is None, site.worker_pids() == workers
        log = site.log_text()
    # Each logged traceback ends with the exception: what was raised, without the details.
    raised = Counter(re.findall(r"^([\w.]+(?:Error|Exception|Interrupted|Shutdown))\b", log, re.M))
    print(f"gunicorn workers {workers}: " + ("the same throughout" if same else "RESTARTED"))
    raised["'Database unavailable' warnings"] = log.count("Database unavailable")
    print("the server's log: " + ", ".join(f"{e} × {n}" for e, n in raised.most_common()))
    failures = [f"Locust's checks failed (exit code {code})"] if code else []
    failures += [] if alive and same else ["gunicorn stopped, or its workers were restarted"]
    if "Traceback" in log and not options.outage:
        failures.append("the server logged a traceback:\n" + log[-2000:])
    print("".join(f"FAILED: {failure}\n" for failure in failures) or "All checks passed.")
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
    add("--outage", action="store_true", help="stop a private PostgreSQL under the load")
    add("--warmup", type=float, default=8, help="seconds before PostgreSQL stops (8)")
    add("--down", type=float, default=5, help="seconds PostgreSQL is down (5)")
    add("--after", type=float, default=12, help="seconds of load once it is back (12)")
    add("--mode", choices=["fast", "immediate"], default="fast", help="fast, or as in a crash")
    add("--keep-database", action="store_true", help="do not drop it at the end")
    add("--pg-port", type=int, default=5433, help="the private PostgreSQL's port (5433)")
    return parser.parse_args()


@contextlib.contextmanager
def database(options):
    """A private PostgreSQL for an outage (never the shared one), else the one named, made again."""
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


def locust(url: str, environment: dict, options, pg_ctl: list[str]) -> int:
    """Locust's runner, whose hooks check every save when the test stops (--check): its exit code.
    When time is up, each person finishes the activity they started, so no save is cut off."""
    people = options.people + options.outage  # with an outage, a Probe too
    command = [harness.BIN / "locust", "-f", "scripts/locustfile.py", "--headless", "--host", url]
    command += ["--users", str(people), "--spawn-rate", str(max(1, people // 2)), "--check"]
    # A 503 is a failure to Locust; the checks say which answers are wrong.
    command += ["--stop-timeout=120", "--only-summary", "--exit-code-on-error=0"]
    command += ["--loglevel=WARNING", f"--think={options.think}", f"--seed={options.seed}"]
    if options.outage:
        command += ["--outage", *map(str, [options.warmup, options.down, options.after])]
        command += ["--pg-ctl", shlex.join(pg_ctl), f"--stop-mode={options.mode}"]
        seconds = round(options.warmup + options.down + options.after) + 60  # stopped before
        command += ["--retry-503=30", f"--run-time={seconds}s", "Person", "Probe"]
    else:
        command += [f"--run-time={options.seconds}s", "Person"]
    return subprocess.run(command, cwd=harness.BASE_DIR, env=environment).returncode  # noqa: S603


if __name__ == "__main__":
    sys.exit(main())
