"""`make loadtest`: many people use the production server at once, then every save is checked.

Makes its own database (`LOADTEST_DATABASE_URL`, default helpseek_load on 127.0.0.1, whose name
must end in _load), sets it up and starts gunicorn as `make serve` does (scripts/server.py). Then
Locust (`locust --headless`) puts --people (50) of scripts/locustfile.py's Person on it for
--seconds (60): they read, answer the checklist, make plans and sign up through the real forms.

At the end it checks the database: every save the server confirmed (the redirect to a result or
a plan, a signed-up account) has its rows, with the right owner and every statement and barrier
posted, there is no row it did not confirm, and the weekly counts of the insight page went up by
exactly the checklists, plans and sign-ups confirmed. It prints the requests by kind with p50 and
p99 latency, the writes made, found and counted, and the 5xx count, and exits 1 if any check fails.

    .venv/bin/python scripts/loadtest.py [--people 50] [--seconds 60] [--workers 2]

scripts/faults.py reuses the people and the checks.
"""

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import dj_database_url
import server

LOCUST = Path(sys.executable).parent / "locust"
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/helpseek_load"


# Locust ------------------------------------------------------------------------------------------


class Request(NamedTuple):
    kind: str
    method: str
    path: str
    status: int  # 0: no answer (connection refused, reset or timed out)
    started: float  # time.time()
    seconds: float
    friendly: bool  # a 503 that is the friendly page
    traceback: bool

    @property
    def answered(self) -> float:
        return self.started + self.seconds


@dataclass
class Ledger:
    """What the people did, as scripts/locustfile.py wrote it."""

    requests: list[Request]
    writes: list[dict]  # kind, key, person, session_key, statements, barriers, plan
    plan_attempts: dict[str, list[dict]]  # draft id: the barriers posted with it, each time
    problems: list[str]


def start_locust(url: str, ledger: Path, *, people: int, seconds: float, **options):
    """Locust's headless runner with the people of scripts/locustfile.py (and its Probe, with
    probe=True). It stops after `seconds`, or on SIGTERM; either way a person finishes the
    activity they started, so no save is cut off by the clock."""
    classes = ["Person", "Probe"] if options.pop("probe", False) else ["Person"]
    extra = [f"--{name.replace('_', '-')}={value}" for name, value in options.items()]
    command = [
        *(str(LOCUST), "-f", str(LOCUSTFILE), "--headless", "--host", url),
        *("--users", str(people + len(classes) - 1), "--spawn-rate", str(max(1, people / 2))),
        *("--run-time", f"{round(seconds)}s", "--stop-timeout", "120", "--only-summary"),
        *("--loglevel", "WARNING", "--exit-code-on-error", "0", "--ledger", str(ledger)),
        *extra,
        *classes,
    ]
    return subprocess.Popen(command, cwd=server.BASE_DIR)  # noqa: S603


def read_ledger(path: Path, exit_code: int) -> Ledger:
    if exit_code or not path.exists():
        raise SystemExit(f"Locust failed (exit code {exit_code}); no ledger to check.")
    data = json.loads(path.read_text())
    for write in data["writes"]:
        write["barriers"] = {int(b): note for b, note in write.get("barriers", {}).items()}
    data["requests"] = [Request(*r) for r in data["requests"]]
    return Ledger(**data)


# The checks --------------------------------------------------------------------------------------


@dataclass
class Rows:
    results: int = 0
    result_statements: int = 0
    plans: int = 0
    plan_barriers: int = 0
    people: int = 0
    # The weekly counts of the insight page (guides.services.insight.counts), over every week.
    counted_results: int = 0
    counted_plans: int = 0
    counted_signups: int = 0


# Each kind of write and its total in the weekly counts, in Rows.
COUNTED = (("result", "counted_results"), ("plan", "counted_plans"), ("signup", "counted_signups"))


def count_rows() -> Rows:
    from django.contrib.auth import get_user_model
    from django.db.models import Sum

    from guides.models import ChecklistResult, Plan, PlanBarrier, WeeklyCount

    def counted(metric: str) -> int:
        return WeeklyCount.objects.filter(metric=metric).aggregate(n=Sum("count"))["n"] or 0

    return Rows(
        results=ChecklistResult.objects.count(),
        result_statements=ChecklistResult.statements.through.objects.count(),
        plans=Plan.objects.count(),
        plan_barriers=PlanBarrier.objects.count(),
        people=get_user_model().objects.count(),
        counted_results=counted("checklist"),
        counted_plans=counted("plan"),
        counted_signups=counted("signup"),
    )


