"""What scripts/locustfile.py checks when every person has stopped: each confirmed save is whole,
with its owner, counted once; nothing is half-saved; an outage was met kindly, and recovered."""

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

FRIENDLY_503 = "back in a moment"  # from templates/503.html
RECOVERY_GOAL = 5.0  # seconds from PostgreSQL accepting connections to the site serving again
COUNTED = {"result": "checklist", "plan": "plan", "signup": "signup"}  # in the weekly counts


class Answer(NamedTuple):
    kind: str  # the activity, or the probe's path
    method: str
    path: str
    status: int  # 0: no answer (connection refused, reset or timed out)
    at: float  # when it was answered, time.time()
    friendly: bool  # a 503 that is the friendly page
    traceback: bool


@dataclass
class Run:
    answers: list[Answer] = field(default_factory=list)
    # Each save the server confirmed: kind, key, and as it must be found (as_saved()).
    writes: list[dict] = field(default_factory=list)
    plan_attempts: dict = field(default_factory=lambda: defaultdict(list))  # draft: barriers
    problems: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    before: Counter = field(default_factory=Counter)
    # The load started; then the outage: PostgreSQL told to stop, stopped, starting, back.
    started = stopping = stopped = starting = back = 0.0


def count_rows() -> Counter:
    """The rows of each kind of save, and their totals in the insight page's weekly counts."""
    from django.contrib.auth import get_user_model
    from django.db.models import Sum

    from guides.models import ChecklistResult, Plan, WeeklyCount

    rows = Counter(result=ChecklistResult.objects.count(), plan=Plan.objects.count())
    rows["signup"] = get_user_model().objects.count()
    for kind, metric in COUNTED.items():
        counts = WeeklyCount.objects.filter(metric=metric).aggregate(n=Sum("count"))
        rows[f"{kind} counted"] = counts["n"] or 0
    return rows


def as_saved(row) -> tuple | None:
    """A result or a plan as it was saved: its owner, statements or barriers and answers."""
    if hasattr(row, "plan_barriers"):
        barriers = {barrier.barrier_id: barrier.note for barrier in row.plan_barriers.all()}
        values = [row.contact_kind_id, row.contact_method_id, row.script, row.due_date]
        values += [row.time_zone, row.backup_kind_id or ""]
        return row.user_id, row.session_key, barriers, [str(value) for value in values]
    if row:
        return row.user_id, row.session_key, tuple(sorted(s.pk for s in row.statements.all()))
    return None


def save_problems(kind: str, writes: list[dict]) -> list[str]:
    from django.contrib.auth import get_user_model

    from guides.models import ChecklistResult, Plan

    if kind == "signup":  # an account, not yet confirmed: nobody opened the link
        accounts = get_user_model().objects.filter(email__in=[w["key"] for w in writes])
        verified = dict(accounts.values_list("email", "email_verified_at"))
        wrong = [w["key"] for w in writes if verified.get(w["key"], "not saved")]
        return [f"account {key}: {verified.get(key, 'not saved')} (confirmed)" for key in wrong]
    model, parts = (ChecklistResult, "statements") if kind == "result" else (Plan, "plan_barriers")
    rows = model.objects.prefetch_related(parts).in_bulk([w["key"] for w in writes])
    saved = {w["key"]: as_saved(rows.get(uuid.UUID(w["key"]))) for w in writes}
    wrong = [w for w in writes if saved[w["key"]] != w["expected"]]
    return [f"{kind} {w['key']}: posted {w['expected']}, saved {saved[w['key']]}" for w in wrong]


def half_saved(run: Run) -> list[str]:
    """All or nothing for every row: a result's statements as counted, a plan's as its draft's."""
    from django.db.models import Count, F

    from guides.models import ChecklistResult, Plan

    total = F("signs_count") + F("readiness_count")
    results = ChecklistResult.objects.annotate(n=Count("statements")).exclude(n=total)
    problems = [f"result {result.pk} is half-saved: {result.n} statements" for result in results]
    for plan in Plan.objects.annotate(n=Count("plan_barriers")):
        posted = run.plan_attempts.get(str(plan.pk), [])
        if plan.n not in {len(barriers) for barriers in posted}:
            problems.append(f"plan {plan.pk}: {plan.n} barriers, posted with its draft {posted}")
    return problems


def resent(writes: list[dict]) -> int:
    """Unconfirmed results each a confirmed one's twin: the answer was lost, the form sent again."""
    from guides.models import ChecklistResult

    others = ChecklistResult.objects.exclude(pk__in=[w["key"] for w in writes])
    confirmed = {write["expected"] for write in writes}
    return sum(as_saved(row) in confirmed for row in others.prefetch_related("statements"))


