"""The safety plan in Chromium, JavaScript on and off, in English and Spanish: from a crisis
answer to a finished plan with every step's words and the region's lines in it; another person
gets a 404; it prints on one sheet (and as a wallet card); it is kept on the phone on request and
forgotten on log-out; the share link shows the plan and stops at once when switched off."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from guides.models import SafetyPlan, SafetyPlanShare
from tests.base import PASSWORD
from tests.e2e.conftest import assert_accessible
from tests.e2e.pages import CRISIS, CRISIS_ES
from tests.e2e.test_offline import (
    PHONE,
    kept_in,
    log_in,
    personal_things_kept,
    wait_for_the_worker,
    wait_until,
)
from tests.e2e.test_print import _session_for, expect_only_the_card_in_print, print_to_png

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots" / "safety-plan"

WORDS = {
    "en": {
        "make": "Make a safety plan",
        "start": "Start my safety plan",
        "continue": "Save and continue",
        "finish": "Save my safety plan",
        "skip": "Skip this step",
        "name": "Name",
        "phone": "Phone number",
        "problem": "There is a problem",
        "title": "My safety plan",
        "updated": "Last updated",
        "submit": "See what might help",
        "crisis": CRISIS,
    },
    "es": {
        "make": "Haz tu plan de seguridad",
        "start": "Empezar mi plan de seguridad",
        "continue": "Guardar y seguir",
        "finish": "Guardar mi plan de seguridad",
        "skip": "Saltar este paso",
        "name": "Nombre",
        "phone": "Número de teléfono",
        "problem": "Hay un problema",
        "title": "Mi plan de seguridad",
        "updated": "Última actualización",
        "submit": None,
        "crisis": CRISIS_ES,
    },
}


def _fill(page, text: str) -> None:
    page.locator("textarea").fill(text)


def make_the_plan_from_a_crisis_answer(page, language: str, *, check_a11y: bool) -> None:
    words = WORDS[language]
    prefix = "/es" if language == "es" else ""
    page.goto(f"{prefix}/checklist/")
    page.get_by_label(words["crisis"]).check()
    page.locator("form.checklist-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/checklist/results/"))
    page.locator("main .crisis-panel").get_by_role("link", name=words["make"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["make"])
    page.get_by_role("link", name=words["start"]).click()
    # 1. Warning signs.
    expect(page.locator(".step-count")).to_contain_text("1")
    if check_a11y:
        assert_accessible(page)
    _fill(page, "I stop answering messages.\nI can’t sleep.")
    page.get_by_role("button", name=words["continue"]).click()
    # 2. On my own: skipped.
    page.get_by_role("link", name=words["skip"]).click()
    # 3. People and places.
    _fill(page, "The library, with Leo.")
    page.get_by_role("button", name=words["continue"]).click()
    # 4. People to ask: a bad number first, then a good one; nothing typed is lost.
    page.locator("#id_name_1").fill("Ana")
    page.locator("#id_phone_1").fill("call her")
    page.locator("#id_name_2").fill("Sam")
    page.locator("#id_phone_2").fill("07700 900456")
    page.get_by_role("button", name=words["continue"]).click()
    expect(page.locator(".error-summary")).to_contain_text(words["problem"])
    expect(page.locator("#id_phone_1_error")).to_be_visible()
    expect(page.locator("#id_name_2")).to_have_value("Sam")
    expect(page.locator("#id_phone_1")).to_have_value("call her")
    if check_a11y:
        assert_accessible(page)
    page.locator("#id_phone_1").fill("07700 900123")
    page.get_by_role("button", name=words["continue"]).click()
    # 5. Professionals: the region's lines are already there.
    expect(page.locator(".safety-already")).to_contain_text("988")
    page.locator("#id_name_1").fill("Dr Patel")
    page.locator("#id_phone_1").fill("+1 555 010 0199")
    page.get_by_role("button", name=words["continue"]).click()
    # 6. Making surroundings safer.
    expect(page.locator(".safety-ideas li").first).to_be_visible()
    _fill(page, "Ask Ana to keep my medicines this month.")
    page.get_by_role("button", name=words["continue"]).click()
    # 7. What matters most.
    _fill(page, "My dog Luna.")
    page.get_by_role("button", name=words["finish"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["title"])


def assert_the_finished_plan(page, language: str) -> None:
    words = WORDS[language]
    lines = page.locator(".safety-lines")
    expect(lines.locator('a[href="tel:988"]').first).to_be_visible()
    expect(lines.locator('a[href^="sms:"]').first).to_be_visible()
    expect(lines.locator('a[href="tel:911"]').first).to_be_visible()
    plan = page.locator(".safety-steps")
    for text in ("I stop answering messages.", "I can’t sleep.", "The library, with Leo.",
                 "Ask Ana to keep my medicines this month.", "My dog Luna."):  # fmt: skip
        expect(plan).to_contain_text(text)
    expect(plan.locator('a[href="tel:07700900123"]')).to_contain_text("07700 900123")
    expect(plan.locator('a[href="tel:07700900456"]')).to_be_visible()
    expect(plan.locator('a[href="tel:+15550100199"]')).to_be_visible()
    expect(page.locator(".safety-plan__updated")).to_contain_text(words["updated"])
    # The lines come before the person's own steps.
    assert page.evaluate(
        "document.querySelector('.safety-lines').compareDocumentPosition("
        "document.querySelector('.safety-steps')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_from_a_crisis_answer_to_a_finished_plan(
    new_context, live_server, content, language, javascript
):
    context = new_context(java_script_enabled=javascript, base_url=live_server.url)
    context.add_cookies([{"name": "region", "value": "US", "url": live_server.url}])
    page = context.new_page()
    make_the_plan_from_a_crisis_answer(page, language, check_a11y=javascript)
    assert_the_finished_plan(page, language)
    if javascript:
        assert_accessible(page)
    plan = SafetyPlan.objects.get()
    assert plan.language == language and plan.on_my_own == ""
    assert plan.helpers == [
        {"name": "Ana", "phone": "07700 900123"},
        {"name": "Sam", "phone": "07700 900456"},
    ]
    # The links where the crisis lines are now open the plan.
    prefix = "/es" if language == "es" else ""
    page.goto(f"{prefix}/help-now/")
    page.locator(".safety-plan-link a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WORDS[language]["title"])
    context.close()


def test_another_person_gets_a_404(new_context, live_server, content, alice, bob):
    SafetyPlan.objects.create(user=alice, matters_most="Alice’s words.")
    context = new_context(base_url=live_server.url)
    page = context.new_page()
    log_in(page, bob)
    assert page.goto("/safety-plan/card/").status == 404
    response = page.goto("/safety-plan/")
    assert response.status == 200
    expect(page.get_by_role("link", name="Start my safety plan")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Alice’s words.")
    context.close()


def _plan_for_alice(alice) -> SafetyPlan:
    return SafetyPlan.objects.create(
        user=alice,
        warning_signs=(
            "I stop answering messages.\nI can’t sleep.\nI keep thinking nothing will change."
        ),
        on_my_own="Walk round the block.\nListen to music that calms me.\nA warm shower.",
        people_and_places="The library.\nMy cousin Leo.\nFootball on Saturdays.",
        helpers=[
            {"name": "My sister Ana", "phone": "07700 900123"},
            {"name": "My friend Sam", "phone": "07700 900456"},
            {"name": "Mrs Ortiz next door", "phone": "07700 900789"},
        ],
        professionals=[
            {"name": "Dr Patel, my GP", "phone": "020 7946 0000"},
            {"name": "My counsellor", "phone": "020 7946 0001"},
        ],
        safer="Ask Ana to keep my medicines this month.\nSpend Friday evenings at Leo’s.",
        matters_most="My daughter, and seeing her grow up.\nMy dog Luna.",
        steps_seen=["warning-signs"],
    )


def _as(page, user) -> None:
    page.goto("/")
    page.context.add_cookies([{"name": "sessionid", "value": _session_for(user), "url": page.url}])


def test_the_plan_prints_on_one_sheet_with_the_lines(site_page, alice, subtests):
    """In each language, on each paper: each its own subtest (one database for them all)."""
    _plan_for_alice(alice)
    page = site_page
    _as(page, alice)
    page.context.add_cookies([{"name": "region", "value": "UK", "url": page.url}])
    for language in ["en", "es"]:
        page.emulate_media(media="screen")
        page.goto("/es/safety-plan/" if language == "es" else "/safety-plan/")
        page.emulate_media(media="print")
        for paper in ["A4", "Letter"]:
            with subtests.test(language=language, paper=paper):
                expect_only_the_card_in_print(page)
                # The numbers print: the lines' links are text on paper, not hidden buttons.
                expect(page.locator('.safety-lines a[href="tel:116123"]')).to_be_visible()
                expect(page.locator(".safety-steps")).to_contain_text("My dog Luna.")
                sheets = print_to_png(page, f"safety-plan-{language}-{paper}", paper)
                assert len(sheets) == 1, f"the safety plan takes {len(sheets)} {paper} sheets"


def test_the_wallet_card_prints_on_one_sheet_in_bank_card_panels(site_page, alice):
    _plan_for_alice(alice)
    page = site_page
    _as(page, alice)
    page.goto("/safety-plan/card/")
    page.emulate_media(media="print")
    panels = page.locator(".wallet-card__panel")
    expect(panels.first).to_be_visible()
    box = panels.first.bounding_box()
    # 85 x 54 mm at 96 px to the inch: about 321 x 204 px.
    assert abs(box["width"] - 321) < 3 and abs(box["height"] - 204) < 3, box
    card = page.locator(".wallet-card").bounding_box()
    assert card["width"] < 645 and card["height"] < 820  # 170 x 216 mm at most
    sheets = print_to_png(page, "safety-plan-wallet-card", "A4")
    assert len(sheets) == 1


def test_screenshots_of_the_finished_plan_at_phone_width(
    new_context, live_server, content, alice, subtests
):
    """In the light and the dark theme, each its own subtest (one database for both)."""
    _plan_for_alice(alice)
    for scheme in ["light", "dark"]:
        with subtests.test(scheme=scheme):
            context = new_context(
                base_url=live_server.url,
                viewport={"width": 375, "height": 812},
                color_scheme=scheme,
            )
            page = context.new_page()
            _as(page, alice)
            page.context.add_cookies([{"name": "region", "value": "US", "url": page.url}])
            page.goto("/safety-plan/")
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
            assert_accessible(page)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"plan-375-{scheme}.png", full_page=True)
            context.close()


def test_kept_on_the_phone_and_forgotten_on_log_out(new_context, live_server, content, alice):
    _plan_for_alice(alice)
    context = new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    log_in(page, alice)
    page.goto("/safety-plan/")
    wait_for_the_worker(page)
    page.get_by_role("button", name="Keep it on this phone").click()
    expect(page.locator("[data-keep-plan] [role=status]")).to_have_text(
        "Your safety plan is on this phone. It opens with no signal, from its address."
    )
    assert kept_in(page, "/safety-plan/") == "first-step-personal"
    context.set_offline(True)
    page.goto("/safety-plan/")
    expect(page.locator(".safety-steps")).to_contain_text("My dog Luna.")
    expect(page.locator('.safety-lines a[href="tel:988"]')).to_be_visible()
    context.set_offline(False)
    page.goto("/account/")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/$"))
    assert personal_things_kept(page, "My dog Luna.") == []
    context.close()


def test_deleting_the_plan_forgets_it_on_the_phone(new_context, live_server, content, alice):
    _plan_for_alice(alice)
    context = new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    log_in(page, alice)
    page.goto("/safety-plan/")
    wait_for_the_worker(page)
    page.get_by_role("button", name="Keep it on this phone").click()
    wait_until(page, lambda: kept_in(page, "/safety-plan/") is not None, "kept the plan")
    page.get_by_text("Delete my safety plan", exact=True).click()
    page.get_by_role("button", name="Delete my safety plan for good").click()
    expect(page.get_by_role("link", name="Start my safety plan")).to_be_visible()
    assert personal_things_kept(page, "My dog Luna.") == []
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_the_share_link_shows_the_plan_and_stops_when_switched_off(
    new_context, live_server, content, alice, javascript
):
    _plan_for_alice(alice)
    owner = new_context(java_script_enabled=javascript, base_url=live_server.url)
    page = owner.new_page()
    log_in(page, alice)
    page.goto("/safety-plan/")
    page.get_by_role("link", name="Share it with someone I trust").click()
    page.get_by_role("button", name="Make a link").click()
    url = page.get_by_label("Your link").input_value()
    assert SafetyPlanShare.objects.filter(revoked_at__isnull=True).count() == 1
    friend = new_context(java_script_enabled=javascript, base_url=live_server.url)
    theirs = friend.new_page()
    theirs.goto(url)
    expect(theirs.get_by_role("heading", level=1)).to_have_text("A safety plan shared with you")
    expect(theirs.locator(".safety-steps")).to_contain_text("My dog Luna.")
    expect(theirs.locator("main")).not_to_contain_text(alice.email)
    expect(theirs.locator(".safety-step__change")).to_have_count(0)
    expect(theirs.locator("main form")).to_have_count(0)
    page.get_by_role("button", name="Switch this link off").click()
    expect(page.get_by_role("button", name="Make a link")).to_be_visible()
    assert theirs.goto(url).status == 404
    owner.close()
    friend.close()


def test_log_in_claims_the_plan_made_before(new_context, live_server, content, alice):
    context = new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/safety-plan/matters-most/")
    page.locator("textarea").fill("My dog Luna.")
    page.get_by_role("button", name="Save my safety plan").click()
    page.goto("/accounts/login/?next=/safety-plan/")
    page.get_by_label("E-mail address").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/safety-plan/")
    expect(page.locator(".safety-steps")).to_contain_text("My dog Luna.")
    assert SafetyPlan.objects.get().user == alice
    context.close()


def test_exit_this_page_forgets_the_kept_plan(new_context, live_server, content, alice):
    _plan_for_alice(alice)
    context = new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    log_in(page, alice)
    page.goto("/safety-plan/")
    wait_for_the_worker(page)
    page.get_by_role("button", name="Keep it on this phone").click()
    wait_until(page, lambda: kept_in(page, "/safety-plan/") is not None, "kept the plan")
    site = page.url
    page.get_by_role("link", name="Exit this page").click()
    wait_until(page, lambda: page.url != site, "left the site")
    page.goto("/offline/")
    assert personal_things_kept(page, "My dog Luna.") == []
    context.close()
