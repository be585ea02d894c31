"""`make bench` (docs/performance.md): the site as production runs it, each page timed with wrk
right after /healthz, as a browser behind the TLS proxy sends it: req/s, p50 and p99, × /healthz,
and gunicorn's own CPU per request against issue 27's goals by cost. Exits 1 when a cost goal is
missed or a page could not be measured. Usage: .venv/bin/python scripts/bench.py --help
"""

import argparse
import html
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

import harness

BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br", "X-Forwarded-Proto": "https"}
RATE_GOALS = {"anonymous": 0.6, "signed-in": 0.4}  # × /healthz's rate, printed only
P99_GOAL_MS = 50.0  # printed only
# Issue 27's budgets by cost, which fail the run: gunicorn's CPU ms per request at most, and
# /healthz's CPU over the page's at least (how many of the page /healthz's CPU would serve). The
# safety plan's pages have a plan page's budget.
COST_GOALS = {
    "/plan/<id>/ (signed in)": (3.0, 0.3), "/plan/ (signed in)": (2.5, None),
    "POST /checklist/ (save answers)": (3.0, None), "/checklist/": (None, 0.8),
    "/safety-plan/ (signed in)": (3.0, 0.3), "/safety-plan/<step>/ (signed in)": (3.0, 0.3),
}  # fmt: skip
WRK_SCRIPT = """wrk.method, wrk.body = "{method}", "{body}"
{headers}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status + e.connect + e.read + e.write
    + e.timeout))
end"""


@dataclass
class Target:
    label: str
    path: str
    kind: str = "other"  # "anonymous" (a guide page), "signed-in" or "other"
    body: str = ""  # a POST's, answered 302, where a GET is answered 200
    headers: dict = field(default_factory=dict)
    # What was measured: requests/s, p50 and p99 ms, CPU ms per request, errors; or the problem.
    rate, p50, p99, cpu_ms, errors, problem = 0.0, 0.0, 0.0, 0.0, 0, ""
    healthz: "Target | None" = None  # /healthz, timed just before


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="wrk's time per page (10)")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured seconds first (2)")
    parser.add_argument("--connections", type=int, default=16, help="open connections (16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads (2)")
    default_url = "postgres://postgres@127.0.0.1:5432/helpseek_bench"
    url = os.environ.get("BENCH_DATABASE_URL", default_url)
    parser.add_argument("--database-url", default=url, help="dropped and made again: *_bench")
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("make bench needs wrk (apt-get install -y wrk).")
    print("Setting up the benchmark database and static files…", flush=True)
    harness.recreate_database(options.database_url, "_bench")
    environment = harness.prepare_site(options.database_url)
    os.environ.update(environment)
    targets = prepare_targets()
    workers, threads = 2, 4  # helpseek/gunicorn.conf.py's defaults, as production runs
    with harness.Server(environment, workers, threads, ports=range(8100, 8200)) as site:
        wrk = f"{options.threads} threads, {options.connections} connections, {options.seconds} s"
        print(f"gunicorn: {workers} workers × {threads} threads on {site.url}; wrk: {wrk} a page")
        print(f"after {options.warmup} s of warm-up; {os.cpu_count()} cores", flush=True)
        add_csrf(site.url, targets[-1])
        for target in targets:
            # Each page is timed right after /healthz, so the two see the same machine: other
            # work that comes and goes during the run moves both, not the ratio.
            before = Target("/healthz", "/healthz")
            target.healthz = target if target.path == "/healthz" else measure(site, before, options)
            measure(site, target, options)
    missed = print_table(targets)
    if missed:
        print(f"\nmake bench: {len(missed)} goal(s) missed: " + "; ".join(missed), file=sys.stderr)
    return 1 if missed else 0


