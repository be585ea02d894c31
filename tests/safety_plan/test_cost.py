"""The cost of the safety plan's pages for a signed-in person, counted: the Python function calls
made while the site serves each (tests/cost.py), pinned like the query counts. Its pages have the
plan page's budget in issue 27, so a page that grows its work by half fails here.

Each budget is the larger of the counts on SQLite and on PostgreSQL, with about 12% headroom."""

import pytest
from django.test import Client

from tests.cost import calls_to_serve, within_budget

from .helpers import make_safety_plan

pytestmark = pytest.mark.django_db

# Function calls to serve each page once: the whole request in Django's test client (middleware,
# session and account, the view, its queries, the templates). Measured when pinned (SQLite /
# PostgreSQL): 15,606 / 15,690; 9,674 / 9,704 (20,382 and 13,741 before issue 27).
BUDGETS = {
    "GET /safety-plan/ (finished)": 17_600,
    "GET /safety-plan/<step>/": 10_900,
}


def test_each_safety_plan_page_stays_within_its_budget(
    client: Client, content, today, alice, check_every_minute
):
    client.force_login(alice)
    make_safety_plan(client)
    counts = {
        "GET /safety-plan/ (finished)": calls_to_serve(client, "/safety-plan/"),
        "GET /safety-plan/<step>/": calls_to_serve(client, "/safety-plan/warning-signs/"),
    }
    print("function calls of each page:", counts)
    assert within_budget(counts, BUDGETS) == {}
