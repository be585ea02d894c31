"""The queries of each safety plan page and save, once the process holds the content it reads
(the steps' words and the crisis lines): pinned, so a change that adds one is seen."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from guides.models import SafetyPlanShare

from .helpers import ANSWERS, make_safety_plan

pytestmark = pytest.mark.django_db


def queries_of(client, method: str, url: str, data=None) -> int:
    client.get(url)  # the process holds the content the page reads
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url) if method == "GET" else client.post(url, data)
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(queries)


# GET: the session and the plan. POST of the first step, from a browser with no session yet:
# the session made (a key check, then its insert in a savepoint), then the plan and its weekly
# count in a savepoint of their own. A later step: the session, the plan, and its update in a
# savepoint.
EXPECTED_STEPS = {
    "GET /safety-plan/<step>/": 2,
    "POST /safety-plan/<step>/ (the first)": 8,
    "POST /safety-plan/<step>/ (a later one)": 5,
}


def test_each_step_costs_the_same_few_queries(client, content, check_every_minute):
    counts = {}
    for number, (step, data) in enumerate(ANSWERS.items()):
        url = f"/safety-plan/{step}/"
        if number:
            counts.setdefault("GET /safety-plan/<step>/", set()).add(queries_of(client, "GET", url))
        key = "(the first)" if not number else "(a later one)"
        counts.setdefault(f"POST /safety-plan/<step>/ {key}", set()).add(
            queries_of(client, "POST", url, data)
        )
    print("queries of each step:", counts)
    assert {name: sorted(found) for name, found in counts.items()} == {
        name: [count] for name, count in EXPECTED_STEPS.items()
    }


@pytest.mark.parametrize(
    "path, expected",
    [
        # the session; the plan with whether a link to it is out (guides.services.owned_reads)
        ("/safety-plan/", 2),
        ("/es/safety-plan/", 2),
        # the session, the plan
        ("/safety-plan/card/", 2),
        ("/safety-plan/share/", 3),
    ],
)
def test_the_plans_pages_queries(client, content, check_every_minute, path, expected):
    make_safety_plan(client)
    assert queries_of(client, "GET", path) == expected


def test_the_start_page_costs_no_query_without_a_session(content, check_every_minute):
    assert queries_of(Client(), "GET", "/safety-plan/") == 0


def test_the_shared_page_costs_one_query(client, content, check_every_minute):
    make_safety_plan(client)
    client.post("/safety-plan/share/")
    url = SafetyPlanShare.objects.get().get_absolute_url()
    assert queries_of(Client(), "GET", url) == 1
