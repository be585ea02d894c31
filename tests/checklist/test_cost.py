"""The cost of the checklist, counted: the Python function calls made while the site serves it
(tests/cost.py), pinned like the query counts, so that a change that grows its work by half
fails here. The page is read by a person without a session (kept whole once rendered); the
answers are sent by a person who sent some before (their session exists), as `make bench` does.

Each budget is the larger of the counts on SQLite and on PostgreSQL, with about 12% headroom."""

import pytest
from django.test import Client

from guides.models import Statement
from tests.cost import calls_to_serve, within_budget

pytestmark = pytest.mark.django_db

# Function calls to serve each request once: the whole request in Django's test client
# (middleware, session, the view, its queries and writes, the templates). Measured when pinned
# (SQLite / PostgreSQL): 1,892 / 1,892; 3,446 / 3,443 (1,951 / 1,951 and 3,581 / 3,921 before
# the headers were read from META, the result's address reversed once and, on PostgreSQL, the
# answers saved as one statement; 4,466 / 4,929 before the answers were
# saved with plain INSERTs; before the statements'
# words were kept per language: 2,596 / 2,596 and 4,810 / 5,273; before issue 27: 2,566 / 2,566
# and 5,488 / 5,932).
BUDGETS = {
    "GET /checklist/": 2_100,
    "POST /checklist/": 3_850,
}


def test_the_checklist_stays_within_its_budget(content, today, check_every_minute):
    ticks = Statement.objects.active().filter(is_crisis=False).order_by("group__order", "order")
    answers = {"statements": [statement.pk for statement in ticks[:3]]}
    counts = {
        "GET /checklist/": calls_to_serve(Client(), "/checklist/"),
        "POST /checklist/": calls_to_serve(Client(), "/checklist/", data=answers),
    }
    print("function calls of each request:", counts)
    assert within_budget(counts, BUDGETS) == {}
