"""Crisis phrases typed in the planner, sent without JavaScript: the save still happens, and the
next page opens with the crisis lines at the top. Nothing about the match is kept."""

import logging

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from guides.models import Barrier, Plan
from guides.services.crisis.phrases import LINES_TAG, SEEN_FIELD
from tests.base import crisis_words_sent, make_plan, text_of
from tests.planner.test_wizard import draft_id, save, step_data, walk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lines_of_the_us(settings):
    """A site whose default region is the US (SITE_REGION): a person who has not chosen sees
    its lines."""
    settings.SITE_REGION = "US"


CRISIS = "Some days I want to die, honestly."
CALM_WORDS = "It sounds like things may be very hard right now. You can talk to someone today:"


def messages_in_cookie(client) -> list:
    """The one-shot messages kept in the person's own cookie (signed, so decoded here)."""
    cookie = client.cookies.get("messages")
    return CookieStorage(None)._decode(cookie.value) or [] if cookie else []


def asks_for_lines(client) -> bool:
    return any(LINES_TAG in (message.extra_tags or "") for message in messages_in_cookie(client))


def shows_the_panel_at_the_top(response) -> bool:
    html = response.content.decode()
    panel = html.find('<section class="crisis-panel"')
    if panel == -1:
        return False
    assert CALM_WORDS in text_of(response)
    assert "988" in text_of(response)  # the lines of the site's default region, here the US
    assert html.find('id="main"') < panel < html.find("<h1"), "the panel is not at the top"
    return True


def watched_fields():
    """Each free-text field of the wizard: (step, field name)."""
    judged = Barrier.objects.get(slug="fear-of-judgement")
    return [
        ("who", "contact_name"),
        ("how", "contact_detail"),
        ("what", "script"),
        ("support", "partner_name"),
        ("support", f"note_{judged.pk}"),
        ("support", "backup_name"),
    ]


def post_step(client, step: str, data: dict, **extra):
    posted = {**data, **extra}
    if "plan_draft" in client.session:
        posted["draft_id"] = draft_id(client)
    return client.post(f"/plan/new/{step}/", posted)


def test_every_free_text_field_of_the_wizard_brings_the_lines_on_the_next_page(client, content):
    for step, field in watched_fields():
        client = Client()
        walk(client, stop_before=step)
        data = step_data()[step]
        response = post_step(client, step, {**data, field: CRISIS})
        assert response.status_code == 302, (step, field)
        assert shows_the_panel_at_the_top(client.get(response["Location"])), (step, field)
        assert client.session["plan_draft"]["steps"][step][field] == CRISIS  # kept as typed


def test_benign_words_bring_no_panel(client, content):
    for step, field in watched_fields():
        client = Client()
        walk(client, stop_before=step)
        response = post_step(
            client, step, {**step_data()[step], field: "this deadline is killing me"}
        )
        assert not shows_the_panel_at_the_top(client.get(response["Location"])), (step, field)


def test_the_panel_shows_once_and_the_plan_is_saved_with_the_words(client, content):
    data = step_data()
    data["what"]["script"] = "I keep thinking about suicide and I need to tell someone."
    walk(client, data, stop_before="what")
    response = post_step(client, "what", data["what"])
    assert shows_the_panel_at_the_top(client.get(response["Location"]))
    assert not shows_the_panel_at_the_top(client.get(response["Location"]))
    for step in ("when", "support"):
        post_step(client, step, data[step])
    plan_id = draft_id(client)
    assert save(client).status_code == 302
    assert Plan.objects.get(pk=plan_id).script == data["what"]["script"]


def test_the_calendar_title_brings_the_lines_above_the_saved_plan(client, content):
    walk(client)
    response = save(client, event_title="End it all")
    plan = Plan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    page = client.get(response["Location"])
    assert shows_the_panel_at_the_top(page)
    assert "Your plan is saved." in text_of(page)  # the notice is still there, after the panel
    assert plan.event_title == "End it all"


@pytest.mark.parametrize("action", ["done", "done-not-well"])
def test_a_note_on_how_it_went_brings_the_lines_and_is_saved(client, content, alice, action):
    client.force_login(alice)
    plan = make_plan(user=alice)
    assert "A note on how it went" in text_of(client.get(plan.get_absolute_url()))
    response = client.post(f"/plan/{plan.pk}/{action}/", {"outcome_note": "I want to hurt myself"})
    assert response.status_code == 302
    assert shows_the_panel_at_the_top(client.get(response["Location"]))
    plan.refresh_from_db()
    assert plan.outcome_note == "I want to hurt myself"
    assert plan.status == {"done": "done", "done-not-well": "done_not_well"}[action]


