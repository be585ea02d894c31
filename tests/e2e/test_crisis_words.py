"""Crisis phrases typed in the planner, in Chromium: with JavaScript the lines appear beside the
field as the person types, and nothing is sent; without it, the next page opens with them. The
plan is saved either way."""

import datetime

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from guides.helpers.phrase_matching import normalise, phrase_lists
from guides.models import CrisisPhrase, Plan
from guides.services.crisis.phrases import phrases_for
from tests.crisis.phrase_corpus import LANGUAGES, SCORE_PROPERTY, Score, corpus
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CRISIS = "Some days I want to die, honestly."
BENIGN = "This deadline is killing me, but I would like to talk."
CALM_WORDS = "It sounds like things may be very hard right now. You can talk to someone today:"


def start_at_the_script(page):
    page.goto("/plan/new/")
    page.get_by_label("A friend or family member").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Text", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    script = page.get_by_label("What will you say?")
    expect(script).not_to_be_empty()
    script.fill("")
    return script


def finish_the_plan(page):
    due = timezone.now().date() + datetime.timedelta(days=4)
    page.get_by_label("Date").fill(due.isoformat())
    page.get_by_label("Your time zone").select_option("Europe/London")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Check my plan").click()
    page.get_by_role("button", name="Save my plan").click()
    expect(page.locator(".plan-card")).to_be_visible()


def test_with_javascript_the_lines_appear_beside_the_script_and_nothing_is_sent(site_page):
    page = site_page
    script = start_at_the_script(page)
    sent = []
    page.on("request", lambda request: sent.append(request.url))
    script.press_sequentially(CRISIS, delay=15)
    panel = page.locator(".crisis-words .crisis-panel")
    expect(panel).to_be_visible()
    assert sent == []  # the check ran in the browser
    expect(panel).to_contain_text(CALM_WORDS)
    expect(panel.get_by_role("link", name="Call 988")).to_be_visible()
    expect(page.locator(".crisis-words")).to_have_attribute("aria-live", "polite")
    expect(script).to_be_focused()  # it never takes the focus
    assert_accessible(page)

    panel.get_by_role("button", name="Hide this").click()
    expect(panel).to_have_count(0)
    expect(script).to_be_focused()
    script.press_sequentially(" Still true.", delay=15)
    page.wait_for_timeout(1000)
    expect(page.locator(".crisis-panel")).to_have_count(0)  # hidden stays hidden
    assert sent == []

    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Date")).to_be_visible()
    expect(page.locator(".crisis-panel")).to_have_count(0)  # already seen beside the field
    finish_the_plan(page)
    assert Plan.objects.get().script == CRISIS + " Still true."


def test_without_javascript_the_next_page_opens_with_the_lines_and_the_plan_is_saved(
    new_context, live_server, content
):
    context = new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    start_at_the_script(page).fill(CRISIS)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Date")).to_be_visible()
    first = page.locator("main > *").first.locator("> *").first
    expect(first).to_have_class("crisis-panel")
    expect(first).to_contain_text(CALM_WORDS)
    expect(first.get_by_role("link", name="Call 988")).to_be_visible()
    finish_the_plan(page)
    expect(page.locator(".crisis-panel")).to_have_count(0)  # once, not on every page after
    assert Plan.objects.get().script == CRISIS
    context.close()


def test_a_benign_sentence_shows_no_panel(javascript_page):
    page = javascript_page
    script = start_at_the_script(page)
    if page.javascript_enabled:
        script.press_sequentially(BENIGN, delay=15)
        page.wait_for_timeout(1000)
        expect(page.locator(".crisis-panel")).to_have_count(0)
    else:
        script.fill(BENIGN)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Date")).to_be_visible()
    expect(page.locator(".crisis-panel")).to_have_count(0)


def test_the_browser_normalises_and_matches_as_the_server_does(site_page):
    page = site_page
    start_at_the_script(page)
    samples = [
        "Kill Myself",
        "ＫＩＬＬ　ｍｙｓｅｌｆ",
        "kill\u00a0myself",
        "😀 kill 😀 myself",
        "skill myself",
        "I don’t want to live",
        "dont-want-to-live",
        "hacerme DAÑO",
        "Quiero morír",
        "Straße ΣΊΣΥΦΟΣ ℌello İstanbul ǰ x\u0301 ﬁne ½ Ⅻ ١٢٣ self_harm",
        "I could kill myself laughing",
        "I could kill myself laughing, but really I want to kill myself",
        "this deadline is killing me",
        "",
        "KMS constructor __proto__ toString",  # SAME_WORDS is a Map in the browser
        "i wanna dieeeee",
        "Iı ŉ 𝚤 don´t ＇ 1001 aaa",
        "i want to just fucking die",
    ]
    in_browser = page.evaluate(
        "samples => samples.map(s => [window.firstStepCrisisWords.normalise(s),"
        " window.firstStepCrisisWords.matches(s)])",
        samples,
    )
    rows = CrisisPhrase.objects.active().filter(language="en")
    english = phrase_lists(rows.values_list("language", "kind", "text"))["en"]
    on_server = [[normalise(s), english.matches(s)] for s in samples]
    assert in_browser == on_server
    # Spanish is checked only on Spanish pages; "self_harm" is the phrase self-harm.
    assert [matched for _, matched in on_server] == [
        True, True, True, True, False, True, True, False, False, True, False, True, False, False,
        True, True, False, True,
    ]  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_browser_answers_the_whole_corpus_as_the_server_does(
    site_page, language, record_property
):
    """The corpus through crisis-words.js in Chromium, on a page in the language (one load, one
    call), and the same answers as Python gives for that page's phrases."""
    page = site_page
    prefix = "" if language == "en" else f"/{language}"
    page.goto(f"{prefix}/plan/new/what/")
    sentences = corpus(language)
    every = sentences["must_match"] + sentences["must_not_match"]
    in_browser = page.evaluate(
        "sentences => sentences.map(s => window.firstStepCrisisWords.matches(s))", every
    )
    with translation.override(language):
        phrases = phrases_for(language)
    on_server = [phrases.matches(sentence) for sentence in every]
    assert in_browser == on_server
    score = Score.of(language, dict(zip(every, in_browser, strict=True)))
    print(score.line("Chromium"))
    record_property(SCORE_PROPERTY, score.line("Chromium"))
    assert score.missed == () and score.false_alarms == ()
