"""`make bench`: run the site as production does and measure it with wrk.

Starts gunicorn (helpseek/gunicorn.conf.py, debug off) on PostgreSQL, in a database of its own
that it drops and makes again (migrate, createcachetable, load_content), on a free port of
127.0.0.1. Then for each page it runs wrk for a bounded time, right after /healthz, and prints
requests per second, p50 and p99 latency, and the ratio to that /healthz rate. The server is
stopped at the end, whatever happens.

Requests look like a browser's behind a TLS proxy: Accept-Encoding gzip and br, and
X-Forwarded-Proto https. The signed-in plan pages are measured once the planner exists, and the
safety plan's (a finished plan, and one of its steps) once it does.

Last, each page's CPU per request (gunicorn's own) against issue 27's goals by cost: the script
exits with 1 when a goal is missed, a page answered an error, or a page could not be measured.

    .venv/bin/python scripts/bench.py [--seconds 10] [--connections 16] [--threads 2]
"""

import argparse
import contextlib
import html
import io
import os
import re
import runpy
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from server import Server, recreate_database, send, site_environment  # the one harness

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/helpseek_bench"
PORTS = range(8100, 8200)
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br", "X-Forwarded-Proto": "https"}

ANONYMOUS_GOAL, SIGNED_IN_GOAL, P99_GOAL_MS = 0.6, 0.4, 50.0


@dataclass(frozen=True)
class CostGoal:
    """Issue 27's budgets by cost: gunicorn's CPU per request, and /healthz's CPU over the page's
    (how many of the page /healthz's CPU would serve)."""

    cpu_ms: float | None = None
    healthz_ratio: float | None = None


PLAN_PAGE_GOAL = CostGoal(cpu_ms=3.0, healthz_ratio=0.3)
COST_GOALS = {
    "/plan/<id>/ (signed in)": PLAN_PAGE_GOAL,
    "/plan/ (signed in)": CostGoal(cpu_ms=2.5),
    "POST /checklist/ (save answers)": CostGoal(cpu_ms=3.0),
    "/checklist/": CostGoal(healthz_ratio=0.8),
    # The safety plan's pages (issue 20) have a plan page's budget.
    "/safety-plan/ (signed in)": PLAN_PAGE_GOAL,
    "/safety-plan/<step>/ (signed in)": PLAN_PAGE_GOAL,
}

WRK_SCRIPT = """
wrk.method = "{method}"
wrk.body = "{body}"
{headers}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write
    + e.timeout))
end
"""


@dataclass
class Target:
    label: str
    path: str
    kind: str  # "baseline", "anonymous" (a guide page), "signed-in" or "other"
    expect: int = 200
    method: str = "GET"
    body: str = ""
    headers: dict = field(default_factory=dict)


@dataclass
class Result:
    target: Target
    requests_per_second: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    cpu_ms: float = 0.0  # gunicorn's CPU time for each request
    errors: int = 0
    baseline: "Result | None" = None  # /healthz, timed just before
    problem: str = ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="wrk's time per page (10)")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured seconds first (2)")
    parser.add_argument("--connections", type=int, default=16, help="open connections (16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads (2)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="dropped and made again; its name must end in _bench",
    )
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        print("make bench needs wrk (apt-get install -y wrk).", file=sys.stderr)
        return 2
    # A plain `kill` or a closed terminal still stops the server below.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda received, frame: sys.exit(128 + received))

    recreate_database(options.database_url, "_bench")
    os.environ.update(site_environment(options.database_url))
    targets = prepare_site()
    gunicorn = runpy.run_path(str(BASE_DIR / "helpseek" / "gunicorn.conf.py"))
    results = []
    with Server(
        options.database_url, gunicorn["workers"], gunicorn["threads"], ports=PORTS
    ) as site:
        base = site.url
        targets = [*targets[:-1], checklist_post(base, targets[-1])]
        print(
            f"gunicorn: {gunicorn['workers']} {gunicorn['worker_class']} workers × "
            f"{gunicorn['threads']} threads on {base}; "
            f"wrk: {options.threads} threads, {options.connections} connections, "
            f"{options.seconds} s per page after {options.warmup} s of warm-up; "
            f"{os.cpu_count()} cores",
            flush=True,
        )
        for target in targets:
            # Each page is timed right after /healthz, so the two see the same machine: other
            # work that comes and goes during the run moves both, not the ratio.
            baseline = measure(base, targets[0], options, site.process.pid)
            result = (
                baseline
                if target is targets[0]
                else measure(base, target, options, site.process.pid)
            )
            result.baseline = baseline
            results.append(result)
    with contextlib.suppress(Exception):
        from django.db import connections

        connections.close_all()
    print_table(results)
    signed_in = next((t for t in targets if t.kind == "signed-in"), None)
    healthz_cpu = [r.baseline.cpu_ms for r in results if r.baseline and not r.baseline.problem]
    if signed_in and healthz_cpu:
        print_signed_in_floor(signed_in.headers["Cookie"].split("=", 1)[1], median(healthz_cpu))
    missed = print_cost_goals(results)
    if missed:
        print(f"\nmake bench: {len(missed)} goal(s) missed: " + "; ".join(missed), file=sys.stderr)
        return 1
    return 0


