"""The crisis phrases and the panel shown beside a field, sent as a script of their own that the
browser keeps for good under its digest (guides.views.crisis.crisis_words_script), not inside
every page with free text."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from guides.models import CrisisPhrase
from guides.models.base import approved_write
from guides.services.crisis.phrases import phrases_for
from tests.base import CRISIS_WORDS_SCRIPT, crisis_words_sent, make_plan

pytestmark = pytest.mark.django_db

FOREVER = "public, max-age=31536000, immutable"


def script_named_by(client, url: str = "/plan/new/what/") -> str:
    found = CRISIS_WORDS_SCRIPT.search(client.get(url).content.decode())
    assert found, url
    return found[1]


def test_the_page_names_the_script_and_it_holds_the_phrases_and_the_panel(client, content):
    html = client.get("/plan/new/what/").content.decode()
    assert "crisis-phrases" not in html and "crisis-words-panel" not in html  # not inline
    sent = crisis_words_sent(client, html)
    assert sent["phrases"] == phrases_for("en").for_script()
    assert 'class="crisis-panel crisis-panel--beside"' in sent["panel"]
    assert "It sounds like things may be very hard right now." in sent["panel"]
    assert 'target="_blank"' in sent["panel"]  # nothing typed is lost
    assert 'id="' not in sent["panel"]  # cloned beside each field: no id twice


def test_it_is_kept_for_good_and_asks_for_nothing_of_the_person(client, content):
    address = script_named_by(client)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == FOREVER
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies
    # Made when the page named it: the content version alone is read (tests read it each time).
    assert [q["sql"] for q in queries if "django_cache" not in q["sql"]] == []
    assert client.post(address).status_code == 405


def test_each_language_and_region_has_its_own(client, content):
    english = script_named_by(client)
    spanish = script_named_by(client, "/es/plan/new/what/")
    assert spanish.startswith("/es/crisis-words/") and english.startswith("/crisis-words/")
    es = crisis_words_sent(client, client.get("/es/plan/new/what/").content.decode())
    # Spanish pages check Spanish and the site's English: people mix languages.
    with translation.override("es"):
        assert es["phrases"] == phrases_for("es").for_script()
    assert es["phrases"] != phrases_for("en").for_script()
    assert "Parece que las cosas pueden estar muy difíciles" in es["panel"]

    client.cookies["region"] = "UK"
    uk = script_named_by(client)
    assert uk != english and "/UK/" in uk
    assert (
        "Samaritans"
        in crisis_words_sent(client, client.get("/plan/new/what/").content.decode())["panel"]
    )


def test_a_changed_phrase_gets_a_new_address_and_the_old_one_gets_the_new_phrases(client, content):
    before = script_named_by(client)
    sent_before = crisis_words_sent(client, client.get("/plan/new/what/").content.decode())
    with approved_write():  # as a second person's approval writes it
        CrisisPhrase.objects.create(language="en", kind="match", text="cannot go on like this")
    after = script_named_by(client)
    assert after != before
    sent_after = crisis_words_sent(client, client.get("/plan/new/what/").content.decode())
    assert sent_after["phrases"] == phrases_for("en").for_script() != sent_before["phrases"]
    assert client.get(after)["Cache-Control"] == FOREVER
    # A page kept from before names the old address: it gets today's phrases, asked for again.
    old = client.get(before)
    assert old["Cache-Control"] == "no-cache"
    assert old.content == client.get(after).content


def test_a_signed_in_plan_page_names_the_same_script_as_the_wizard(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice)
    assert script_named_by(client, plan.get_absolute_url()) == script_named_by(client)


def test_an_address_for_a_region_without_lines_or_a_wrong_digest_is_not_kept(client, content):
    for address in ("/crisis-words/XX/0000000000000000.js", "/crisis-words/-/0.js"):
        response = client.get(address)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-cache"
        assert b"self.firstStepCrisisData = " in response.content
