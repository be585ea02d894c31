"""The queries of each planner page and save, once the process holds the content it reads,
with and without crisis phrases in what the person sends."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from guides.content_version import content_changed
from guides.models import Barrier, ContactKind, ContactMethod, Plan

pytestmark = pytest.mark.django_db


def step_answers(script: str) -> dict[str, dict]:
    judged = Barrier.objects.get(slug="fear-of-judgement")
    due = (timezone.now().date() + datetime.timedelta(days=5)).isoformat()
    return {
        "who": {"contact_kind": ContactKind.objects.get(slug="gp").pk, "contact_name": "Dr Lee"},
        "how": {"contact_method": ContactMethod.objects.get(slug="call").pk},
        "what": {"script": script},
        "when": {"due_date": due, "due_time": "09:30", "time_zone": "Europe/London"},
        "support": {
            "partner_name": "Sam",
            "barriers": [judged.pk],
            f"note_{judged.pk}": "They hear this every day.",
            "backup_kind": "",
            "backup_name": "",
        },
    }


def queries_of(client, method: str, url: str, data=None, *, page: str | None = None):
    """The queries of one request, after the page it is made from was seen once (so the
    process holds the content that page reads)."""
    client.get(page or url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url) if method == "GET" else client.post(url, data)
    assert response.status_code in (200, 302), url
    return len(queries), response


def walk_counting(client, script: str) -> dict[str, int]:
    client.pages_with_the_panel = []
    counts = {}
    answers = step_answers(script)
    for step, data in answers.items():
        url = f"/plan/new/{step}/"
        counts[f"GET {url}"], _ = queries_of(client, "GET", url)
        posted = {**data, "draft_id": client.session.get("plan_draft", {}).get("id", "")}
        counts[f"POST {url}"], response = queries_of(client, "POST", url, posted)
        counts[f"GET {response['Location']} (next)"] = len_of_get(client, response["Location"])
    draft_id = client.session["plan_draft"]["id"]
    counts["GET /plan/new/check/"], _ = queries_of(client, "GET", "/plan/new/check/")
    counts["POST /plan/new/check/"], response = queries_of(
        client, "POST", "/plan/new/check/", {"draft_id": draft_id, "event_title": "Reach out"}
    )
    plan = Plan.objects.get(pk=draft_id)
    detail = f"/plan/{plan.pk}/"
    counts["GET /plan/<id>/"], _ = queries_of(client, "GET", detail)
    counts["GET /plan/<id>/not-yet/"], _ = queries_of(client, "GET", f"{detail}not-yet/")
    counts["POST /plan/<id>/not-yet/"], _ = queries_of(
        client, "POST", f"{detail}not-yet/", answers["when"], page=f"{detail}not-yet/"
    )
    counts["GET /plan/<id>/share/"], _ = queries_of(client, "GET", f"{detail}share/")
    counts["POST /plan/<id>/share/"], _ = queries_of(
        client, "POST", f"{detail}share/", {"display_name": "Sam"}, page=f"{detail}share/"
    )
    counts["POST /plan/<id>/done-not-well/"], _ = queries_of(
        client, "POST", f"{detail}done-not-well/", {"outcome_note": script}, page=detail
    )
    counts["POST /plan/<id>/done/"], _ = queries_of(
        client, "POST", f"{detail}done/", {"outcome_note": script}, page=detail
    )
    return counts


def len_of_get(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    client.pages_with_the_panel += [url] if b'class="crisis-panel"' in response.content else []
    return len(queries)


# Each planner page and save as measured before the crisis phrases, with the content version
# looked at once a minute, as in production (where it is once a second): the phrases and the
# crisis lines are kept with the content, so they add none. Each one fewer since issue 27: the
# session brings its account with it (guides.sessions), so a signed-in request no longer looks
# the account up on its own.
BEFORE_CRISIS_PHRASES = {
    "GET /plan/new/who/": 2,
    "POST /plan/new/who/": 6,
    "GET /plan/new/how/ (next)": 2,
    "GET /plan/new/how/": 2,
    "POST /plan/new/how/": 6,
    "GET /plan/new/what/ (next)": 2,
    "GET /plan/new/what/": 2,
    "POST /plan/new/what/": 5,
    "GET /plan/new/when/ (next)": 1,
    "GET /plan/new/when/": 1,
    "POST /plan/new/when/": 5,
    "GET /plan/new/support/ (next)": 3,
    "GET /plan/new/support/": 3,
    "POST /plan/new/support/": 7,
    "GET /plan/new/check/ (next)": 5,
    "GET /plan/new/check/": 5,
    # The save, and what the weekly counts add (issue 17: one upsert; the new plan no longer
    # deletes barriers it cannot have, so it stays at 13 here).
    "POST /plan/new/check/": 13,
    # The session with the person; the plan with whether a link is out and its barriers' notes
    # (one query, guides.services.owned_reads).
    "GET /plan/<id>/": 2,
    "GET /plan/<id>/not-yet/": 2,
    # An answer to a plan is counted with it, all or nothing: its savepoint, the upsert, the
    # savepoint's release (issue 17's weekly counts).
    "POST /plan/<id>/not-yet/": 7,
    "GET /plan/<id>/share/": 3,
    "POST /plan/<id>/share/": 4,
    "POST /plan/<id>/done-not-well/": 6,
    "POST /plan/<id>/done/": 6,
}


def test_the_crisis_phrases_add_no_query_to_any_planner_page_or_save(
    client, content, alice, check_every_minute
):
    client.force_login(alice)
    counts = walk_counting(client, "I have been struggling and would like to talk to someone.")
    assert counts == BEFORE_CRISIS_PHRASES


def test_crisis_words_and_the_panel_they_bring_cost_no_query_once_held(
    client, content, alice, check_every_minute
):
    client.force_login(alice)
    benign = walk_counting(client, "I have been struggling and would like to talk to someone.")
    assert client.pages_with_the_panel == []
    crisis = walk_counting(client, "Some days I want to die.")
    assert client.pages_with_the_panel == ["/plan/new/when/"]
    assert crisis == benign


def test_the_phrases_are_read_in_one_query_per_content_version(client, content, check_every_minute):
    client.get("/plan/new/who/")
    content_changed()  # staff saved something
    for expected in (1, 0):
        with CaptureQueriesContext(connection) as queries:
            client.get("/plan/new/who/")
        assert len([q for q in queries if "crisisphrase" in q["sql"]]) == expected