def check_database(
    ledger: Ledger, before: Rows, *, allow_resent: bool = False
) -> tuple[Counter, list[str]]:
    """Each confirmed save is there, whole and with the right owner, and nothing else is.

    With `allow_resent`, a result that was not confirmed may be the twin of one that was (same
    owner, same ticks): its answer was lost (the database died after the commit and before the
    acknowledgement) and the person sent the form again. Returns the writes found by kind (and
    "resent"), and the problems."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, F

    from guides.models import ChecklistResult, Plan

    problems: list[str] = []
    found: Counter = Counter()
    writes = defaultdict(list)
    for write in ledger.writes:
        writes[write["kind"]].append(write)

    def owner(write: dict) -> str:
        return write["session_key"]

    def owner_problem(what: str, row, write: dict) -> str | None:
        # Nobody logs in during the run (a sign-up waits for its e-mail link): all is sessions'.
        if row.user_id is not None or row.session_key != write["session_key"]:
            return f"{what} belongs to {row.user or row.session_key}, not {write['session_key']}"
        return None

    results = ChecklistResult.objects.select_related("user").prefetch_related("statements")
    results = results.in_bulk([w["key"] for w in writes["result"]])
    for write in writes["result"]:
        result = results.get(uuid.UUID(write["key"]))
        if result is None:
            problems.append(f"result {write['key']} was confirmed but is not in the database")
            continue
        ticked = {s.pk for s in result.statements.all()}
        problem = owner_problem(f"result {write['key']}", result, write)
        if ticked != set(write["statements"]):
            problem = f"result {write['key']} has statements {ticked}, posted {write['statements']}"
        if problem:
            problems.append(problem)
        else:
            found["result"] += 1

    plans = Plan.objects.select_related("user").prefetch_related("plan_barriers")
    plans = plans.in_bulk([w["key"] for w in writes["plan"]])
    for write in writes["plan"]:
        plan = plans.get(uuid.UUID(write["key"]))
        if plan is None:
            problems.append(f"plan {write['key']} was confirmed but is not in the database")
            continue
        barriers = {pb.barrier_id: pb.note for pb in plan.plan_barriers.all()}
        problem = owner_problem(f"plan {write['key']}", plan, write)
        if barriers != write["barriers"]:
            problem = f"plan {write['key']} has barriers {barriers}, posted {write['barriers']}"
        saved = {
            "contact_kind": plan.contact_kind_id,
            "contact_method": plan.contact_method_id,
            "script": plan.script,
            "due_date": plan.due_date,
            "time_zone": plan.time_zone,
            "backup_kind": plan.backup_kind_id or "",
        }
        wrong = [k for k, v in saved.items() if str(write["plan"][k]) != str(v)]
        if wrong:
            problem = f"plan {write['key']}: {', '.join(wrong)} not as posted"
        if problem:
            problems.append(problem)
        else:
            found["plan"] += 1

    accounts = get_user_model().objects.filter(email__in=[w["key"] for w in writes["signup"]])
    unconfirmed = dict(accounts.values_list("email", "email_verified_at"))
    for write in writes["signup"]:
        if write["key"] not in unconfirmed:
            problems.append(f"account {write['key']} was confirmed but is not in the database")
        elif unconfirmed[write["key"]] is not None:
            problems.append(f"account {write['key']} is confirmed, though nobody opened its link")
        else:
            found["signup"] += 1

    # All of a save or none of it, for every row, confirmed or not: a result's statements are
    # the ones it counted, and a plan has the barriers posted for its draft.
    half = ChecklistResult.objects.annotate(n=Count("statements")).exclude(
        n=F("signs_count") + F("readiness_count")
    )
    for result in half:
        problems.append(f"result {result.pk} is half-saved: {result.n} statements")
    for plan in Plan.objects.annotate(n=Count("plan_barriers")):
        posted = ledger.plan_attempts.get(str(plan.pk))
        if not posted:
            problems.append(f"plan {plan.pk} is not from any draft this run posted")
        elif plan.n not in {len(barriers) for barriers in posted}:
            problems.append(f"plan {plan.pk} is half-saved: {plan.n} barriers, posted {posted}")

    if allow_resent:
        confirmed = {(owner(w), frozenset(w["statements"])) for w in writes["result"]}
        unconfirmed = (
            ChecklistResult.objects.exclude(pk__in=[w["key"] for w in writes["result"]])
            .select_related("user")
            .prefetch_related("statements")
        )
        for result in unconfirmed:
            row_owner = result.user.email if result.user else result.session_key
            if (row_owner, frozenset(s.pk for s in result.statements.all())) in confirmed:
                found["resent"] += 1

    after = count_rows()
    for kind, name in (("result", "results"), ("plan", "plans"), ("signup", "people")):
        made = getattr(after, name) - getattr(before, name) - (found["resent"] * (kind == "result"))
        if made != len(writes[kind]):
            problems.append(
                f"{made} new {name} in the database, but {len(writes[kind])} saves were confirmed"
            )
    # The weekly counts are written in the same transaction as each save: exactly one each.
    for kind, name in COUNTED:
        counted = getattr(after, name) - getattr(before, name)
        expected = len(writes[kind]) + (found["resent"] if kind == "result" else 0)
        if counted != expected:
            problems.append(
                f"the weekly counts have {counted} {kind}s, but {expected} saves were confirmed"
            )
    return found, problems


# The report --------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def print_requests(requests: list[Request], kinds: list[str]) -> None:
    print(f"{'kind':<11} {'requests':>9} {'not 2xx/3xx':>12} {'p50 ms':>8} {'p99 ms':>8}")
    by_kind = defaultdict(list)
    for request in requests:
        by_kind[request.kind].append(request)
    for kind in [k for k in kinds if by_kind[k]] + ["all"]:
        rows = requests if kind == "all" else by_kind[kind]
        bad = sum(1 for r in rows if not 200 <= r.status < 400)
        times = [r.seconds * 1000 for r in rows if r.status]
        p50, p99 = percentile(times, 0.5), percentile(times, 0.99)
        print(f"{kind:<11} {len(rows):>9} {bad:>12} {p50:>8.1f} {p99:>8.1f}")
    statuses = Counter(r.status for r in requests)
    print(
        "responses by status: "
        + ", ".join(f"{s or 'no response'}: {n}" for s, n in sorted(statuses.items()))
    )


def print_writes(ledger: Ledger, found: Counter, before: Rows, after: Rows) -> None:
    made = Counter(w["kind"] for w in ledger.writes)
    print(f"{'writes':<20} {'confirmed':>10} {'found whole':>12} {'new rows':>9} {'counted':>8}")
    for kind, label, rows, counted in (
        (
            "result",
            "checklist results",
            after.results - before.results,
            after.counted_results - before.counted_results,
        ),
        ("plan", "plans", after.plans - before.plans, after.counted_plans - before.counted_plans),
        (
            "signup",
            "sign-ups",
            after.people - before.people,
            after.counted_signups - before.counted_signups,
        ),
    ):
        print(f"{label:<20} {made[kind]:>10} {found[kind]:>12} {rows:>9} {counted:>8}")
    print(
        f"(and {after.result_statements - before.result_statements} ticked statements, "
        f"{after.plan_barriers - before.plan_barriers} plan barriers)"
    )
    if found["resent"]:
        print(
            f"{found['resent']} more result(s), whole, the twin of a confirmed one: the answer to "
            "the first POST was lost with the database and the person sent the form again"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=50, help="virtual people at once (50)")
    parser.add_argument("--seconds", type=int, default=60, help="how long they come (60)")
    parser.add_argument("--think", type=float, default=0.5, help="mean pause between pages (0.5)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument("--seed", type=int, default=1, help="for the people's choices (1)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LOADTEST_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="dropped and made again; its name must end in _load",
    )
    parser.add_argument("--keep-database", action="store_true", help="do not drop it at the end")
    options = parser.parse_args()
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda received, frame: sys.exit(128 + received))

    print(f"Setting up {dj_database_url.parse(options.database_url)['NAME']}…", flush=True)
    server.recreate_database(options.database_url, "_load")
    site = locust = None
    ledger_path = Path(tempfile.mkdtemp(prefix="helpseek-load-")) / "ledger.json"
    try:
        server.prepare_site(options.database_url)
        from django.db import connections

        before = count_rows()
        connections.close_all()
        site = server.Server(options.database_url, options.workers, options.threads)
        print(
            f"{options.people} people for {options.seconds} s against gunicorn "
            f"({options.workers} workers × {options.threads} threads, debug off) on {site.url}, "
            f"PostgreSQL {server.connect_args(options.database_url)['host']}; "
            f"{os.cpu_count()} cores",
            flush=True,
        )
        locust = start_locust(
            site.url,
            ledger_path,
            people=options.people,
            seconds=options.seconds,
            think=options.think,
            seed=options.seed,
        )
        ledger = read_ledger(ledger_path, locust.wait(timeout=options.seconds + 180))
        server_alive = site.process.poll() is None
        site.stop()
        found, problems = check_database(ledger, before)
        after = count_rows()
        connections.close_all()
    finally:
        if locust is not None and locust.poll() is None:
            locust.terminate()
            locust.wait()
        ledger_path.unlink(missing_ok=True)
        ledger_path.parent.rmdir()
        if site is not None:
            server_log = site.log_text()
            site.close()
        if not options.keep_database:
            with contextlib.suppress(Exception):
                from django.db import connections

                connections.close_all()
            server.drop_database(options.database_url)

    requests = ledger.requests
    elapsed = max(r.answered for r in requests) - min(r.started for r in requests)
    print(f"\n{len(requests)} requests in {elapsed:.1f} s ({len(requests) / elapsed:.0f}/s)\n")
    print_requests(requests, ["read", "static", "checklist", "plan", "signup"])
    print()
    print_writes(ledger, found, before, after)
    server_errors = [r for r in requests if r.status >= 500]
    print(f"\n5xx responses: {len(server_errors)}")
    failures = ledger.problems + problems
    if server_errors:
        failures.append(f"{len(server_errors)} 5xx responses")
    if not server_alive:
        failures.append("gunicorn stopped during the run")
    if "Traceback" in server_log:
        failures.append("the server logged a traceback:\n" + server_log[-2000:])
    if failures:
        print(f"\nFAILED: {len(failures)} problems")
        for failure in failures[:30]:
            print("  " + failure)
        return 1
    print(
        "All checks passed: every confirmed save is in the database, whole, with its owner, "
        "and counted once."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