def prepare_targets() -> list[Target]:
    """The pages; the last, the checklist POST, is finished once the server gives a CSRF token."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpseek.settings")
    django.setup()
    from guides.models import Section, Statement

    sections = Section.objects.published()
    longest = max(sections, key=lambda section: len(section.body_html_en)).slug
    spanish = max(sections, key=lambda section: len(section.body_html_es or "")).slug
    session_key, plan_path = signed_in_person()
    cookie = {"Cookie": f"sessionid={session_key}"}
    ticks = Statement.objects.active().filter(is_crisis=False).order_by("group__order", "order")
    ticked = "&".join(f"statements={statement.pk}" for statement in ticks[:3])
    step = "/safety-plan/warning-signs/"
    return [
        Target("/healthz (baseline)", "/healthz"),
        Target("/ (home)", "/", "anonymous"),
        Target("/guide/ (overview)", "/guide/", "anonymous"),
        Target(f"/guide/{longest}/ (longest step)", f"/guide/{longest}/", "anonymous"),
        Target(f"/es/guide/{spanish}/ (es)", f"/es/guide/{spanish}/", "anonymous"),
        Target("/checklist/", "/checklist/"),
        Target("/plan/ (signed in)", "/plan/", "signed-in", headers=cookie),
        Target("/plan/<id>/ (signed in)", plan_path, "signed-in", headers=cookie),
        Target("/safety-plan/ (signed in)", "/safety-plan/", "signed-in", headers=cookie),
        Target("/safety-plan/<step>/ (signed in)", step, "signed-in", headers=cookie),
        Target("POST /checklist/ (save answers)", "/checklist/", "other", ticked),
    ]


def signed_in_person() -> tuple[str, str]:
    """A person with three plans and a finished safety plan: their session key, a plan's path."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.test import Client

    from guides.models import Barrier, ContactKind, ContactMethod, Plan, SafetyPlan
    from guides.models.safety_plan import STEPS

    user = get_user_model().objects.create_user("bench@example.org", "not used to log in")
    for days in (2, 5, 9):
        plan = Plan.objects.create(
            user=user, contact_kind=ContactKind.objects.first(), contact_name="Dr Lee's office",
            contact_method=ContactMethod.objects.first(), time_zone="Europe/London",
            script="I have been struggling for a while and would like to talk to someone.",
            due_date=datetime.date.today() + datetime.timedelta(days=days),
            due_time=datetime.time(9, 30), partner_name="Ana",
        )  # fmt: skip
        for barrier in Barrier.objects.all()[:2]:
            plan.plan_barriers.create(barrier=barrier, note="I will remind myself why.")
    SafetyPlan.objects.create(
        user=user, warning_signs="I stop answering messages.\nI can’t sleep.",
        on_my_own="Walk round the block.", people_and_places="The library.",
        helpers=[{"name": "My sister Ana", "phone": "07700 900123"}],
        professionals=[{"name": "Dr Patel", "phone": "+44 20 7946 0000"}],
        safer="Ask Ana to keep my medicines this month.", matters_most="My dog Luna.",
        steps_seen=list(STEPS),
    )  # fmt: skip
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value, plan.get_absolute_url()


def send(url: str, target: Target):
    """One request as wrk sends it, redirects not followed: the response, read."""
    connection = http.client.HTTPConnection(url.removeprefix("http://"), timeout=10)
    headers = BROWSER_HEADERS | target.headers
    connection.request("POST" if target.body else "GET", target.path, target.body, headers)
    response = connection.getresponse()
    response.text = response.read().decode(errors="replace")
    connection.close()
    return response


def add_csrf(url: str, target: Target) -> None:
    """The POST as a browser that loaded the form sends it, with a session that saved before."""
    from django.test import Client

    page = send(url, Target("form", "/checklist/", headers={"Accept-Encoding": "identity"}))
    cookie = next(c for c in page.headers.get_all("Set-Cookie") if "csrftoken" in c)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    session = Client().session
    session["anonymous"] = True
    session.save()
    origin = "https://127.0.0.1:" + url.rsplit(":", 1)[1]
    target.body = f"csrfmiddlewaretoken={html.unescape(token)}&{target.body}"
    target.headers = {
        "Cookie": f"{cookie.split(';')[0]}; sessionid={session.session_key}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": origin,
        "Referer": origin + "/checklist/",
    }