def prepare_site() -> list[Target]:
    """Load the content and make the people the benchmark acts as. The last target is the
    checklist POST, finished once the server can hand out a CSRF token."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.urls import Resolver404, resolve

    from guides.models import Section, Statement

    quiet = io.StringIO()
    print("Setting up the benchmark database and static files…", flush=True)
    call_command("migrate", interactive=False, verbosity=0, stdout=quiet)
    call_command("createcachetable", verbosity=0, stdout=quiet)
    call_command("load_content", verbosity=0, stdout=quiet)
    call_command("collectstatic", interactive=False, verbosity=0, stdout=quiet)

    section = max(Section.objects.published(), key=lambda section: len(section.body_html_en))
    spanish = max(Section.objects.published(), key=lambda section: len(section.body_html_es or ""))
    targets = [
        Target("/healthz (baseline)", "/healthz", "baseline"),
        Target("/ (home)", "/", "anonymous"),
        Target("/guide/ (overview)", "/guide/", "anonymous"),
        Target(f"/guide/{section.slug}/ (longest step)", f"/guide/{section.slug}/", "anonymous"),
        Target(f"/es/guide/{spanish.slug}/ (es)", f"/es/guide/{spanish.slug}/", "anonymous"),
        Target("/checklist/", "/checklist/", "other"),
    ]
    try:
        resolve("/plan/")
    except Resolver404:
        print("Note: /plan/ does not exist yet, so the signed-in plan pages are skipped.")
    else:
        cookie = f"{settings.SESSION_COOKIE_NAME}={signed_in_session()}"
        plan_path = plans_for_bench()
        targets.append(
            Target("/plan/ (signed in)", "/plan/", "signed-in", headers={"Cookie": cookie})
        )
        if plan_path:
            targets.append(
                Target(
                    "/plan/<id>/ (signed in)", plan_path, "signed-in", headers={"Cookie": cookie}
                )
            )
        step_path = safety_plan_for_bench()
        if step_path:
            for label, path in (
                ("/safety-plan/ (signed in)", "/safety-plan/"),
                ("/safety-plan/<step>/ (signed in)", step_path),
            ):
                targets.append(Target(label, path, "signed-in", headers={"Cookie": cookie}))
    ticks = Statement.objects.active().filter(is_crisis=False).order_by("group__order", "order")
    body = "&".join(f"statements={statement.pk}" for statement in ticks[:3])
    targets.append(
        Target("POST /checklist/ (save answers)", "/checklist/", "other", 302, "POST", body)
    )
    return targets


BENCH_EMAIL = "bench@example.org"


def signed_in_session() -> str:
    """A session key for a signed-in person, made as the login view would."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    user = get_user_model().objects.create_user(BENCH_EMAIL, secrets.token_urlsafe(16))
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def plans_for_bench() -> str | None:
    """Three plans for the benchmark person, as the planner saves them; the path of one."""
    import datetime

    from django.apps import apps
    from django.contrib.auth import get_user_model

    try:
        plan_model = apps.get_model("guides", "Plan")
        contact_kind = apps.get_model("guides", "ContactKind").objects.first()
        contact_method = apps.get_model("guides", "ContactMethod").objects.first()
        barriers = list(apps.get_model("guides", "Barrier").objects.all()[:2])
        user = get_user_model().objects.get(email=BENCH_EMAIL)
        plans = []
        for days in (2, 5, 9):
            plan = plan_model.objects.create(
                user=user,
                contact_kind=contact_kind,
                contact_name="Dr Lee's office",
                contact_method=contact_method,
                script="I have been struggling for a while and would like to talk to someone.",
                due_date=datetime.date.today() + datetime.timedelta(days=days),
                due_time=datetime.time(9, 30),
                time_zone="Europe/London",
                partner_name="Ana",
            )
            for barrier in barriers:
                plan.plan_barriers.create(barrier=barrier, note="I will remind myself why.")
            plans.append(plan)
    except Exception as error:  # the planner is young: measure what can be measured
        print(f"Note: could not make plans for the benchmark ({error!r}); plan page skipped.")
        return None
    return plans[0].get_absolute_url()


