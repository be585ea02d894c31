"""Walk the whole guide in Chromium, as a reader would."""

import re

import pytest
from playwright.sync_api import expect

from guides.models import Section
from tests.e2e.conftest import assert_accessible, settle

# serialized_rollback restores what migrations made (the Content editors group) after each test.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_reader_walks_the_guide_from_first_step_to_last_with_next(javascript_page):
    page = javascript_page
    titles = list(Section.objects.published().order_by("order").values_list("title", flat=True))
    page.goto("/")
    page.get_by_role("link", name="Read the guide").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("link", name="Start at step 1").click()
    for number, title in enumerate(titles, start=1):
        expect(page.locator(".step-count")).to_have_text(f"Step {number} of {len(titles)}")
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        current = page.locator('.step-nav [aria-current="step"]')
        expect(current).to_contain_text(title)
        if page.javascript_enabled:
            assert_accessible(page)
        if number < len(titles):
            page.locator('a[rel="next"]').click()
    expect(page.locator('a[rel="next"]')).to_have_count(0)

    page.goto("/guide/")
    expect(page.locator(".progress-summary")).to_contain_text(
        f"You have read {len(titles)} of {len(titles)} steps."
    )
    page.goto("/")
    expect(page.get_by_role("link", name="Continue where you left off")).to_be_visible()


def test_the_region_picker_works_without_javascript(new_context, live_server, content):
    context = new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/help-now/")
    page.get_by_label("Not there? Choose where you are").select_option("UK")
    page.get_by_role("button", name="Show lines").click()
    expect(page.get_by_role("heading", name="Lines for United Kingdom")).to_be_visible()
    expect(page.get_by_role("link", name="Call 116 123")).to_have_attribute("href", "tel:116123")
    page.goto("/help-now/")
    expect(page.get_by_role("heading", name="Lines for United Kingdom")).to_be_visible()
    context.close()


def test_no_request_leaves_the_site(site_page, live_server):
    requested = []
    site_page.on("request", lambda request: requested.append(request.url))
    for path in ["/", "/guide/", "/guide/introduction/", "/help-now/"]:
        site_page.goto(path)
    assert requested
    outside = [url for url in requested if not url.startswith(live_server.url)]
    assert outside == []
    # The guide does without htmx; the checklist, whose crisis panel it updates, loads it.
    assert not [url for url in requested if "htmx" in url]
    site_page.goto("/checklist/")
    assert any(re.search(r"/static/django_htmx/htmx-2\.min\.js$", url) for url in requested)
    assert [url for url in requested if not url.startswith(live_server.url)] == []


def test_the_accessibility_check_does_catch_a_violation(site_page):
    site_page.goto("/about/")
    site_page.evaluate("document.querySelector('h1').insertAdjacentHTML('afterend', '<img src=x>')")
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(site_page)


# Each link in the step navigation smaller than 24 by 24 px (WCAG 2.2, 2.5.8). Axe lets a smaller
# link pass when nothing else is near, which depends on the layout around it: these links are
# made big enough instead, so that the check cannot pass on one run and fail on the next.
_SMALL_TARGETS = """() => [...document.querySelectorAll(".step-nav a")].flatMap(link => {
  const box = link.getBoundingClientRect();
  return box.width >= 24 && box.height >= 24 ? [] : [
    `${link.textContent.trim().slice(0, 40)}: ${box.width} x ${box.height}`
  ];
})"""


def test_every_link_in_the_step_navigation_is_big_enough_to_tap(site_page, subtests):
    """In each language and font, each its own subtest (one database for them all)."""
    page = site_page
    page.set_viewport_size({"width": 375, "height": 800})
    for path in ["/guide/why-it-matters/", "/es/guide/why-it-matters/"]:
        for font in ["system-ui", "serif", "monospace", "sans-serif"]:
            with subtests.test(path=path, font=font):
                page.goto(path)
                page.evaluate(  # through the CSSOM, which the Content Security Policy allows
                    "font => document.querySelectorAll('*').forEach("
                    "el => el.style.setProperty('font-family', font, 'important'))",
                    font,
                )
                settle(page)
                assert page.locator(".step-nav a").count() > 10
                assert page.evaluate(_SMALL_TARGETS) == []