def measure(site: harness.Server, target: Target, options) -> Target:
    """wrk's figures and gunicorn's CPU, after one request, so a 403 or a redirect is not timed."""
    if (status := send(site.url, target).status) != (expect := 302 if target.body else 200):
        target.problem = f"answered {status}, not {expect}"
        return target
    headers = BROWSER_HEADERS | target.headers
    lua = "\n".join(f'wrk.headers["{name}"] = "{value}"' for name, value in headers.items())
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        method = "POST" if target.body else "GET"
        script.write(WRK_SCRIPT.format(method=method, body=target.body, headers=lua))
        script.flush()
        wrk = ["wrk", f"-t{options.threads}", f"-c{options.connections}", "--timeout=5s"]
        wrk += ["-s", script.name, site.url + target.path]
        if options.warmup:
            subprocess.run([*wrk, f"-d{options.warmup}s"], capture_output=True)  # noqa: S603
        cpu_before = site.cpu_seconds()
        done = subprocess.run([*wrk, f"-d{options.seconds}s"], capture_output=True, text=True)  # noqa: S603
        cpu = site.cpu_seconds() - cpu_before
    match = re.search(r"^RESULT (\d+) (\d+) (\d+) (\d+) (\d+)$", done.stdout, re.M)
    if match is None:
        target.problem = "wrk printed no result: " + (done.stdout + done.stderr)[-500:]
        return target
    requests, duration_us, p50_us, p99_us, target.errors = map(int, match.groups())
    target.rate = requests / (duration_us / 1e6)
    target.p50, target.p99 = p50_us / 1000, p99_us / 1000
    target.cpu_ms = cpu * 1000 / max(requests, 1)
    print(f"  measured {target.label}", flush=True)
    return target


def print_table(targets: list[Target]) -> list[str]:
    """Each page against its goals; those missed that fail the run (by cost, and errors). The rate
    and p99 goals are printed only: they follow the shared machine's other work, CPU time not."""
    print(f"\n{'page':<38} {'req/s':>6} {'p50 ms':>6} {'p99 ms':>6} {'healthz':>7} ", end="")
    print(f"{'× healthz':>9} {'CPU ms':>6} {'CPU ×':>6}  goals (CPU and by cost fail the run)")
    missed = []
    for target in targets:
        if target.problem:
            print(f"{target.label:<38} {target.problem}")
            missed.append(f"{target.label}: {target.problem}")
            continue
        healthz = target.healthz.rate if target.healthz else 0.0
        ratio = target.rate / healthz if healthz else 0.0
        by_cost = target.healthz.cpu_ms / target.cpu_ms if target.healthz and target.cpu_ms else 0
        goals = {f"p99<{P99_GOAL_MS:.0f}": target.p99 < P99_GOAL_MS}
        if rate_goal := RATE_GOALS.get(target.kind):
            goals[f"≥{rate_goal}×"] = ratio >= rate_goal
        failing = {f"{target.errors} ERRORS": False} if target.errors else {}
        cpu_goal, cost_goal = COST_GOALS.get(target.label, (None, None))
        if cpu_goal:
            failing[f"CPU≤{cpu_goal:g} ms"] = target.cpu_ms <= cpu_goal
        if cost_goal:
            failing[f"≥{cost_goal:g}× by cost"] = by_cost >= cost_goal
        missed += [f"{target.label}: {goal} missed" for goal, met in failing.items() if not met]
        print(
            f"{target.label:<38} {target.rate:>6.0f} {target.p50:>6.1f} {target.p99:>6.1f} "
            f"{healthz:>7.0f} {ratio:>8.2f}× {target.cpu_ms:>6.2f} {by_cost:>5.2f}×  "
            + ", ".join(f"{goal} {'met' if met else 'MISSED'}" for goal, met in goals.items())
            + "".join(f", {goal} {'met' if met else 'MISSED'}" for goal, met in failing.items())
        )
    return missed


if __name__ == "__main__":
    sys.exit(main())