def safety_plan_for_bench() -> str | None:
    """A finished safety plan for the benchmark person, every step answered; a step's path."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    try:
        from guides.models.safety_plan import STEPS

        model = apps.get_model("guides", "SafetyPlan")
        model.objects.create(
            user=get_user_model().objects.get(email=BENCH_EMAIL),
            warning_signs="I stop answering messages.\nI can’t sleep.",
            on_my_own="Walk round the block.",
            people_and_places="The library.",
            helpers=[{"name": "My sister Ana", "phone": "07700 900123"}],
            professionals=[{"name": "Dr Patel", "phone": "+44 20 7946 0000"}],
            safer="Ask Ana to keep my medicines this month.",
            matters_most="My dog Luna.",
            steps_seen=list(STEPS),
        )
    except Exception as error:  # measure what can be measured
        print(f"Note: could not make a safety plan for the benchmark ({error!r}); skipped.")
        return None
    return "/safety-plan/warning-signs/"


def checklist_post(base: str, target: Target) -> Target:
    """The POST with a CSRF cookie and token, as a browser that loaded the form sends it."""
    from django.conf import settings

    _, headers, page = send(base, "GET", "/checklist/", {"X-Forwarded-Proto": "https"})
    cookies = headers.get_all("Set-Cookie") or []
    csrf_cookie = next(c.split(";")[0] for c in cookies if c.startswith(settings.CSRF_COOKIE_NAME))
    token = html.unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1])
    session = anonymous_session()
    target.body = f"csrfmiddlewaretoken={token}&{target.body}"
    target.headers = {
        "Cookie": f"{csrf_cookie}; {settings.SESSION_COOKIE_NAME}={session}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": "https://127.0.0.1:" + base.rsplit(":", 1)[1],
        "Referer": "https://127.0.0.1:" + base.rsplit(":", 1)[1] + "/checklist/",
    }
    return target


def anonymous_session() -> str:
    """A person without an account who saved answers before: the session the POST adds to."""
    from importlib import import_module

    from django.conf import settings

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session["anonymous"] = True
    session.create()
    return session.session_key


def probe(base: str, target: Target) -> int:
    """One request as wrk will send it: the status, so a 403 or a 302 to log in is not timed."""
    headers = {**BROWSER_HEADERS, **target.headers}
    return send(base, target.method, target.path, headers, target.body)[0]


def server_cpu_seconds(group: int) -> float:
    """CPU time used so far by gunicorn's processes: the arbiter, the live workers and (in the
    arbiter's children's time) any worker that has exited. Other load on the machine is left out.
    """
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group:  # the process group
                ticks += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def measure(base: str, target: Target, options, group: int) -> Result:
    status = probe(base, target)
    if status != target.expect:
        return Result(target, problem=f"answered {status}, not {target.expect}")
    headers = "\n".join(
        f'wrk.headers["{name}"] = "{value}"'
        for name, value in {**BROWSER_HEADERS, **target.headers}.items()
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT.format(method=target.method, body=target.body, headers=headers))
        script.flush()
        url = base + target.path
        run_wrk(url, script.name, options, options.warmup)
        cpu_before = server_cpu_seconds(group)
        output = run_wrk(url, script.name, options, options.seconds)
        cpu = server_cpu_seconds(group) - cpu_before
    match = re.search(r"^RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", output, re.M)
    if match is None:
        return Result(target, problem="wrk printed no result:\n" + output[-1000:])
    requests, duration_us, p50_us, p99_us, bad_status, socket_errors = map(int, match.groups())
    print(f"  measured {target.label}", flush=True)
    return Result(
        target,
        requests_per_second=requests / (duration_us / 1e6),
        p50_ms=p50_us / 1000,
        p99_ms=p99_us / 1000,
        cpu_ms=cpu * 1000 / max(requests, 1),
        errors=bad_status + socket_errors,
    )


def run_wrk(url: str, script: str, options, seconds: int) -> str:
    if seconds <= 0:
        return ""
    command = [
        "wrk",
        f"--threads={options.threads}",
        f"--connections={options.connections}",
        f"--duration={seconds}s",
        "--timeout=5s",
        f"--script={script}",
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)  # noqa: S603
    return done.stdout + done.stderr


def print_table(results: list[Result]) -> None:
    print()
    print(
        f"{'page':<38} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'healthz':>8} {'× healthz':>9} "
        f"{'CPU ms':>7} {'CPU ×':>6}  goals"
    )
    for result in results:
        target = result.target
        if result.problem:
            print(f"{target.label:<38} {result.problem}")
            continue
        base = result.baseline if result.baseline and not result.baseline.problem else None
        base_rate = base.requests_per_second if base else 0.0
        ratio = result.requests_per_second / base_rate if base_rate else 0.0
        cpu_ratio = base.cpu_ms / result.cpu_ms if base and result.cpu_ms else 0.0
        goals = []
        if target.kind == "anonymous":
            goals.append(f"≥{ANONYMOUS_GOAL}× {'met' if ratio >= ANONYMOUS_GOAL else 'MISSED'}")
        elif target.kind == "signed-in":
            goals.append(f"≥{SIGNED_IN_GOAL}× {'met' if ratio >= SIGNED_IN_GOAL else 'MISSED'}")
        goals.append(f"p99<{P99_GOAL_MS:.0f} {'met' if result.p99_ms < P99_GOAL_MS else 'MISSED'}")
        if result.errors:
            goals.append(f"{result.errors} ERRORS")
        print(
            f"{target.label:<38} {result.requests_per_second:>7.0f} {result.p50_ms:>7.1f} "
            f"{result.p99_ms:>7.1f} {base_rate:>8.0f} {ratio:>8.2f}× {result.cpu_ms:>7.2f} "
            f"{cpu_ratio:>5.2f}×  " + ", ".join(goals)
        )
    print(
        "\nreq/s, p50 and p99 are wrk's. healthz is the /healthz rate timed just before the page, "
        "and × healthz the page's\nrate against it. CPU ms is gunicorn's own CPU time per "
        "request (PostgreSQL's is not in it), and CPU × the\nsame ratio by cost."
    )


def print_cost_goals(results: list[Result]) -> list[str]:
    """Each page's CPU per request against issue 27's goals by cost; what was missed (a goal, an
    error, a page that could not be measured). The rate and p99 goals above are not counted: on a
    shared machine they follow the other work, where gunicorn's own CPU time does not."""
    heading = f"{'cost goals (issue 27)':<38} {'CPU ms':>7} {'goal':>7} {'CPU ×':>6} {'goal':>6}"
    print(f"\n{heading}  result")
    missed = []
    for result in results:
        target = result.target
        if result.problem:
            missed.append(f"{target.label}: {result.problem.splitlines()[0]}")
            continue
        if result.errors:
            missed.append(f"{target.label}: {result.errors} errors")
        goal = COST_GOALS.get(target.label)
        if goal is None:
            continue
        base = result.baseline if result.baseline and not result.baseline.problem else None
        ratio = base.cpu_ms / result.cpu_ms if base and result.cpu_ms else 0.0
        misses = []
        if goal.cpu_ms is not None and result.cpu_ms > goal.cpu_ms:
            misses.append(f"CPU {result.cpu_ms:.2f} ms > {goal.cpu_ms:g} ms")
        if goal.healthz_ratio is not None and ratio < goal.healthz_ratio:
            misses.append(f"{ratio:.2f}× < {goal.healthz_ratio:g}× /healthz by cost")
        missed += [f"{target.label}: {miss}" for miss in misses]
        cpu_goal = f"≤{goal.cpu_ms:g}" if goal.cpu_ms is not None else "–"
        ratio_goal = f"≥{goal.healthz_ratio:g}×" if goal.healthz_ratio is not None else "–"
        print(
            f"{target.label:<38} {result.cpu_ms:>7.2f} {cpu_goal:>7} {ratio:>5.2f}× {ratio_goal:>6}"
            f"  {'MISSED: ' + ', '.join(misses) if misses else 'met'}"
        )
    return missed


