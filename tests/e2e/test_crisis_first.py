"""A person in crisis, in Chromium, with JavaScript on and off: after a crisis answer the first
link is a line to call, and the planner from it plans a call to a helpline; the lines are those
of where the person is, from their browser's time zone or language, never the US by default."""

import re

import pytest
from playwright.sync_api import expect

from guides.content_version import content_changed
from guides.models import CrisisResource, Region
from guides.models.base import approved_write
from tests.e2e.conftest import assert_accessible
from tests.e2e.pages import TWO_WEEKS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CRISIS = "I have had thoughts of suicide, or of hurting myself."


def first_link_after_the_heading(page) -> str:
    """Read from the page's HTML, which works with JavaScript off too."""
    after = page.content().split("<main", 1)[1].split("</h1>", 1)[1]
    found = re.search(r'<a [^>]*href="([^"]+)"', after)
    return found.group(1) if found else ""


def first_line(page) -> str:
    found = re.search(r'href="(tel:[^"]+)"', page.content().split("<main", 1)[1])
    return found.group(1) if found else ""


def test_after_a_crisis_answer_the_first_link_is_a_line_and_the_plan_calls_a_helpline(
    javascript_page,
):
    page = javascript_page
    page.goto("/checklist/")
    page.get_by_label(CRISIS).check()
    page.get_by_role("button", name="See what might help").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You don’t have to carry this alone")
    assert first_link_after_the_heading(page) == "tel:988"
    expect(page.get_by_text("Steps still open")).to_have_count(0)
    if page.javascript_enabled:
        assert_accessible(page)

    page.get_by_role("link", name="Plan a call for today").click()
    expect(page).to_have_url(re.compile(r"/plan/new/who/\?result=[0-9a-f-]+&from=crisis$"))
    expect(page.get_by_label("A helpline", exact=True)).to_be_checked()
    panel = page.locator("main .crisis-panel").first
    expect(panel).to_contain_text("You can talk to someone today")
    page.get_by_role("button", name="Continue").click()
    # The next step still has the lines at the top.
    expect(page.get_by_role("heading", level=1)).to_have_text("How will you reach them?")
    expect(page.locator("main > .narrow > .crisis-panel")).to_be_visible()
    if page.javascript_enabled:
        assert_accessible(page)


def new_page(new_context, live_server, **options):
    context = new_context(base_url=live_server.url, **options)
    return context, context.new_page()


def test_a_browser_in_london_sees_samaritans_first_with_javascript(
    new_context, live_server, content
):
    context, page = new_page(new_context, live_server, locale="en-GB", timezone_id="Europe/London")
    page.goto("/help-now/")
    expect(page.get_by_role("heading", name="Lines for United Kingdom")).to_be_visible()
    assert first_line(page) == "tel:116123"
    cookies = {cookie["name"]: cookie["value"] for cookie in context.cookies()}
    assert cookies.get("zone_region") == "UK" and "region" not in cookies
    assert_accessible(page)
    context.close()


def test_a_browser_in_london_sees_samaritans_first_without_javascript(
    new_context, live_server, content
):
    context, page = new_page(
        new_context,
        live_server,
        java_script_enabled=False,
        extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"},
    )
    page.goto("/help-now/")
    expect(page.get_by_role("heading", name="Lines for United Kingdom")).to_be_visible()
    assert first_line(page) == "tel:116123"
    context.close()


def test_the_time_zone_comes_before_the_language(new_context, live_server, content):
    # An American English browser in Dublin: the time zone says Ireland.
    context, page = new_page(new_context, live_server, locale="en-US", timezone_id="Europe/Dublin")
    page.goto("/help-now/")
    expect(page.get_by_role("heading", name="Lines for Ireland")).to_be_visible()
    expect(page.get_by_text("Lines for United States")).to_have_count(0)
    # The person's own choice then wins over the time zone, and stays.
    page.get_by_label("Not there? Choose where you are").select_option("AU")
    page.get_by_role("button", name="Show lines").click()
    expect(page.get_by_role("heading", name="Lines for Australia")).to_be_visible()
    page.goto("/help-now/")
    expect(page.get_by_role("heading", name="Lines for Australia")).to_be_visible()
    context.close()


def test_nobody_is_sent_to_the_us_lines_by_default(new_context, live_server, content, settings):
    settings.SITE_REGION = "INT"  # as shipped: "anywhere else"
    context, page = new_page(
        new_context,
        live_server,
        java_script_enabled=False,
        extra_http_headers={"Accept-Language": "fr"},
    )
    page.goto("/help-now/")
    expect(page.get_by_role("heading", name="Lines for Anywhere else")).to_be_visible()
    expect(page.get_by_role("link", name="Call 988")).to_have_count(0)
    context.close()


@pytest.fixture
def spain_and_mexico(content):
    """Spain's and Mexico's regions, made here whatever content/crisis.yaml holds."""
    with approved_write():  # as a second person's approval writes them
        for code, name, line, phone, emergency in (
            ("ES", "España", "Línea 024 (test)", "024", "112"),
            ("MX", "México", "Línea de la Vida (test)", "800 911 2000", "911"),
        ):
            Region.objects.filter(code=code).delete()
            region = Region.objects.create(code=code, name=name, name_es=name, order=9)
            CrisisResource.objects.create(
                region=region, name=line, phone=phone, language="es", last_checked="2026-12-07"
            )
            CrisisResource.objects.create(
                region=region,
                name="Emergencias",
                phone=emergency,
                is_emergency=True,
                last_checked="2026-12-07",
            )
    content_changed()


SPANISH_SPEAKERS = {
    "spain": ({"locale": "es-ES", "timezone_id": "Europe/Madrid"}, "Líneas para España", "tel:024"),
    # Spanish alone says nothing of the country: the Canary Islands' time zone does.
    "canary-islands": (
        {"locale": "es", "timezone_id": "Atlantic/Canary"},
        "Líneas para España",
        "tel:024",
    ),
    "mexico": (
        {"locale": "es-MX", "timezone_id": "America/Mexico_City"},
        "Líneas para México",
        "tel:8009112000",
    ),
    "mexico-without-javascript": (
        {"java_script_enabled": False, "extra_http_headers": {"Accept-Language": "es-MX"}},
        "Líneas para México",
        "tel:8009112000",
    ),
}


def test_spain_and_mexico_on_the_spanish_help_now(
    new_context, live_server, spain_and_mexico, subtests
):
    """Each browser its own person and subtest (one database for them all)."""
    for name, (options, heading, first) in SPANISH_SPEAKERS.items():
        with subtests.test(name):
            context, page = new_page(new_context, live_server, **options)
            page.goto("/es/help-now/")
            expect(page.get_by_role("heading", name=heading)).to_be_visible()
            assert first_line(page) == first
            context.close()


def test_forget_me_deletes_what_this_browser_saved(javascript_page):
    page = javascript_page
    page.goto("/checklist/")
    page.get_by_label(TWO_WEEKS).check()
    page.get_by_role("button", name="See what might help").click()
    page.goto("/help-now/")
    page.get_by_role("link", name="Forget me on this device").click()
    if page.javascript_enabled:
        assert_accessible(page)
    page.get_by_role("button", name="Yes, forget me").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This device has forgotten your visit"
    )
    assert not [c for c in page.context.cookies() if c["name"] == "sessionid"]
    page.goto("/checklist/history/")
    expect(page.locator(".history__item")).to_have_count(0)
