"""'Exit this page' in Chromium: it leaves for a neutral site and Back does not return here."""

import re

import pytest
from playwright.sync_api import expect

from guides.models import SiteSettings
from tests.e2e.conftest import assert_accessible

EXIT_URL = SiteSettings.EXIT_URL_DEFAULTS["en"]

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEUTRAL = "<!doctype html><title>Weather</title><h1>Weather</h1>"


@pytest.fixture
def page(site_page):
    """The site, with the neutral site answered locally: tests never leave the machine."""
    site_page.route(
        re.compile(re.escape(EXIT_URL) + ".*"),
        lambda route: route.fulfill(status=200, content_type="text/html", body=NEUTRAL),
    )
    return site_page


def visit_home_then_checklist(page):
    page.goto("/")
    page.get_by_role("link", name="Checklist", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Do I need help, and how ready am I?")
    page.wait_for_load_state("load")  # site.js has run


def expect_left_and_out_of_history(page):
    expect(page).to_have_url(EXIT_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Weather")
    page.go_back()
    # Back goes to the page before the checklist, never the checklist itself.
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Asking for help is the first step")


def test_the_exit_button_replaces_the_page_in_the_history(page):
    visit_home_then_checklist(page)
    assert_accessible(page)
    page.get_by_role("link", name="Exit this page").click()
    expect_left_and_out_of_history(page)


def test_pressing_shift_three_times_exits_too(page):
    visit_home_then_checklist(page)
    page.keyboard.press("Shift")
    status = page.locator("[data-exit-this-page-status]")
    expect(status).to_have_text("Shift, press 2 more times to exit.")
    page.keyboard.press("Shift")
    expect(status).to_have_text("Shift, press 1 more time to exit.")
    page.keyboard.press("Shift")
    expect_left_and_out_of_history(page)


def test_shift_used_for_capitals_or_shift_tab_does_not_exit(page):
    visit_home_then_checklist(page)
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+KeyA")
    page.wait_for_timeout(300)
    expect(page).to_have_url(re.compile(r"/checklist/$"))


def test_without_javascript_it_is_a_plain_link_to_the_neutral_site(
    new_context, live_server, content
):
    context = new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.route(
        re.compile(re.escape(EXIT_URL) + ".*"),
        lambda route: route.fulfill(status=200, content_type="text/html", body=NEUTRAL),
    )
    page.goto("/checklist/")
    page.get_by_role("link", name="Exit this page").click()
    expect(page).to_have_url(EXIT_URL)
    context.close()


@pytest.mark.parametrize("path", ["/guide/barriers/", "/help-now/"])
def test_a_guide_step_and_help_now_have_it_too(page, path):
    page.goto(path)
    page.wait_for_load_state("load")
    page.get_by_role("link", name="Exit this page").click()
    expect(page).to_have_url(EXIT_URL)