def check_saves(run: Run) -> list[str]:
    """Each confirmed save is there, whole, with its owner, and counted once; nothing else is."""
    writes = defaultdict(list)
    for write in run.writes:
        writes[write["kind"]].append(write)
    twins = resent(writes["result"]) if run.back else 0
    new = count_rows() - run.before
    print("\nwrites:   confirmed, found whole, new rows, counted in the weekly counts")
    failures = half_saved(run)
    for kind in COUNTED:
        problems = save_problems(kind, writes[kind])
        made = len(writes[kind]) + (twins if kind == "result" else 0)
        figures = [len(writes[kind]), len(writes[kind]) - len(problems)]
        figures += [new[kind], new[f"{kind} counted"]]
        print(f"{kind:<10}" + "".join(f"{figure:>10}" for figure in figures))
        # The weekly counts are written in the same transaction as each save: exactly one each.
        if figures[2:] != [made, made]:
            problems.append(f"{made} {kind}s confirmed; new rows and counted: {figures[2:]}")
        failures += problems
    if twins:  # the answer to the first POST was lost with the database, and it was sent again
        print(f"and {twins} result(s) sent again, each the twin of a confirmed one")
    return failures


def phase(run: Run, answer: Answer) -> str:
    down = "before" if not run.back or answer.at < run.stopping else "while down"
    return "after" if run.back and answer.at >= run.back else down


def answer_failures(run: Run) -> list[str]:
    """No 5xx; with an outage, the friendly 503 and nothing worse, /readyz 503, /healthz 200."""
    for name in ("before", "while down", "after"):
        if statuses := Counter(a.status for a in run.answers if phase(run, a) == name):
            counts = ", ".join(f"{s or 'no answer'} × {n}" for s, n in sorted(statuses.items()))
            print(f"answers {name:<10}: {counts}")
    bad = {  # /readyz is for the load balancer: its 503 is plain text on purpose.
        "503s not the friendly page": lambda a: a.status == 503 and not a.friendly,
        "500s, other 5xx or no answer": lambda a: a.status in (0, 500, 502) or a.status > 503,
        "pages with a traceback": lambda a: a.traceback,
        "/healthz not 200": lambda a: a.kind == "/healthz" and a.status != 200,
        "5xx": lambda a: not run.back and a.status >= 500,
    }
    failures = []
    for label, wrong in bad.items():
        if rows := [a for a in run.answers if wrong(a) and (a.path, a.status) != ("/readyz", 503)]:
            examples = ", ".join(f"{a.method} {a.path} {a.status}" for a in rows[:5])
            failures.append(f"{len(rows)} {label}: {examples}")
    down = [a.status for a in run.answers if a.kind == "/readyz" and phase(run, a) == "while down"]
    if run.back and 503 not in down:
        failures.append("/readyz was never 503 while PostgreSQL was down")
    return failures


def recovery_failures(run: Run) -> list[str]:
    """Serving again by itself within RECOVERY_GOAL of PostgreSQL accepting connections."""
    stop, start = run.stopped - run.stopping, run.back - run.starting
    print(f"PostgreSQL down {run.back - run.stopping:.1f} s (stop {stop:.1f}, start {start:.1f})")
    failures = []
    for label, ok in (("/readyz", 200), ("/checklist/", 200), ("POST", 302)):
        served = [a.at for a in run.answers if label in (a.kind, a.method) and a.status == ok]
        delay = min((at for at in served if at >= run.back), default=float("inf")) - run.back
        print(f"first {label} {ok} once PostgreSQL was back: {delay:.2f} s")
        if delay > RECOVERY_GOAL:
            failures.append(f"{label}: {ok} again only {delay:.1f} s after (goal {RECOVERY_GOAL})")
    late = max([0, *(a.at - run.back for a in run.answers if a.status >= 500)])
    print(f"last 5xx once back: {late:.2f} s")
    if late > RECOVERY_GOAL:
        failures.append(f"5xx went on for {late:.1f} s after PostgreSQL was back")
    return failures


def report(run: Run) -> list[str]:
    """Print what was seen and checked; the failures."""
    print()
    failures = run.problems + answer_failures(run)
    failures += recovery_failures(run) if run.back else []
    failures += check_saves(run)
    for failure in failures[:30]:
        print("  FAILED: " + failure)
    return failures
