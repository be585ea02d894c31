"""The checklist in Chromium: the crisis route with JavaScript on and off, and the history."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.e2e.pages import TWO_WEEKS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CRISIS = "I have had thoughts of suicide, or of hurting myself."


def test_ticking_the_crisis_statement_shows_the_lines_at_once_with_javascript(site_page):
    page = site_page
    page.goto("/checklist/")
    assert_accessible(page)
    expect(page.locator(".crisis-panel")).to_have_count(0)
    page.get_by_label(CRISIS).check()
    panel = page.locator("#crisis-panel .crisis-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("link", name="Call 988")).to_be_visible()
    expect(panel.get_by_role("link", name="Text 741741")).to_be_visible()
    expect(page.get_by_role("link", name="People you can talk to now")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(CRISIS).uncheck()
    expect(page.locator(".crisis-panel")).to_have_count(0)
    page.get_by_label(CRISIS).check()
    page.get_by_role("button", name="See what might help").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You don’t have to carry this alone")
    first = page.locator("main > .narrow > *").first
    expect(first).to_have_class("crisis-panel")
    assert_accessible(page)


def test_without_javascript_the_crisis_lines_come_first_on_the_result(
    new_context, live_server, content
):
    context = new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/checklist/")
    page.get_by_label(CRISIS).check()
    expect(page.locator(".crisis-panel")).to_have_count(0)  # nothing live without JavaScript
    page.get_by_role("button", name="See what might help").click()
    first = page.locator("main > .narrow > *").first
    expect(first).to_have_class("crisis-panel")
    expect(first.get_by_role("link", name="Call 988")).to_be_visible()
    context.close()


def test_the_history_after_two_submissions(site_page):
    page = site_page
    page.goto("/checklist/")
    page.get_by_label(TWO_WEEKS).check()
    page.get_by_role("button", name="See what might help").click()
    page.goto("/checklist/")
    page.get_by_label("I have admitted to myself that I need support.").check()
    page.get_by_label("I know what I would say.").check()
    page.get_by_role("button", name="See what might help").click()
    page.get_by_role("link", name="See how your answers have changed").click()
    items = page.locator(".history__item")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("2 more readiness steps done.")
    expect(items.nth(0)).to_contain_text("1 fewer sign ticked.")
    expect(items.nth(1)).to_contain_text("Your first answers.")
    assert_accessible(page)
    page.once("dialog", lambda dialog: dialog.accept())
    items.nth(1).get_by_role("button").click()
    expect(items).to_have_count(1)


def test_a_failed_submit_moves_focus_to_the_error_summary(site_page):
    page = site_page
    page.goto("/checklist/")
    page.evaluate(
        "document.querySelector('form.checklist-form')"
        ".insertAdjacentHTML('beforeend', '<input type=hidden name=statements value=99999>')"
    )
    page.get_by_role("button", name="See what might help").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    href = summary.get_by_role("link").first.get_attribute("href")
    assert page.locator(href).count() == 1
    assert_accessible(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_a_person_elsewhere_switches_region_from_the_panel_and_it_is_kept(
    new_context, live_server, content, settings, javascript
):
    settings.SITE_REGION = "US"
    context = new_context(java_script_enabled=javascript, base_url=live_server.url)
    page = context.new_page()
    page.goto("/checklist/")
    page.get_by_label(CRISIS).check()
    page.get_by_label("I keep wondering whether I need support.").check()
    if not javascript:
        page.get_by_role("button", name="See what might help").click()
    panel = page.locator(".crisis-panel")
    expect(panel).to_contain_text("These lines are for United States.")
    panel.get_by_label("Not there? Choose where you are").select_option("UK")
    panel.get_by_role("button", name="Show lines").click()
    expect(panel.get_by_role("link", name="Call 116 123")).to_be_visible()
    expect(panel).to_contain_text("These lines are for United Kingdom.")
    if javascript:  # only the panel changed: the ticks are as the person left them
        expect(page).to_have_url(f"{live_server.url}/checklist/")
        expect(page.get_by_label("I keep wondering whether I need support.")).to_be_checked()
    if javascript:  # axe runs in the page, so only with JavaScript on
        assert_accessible(page)
    page.goto("/help-now/")
    expect(page.get_by_role("heading", name="Lines for United Kingdom")).to_be_visible()
    context.close()
