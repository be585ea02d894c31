"""The cost of each signed-in planner page, counted: the Python function calls made while the
site serves it (tests/cost.py), pinned like the query counts, so that a page that grows its work
by half fails here, not one round later in `make bench`.

Each budget is the larger of the counts on SQLite and on PostgreSQL, with about 12% headroom."""

import datetime

import pytest
from django.test import Client

from guides.models import Barrier, ContactKind, ContactMethod, Plan, ShareLink
from tests.cost import calls_to_serve, within_budget

pytestmark = pytest.mark.django_db

# Function calls to serve each page once. What they count: the whole request in Django's test
# client (middleware, session and account, the view, its queries, the templates, or the filling in
# of the skeleton kept for the page's shape, guides.views.skeletons). Measured when pinned (SQLite /
# PostgreSQL): 3,019 / 3,058; 2,927 / 2,870; 17,195 / 17,586 (3,389 / 3,428 and 3,108 / 3,051
# before the kinds', ways' and barriers' words were kept per language and the headers read from
# META; 3,487 / 3,526 and 3,233 / 3,176
# before the outcome form was made only with its skeleton and the list's addresses reversed once;
# Django's get_token, masking the CSRF token a call per character, is about 440 of a page's).
# Before the kept skeletons and the plain SQL: 13,469 / 13,510;
# 9,668 / 9,554. Before issue 27 they made 27,954 / 28,074; 16,392 / 16,288; 25,917 / 26,329.
BUDGETS = {
    "GET /plan/<id>/": 3_450,
    "GET /plan/": 3_300,
    "GET /plan/new/who/": 19_400,
}


def plans_of(person, today: datetime.date) -> list[Plan]:
    """Three plans, as the benchmark makes them: a contact, a time, a supporter, two barriers
    with notes; the first with a share link."""
    kind = ContactKind.objects.get(slug="gp")
    method = ContactMethod.objects.get(slug="call")
    barriers = list(Barrier.objects.all()[:2])
    plans = []
    for days in (2, 5, 9):
        plan = Plan.objects.create(
            user=person,
            contact_kind=kind,
            contact_name="Dr Lee's office",
            contact_method=method,
            script="I have been struggling for a while and would like to talk to someone.",
            due_date=today + datetime.timedelta(days=days),
            due_time=datetime.time(9, 30),
            time_zone="Europe/London",
            partner_name="Ana",
        )
        for barrier in barriers:
            plan.plan_barriers.create(barrier=barrier, note="I will remind myself why.")
        plans.append(plan)
    ShareLink.objects.create(plan=plans[0], display_name="Ana")
    return plans


def test_each_signed_in_planner_page_stays_within_its_budget(
    client: Client, content, today, alice, check_every_minute
):
    client.force_login(alice)
    plan = plans_of(alice, today)[0]
    counts = {
        "GET /plan/<id>/": calls_to_serve(client, plan.get_absolute_url()),
        "GET /plan/": calls_to_serve(client, "/plan/"),
        "GET /plan/new/who/": calls_to_serve(client, "/plan/new/who/"),
    }
    print("function calls of each page:", counts)
    assert within_budget(counts, BUDGETS) == {}


def test_the_count_grows_with_the_work(client: Client, content, today, alice, check_every_minute):
    """The count follows the work: the list of six plans costs more than the list of three."""
    client.force_login(alice)
    plans_of(alice, today)
    three = calls_to_serve(client, "/plan/")
    plans_of(alice, today)
    assert calls_to_serve(client, "/plan/") > three * 1.1