def test_a_note_on_another_persons_plan_is_a_404(client, content, alice, bob):
    client.force_login(alice)
    plan = make_plan(user=bob)
    response = client.post(f"/plan/{plan.pk}/done/", {"outcome_note": "I want to hurt myself"})
    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.outcome_note == "" and plan.status == "planned"


def test_a_form_with_an_error_shows_the_lines_and_keeps_the_words(client, content):
    walk(client, stop_before="what")
    too_long = CRISIS + " x" * 1000
    response = post_step(client, "what", {"script": too_long})
    assert response.status_code == 200
    assert response.context["form"].errors["script"]
    assert shows_the_panel_at_the_top(response)
    assert too_long in response.content.decode()


def test_no_panel_on_the_next_page_when_the_script_showed_it_beside_the_field(client, content):
    walk(client, stop_before="what")
    response = post_step(client, "what", {"script": CRISIS}, **{SEEN_FIELD: "1"})
    assert not shows_the_panel_at_the_top(client.get(response["Location"]))


def test_sharing_with_htmx_brings_the_lines_in_the_fragment(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice)
    response = client.post(
        f"/plan/{plan.pk}/share/", {"display_name": "kill myself"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode().strip()
    assert html.startswith('<div id="share-panel"') and "<h1" not in html
    assert CALM_WORDS in text_of(response)
    assert not asks_for_lines(client)  # the fragment showed it: nothing left for later
    # Without htmx, the next page.
    response = client.post(f"/plan/{plan.pk}/share/", {"display_name": "kill myself"})
    page = client.get(response["Location"])
    assert CALM_WORDS in text_of(page)


def test_nothing_about_a_match_is_kept_on_the_server(client, content, caplog):
    """Two people send the same step, one with a crisis phrase: the server keeps the same things
    for both (their words in their draft), logs nothing, and the only trace of the match is the
    one-shot message in the person's own cookie."""
    kept = []
    for script in ("I have been struggling.", "I want to kill myself."):
        person = Client()
        walk(person, stop_before="what")
        with caplog.at_level(logging.DEBUG), CaptureQueriesContext(connection) as queries:
            response = post_step(person, "what", {"script": script})
        writes = [
            q["sql"].split(" ")[:3]
            for q in queries
            if not q["sql"].startswith(("SELECT", "SAVEPOINT", "RELEASE"))
        ]
        session = dict(person.session)
        session["plan_draft"]["steps"]["what"]["script"] = "…"
        session["plan_draft"]["id"] = "…"
        kept.append((writes, session, response["Location"]))
    assert kept[0] == kept[1]
    assert not [r for r in caplog.records if "kill" in r.getMessage().lower()]
    assert asks_for_lines(person)  # on their own device, until the next page shows it
    person.get(response["Location"])
    assert not asks_for_lines(person) and not person.cookies["messages"].value


def test_pages_with_free_text_send_the_phrases_the_panel_and_the_script(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice)
    walk(client)
    for url in (
        "/plan/new/who/",
        "/plan/new/how/",
        "/plan/new/what/",
        "/plan/new/support/",
        "/plan/new/check/",
        plan.get_absolute_url(),
        f"/plan/{plan.pk}/share/",
    ):
        html = client.get(url).content.decode()
        sent = crisis_words_sent(client, html)
        assert (
            sent["phrases"]["match"]
            and 'class="crisis-panel crisis-panel--beside"' in sent["panel"]
        ), url
        assert "js/crisis-words.js" in html, url
        assert "data-crisis-words" in html, url


def test_pages_without_free_text_send_nothing_and_ask_for_no_phrases(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice)
    done = make_plan(user=alice, status="done")  # its page has no note to write
    walk(client, stop_before="when")
    pages = ("/plan/new/when/", f"/plan/{plan.pk}/not-yet/", done.get_absolute_url(), "/plan/", "/")
    for url in (*pages, "/guide/", "/help-now/", "/checklist/"):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        assert "/crisis-words/" not in html and "crisis-words.js" not in html, url
        assert not [q for q in queries if "crisisphrase" in q["sql"]], url


def test_the_privacy_page_says_nothing_records_a_match(client, content):
    text = text_of(client.get("/privacy/"))
    assert "Nothing records that your words matched" in text
    assert "Your browser checks for them as you type, and sends nothing" in text