def print_signed_in_floor(session_key: str, healthz_cpu_ms: float) -> None:
    """What any signed-in page costs before it does anything: finding who the request is from.

    The site's session engine does it, each request: the session row with its account in one
    query (guides.sessions.user_of), then the password hash checked, so that a changed password
    signs out old sessions. Timed here, in this process, against the same database, by CPU time,
    which is what gunicorn's column counts.
    """
    from importlib import import_module

    from django.conf import settings
    from django.http import HttpRequest

    from guides.sessions import user_of

    session_store = import_module(settings.SESSION_ENGINE).SessionStore

    def identify() -> None:
        request = HttpRequest()
        request.session = session_store(session_key)
        if not user_of(request).is_authenticated:
            raise RuntimeError("The benchmark's session is not signed in.")

    rounds = []
    for _ in range(6):
        started = time.process_time()
        for _ in range(200):
            identify()
        rounds.append((time.process_time() - started) / 200 * 1000)
    floor_ms = min(rounds[1:])  # the first round warms up
    best_ratio = healthz_cpu_ms / (healthz_cpu_ms + floor_ms)
    print(
        f"\nFinding who a signed-in request is from (the session with its account: 1 query) takes "
        f"{floor_ms:.2f} ms of CPU here.\nWith /healthz at {healthz_cpu_ms:.2f} ms, a signed-in "
        f"page that did nothing else could reach {best_ratio:.2f}× by cost."
    )


if __name__ == "__main__":
    sys.exit(main())
