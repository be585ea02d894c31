"""Every page in pages.PAGES, checked the same way in Chromium.

axe (WCAG 2.2 A and AA) in light and dark, valid HTML (the Nu Html Checker), reflow at 320px,
200% text, reduced motion, visible focus, and screenshots in artifacts/screenshots/ to look at.
"""

from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.checks import (
    background_luminance,
    focus_without_indicator,
    horizontal_overflow,
    html_errors,
    moving_elements,
    overflowing_boxes,
    tab_through_everything,
)
from tests.e2e.conftest import assert_accessible
from tests.e2e.pages import PAGES, SitePage

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls("tests.e2e.urls"),  # adds a URL that fails, to show the 500 page
]

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
every_page = pytest.mark.parametrize("spec", PAGES, ids=[spec.name for spec in PAGES])


@pytest.fixture
def open_page(browser, live_server, content):
    """Open a SitePage in a fresh browser context; the Playwright page and its path."""
    contexts = []

    def open_(spec: SitePage, **options):
        context = browser.new_context(base_url=live_server.url, **options)
        contexts.append(context)
        page = context.new_page()
        return page, spec.open(page)

    yield open_
    for context in contexts:
        context.close()


@every_page
def test_it_has_no_accessibility_violations_in_light_or_dark(open_page, spec):
    page, _ = open_page(spec, color_scheme="light")
    assert background_luminance(page) > 0.8
    assert_accessible(page)
    page.emulate_media(color_scheme="dark")
    assert background_luminance(page) < 0.05, "the dark theme's background is not dark"
    assert_accessible(page)  # includes colour contrast, now on the dark theme
    missing = page.evaluate(
        """() => [...document.querySelectorAll("[aria-describedby], [aria-labelledby]")]
          .flatMap(el => ["aria-describedby", "aria-labelledby"]
            .flatMap(name => (el.getAttribute(name) || "").split(/\\s+/).filter(Boolean))
            .filter(id => !document.getElementById(id)))"""
    )
    assert missing == [], f"aria-describedby/labelledby point at ids that are not there: {missing}"


@every_page
def test_nothing_scrolls_sideways_at_320px_or_is_cut_off_at_200_percent_text(open_page, spec):
    # 320 CSS px is a 1280px screen at 400% zoom (WCAG 1.4.10 Reflow).
    page, _ = open_page(spec, viewport={"width": 320, "height": 640})
    assert horizontal_overflow(page) == 0, "the page scrolls sideways at 320px"
    assert overflowing_boxes(page) == []
    # 200% text alone, on a desktop-wide window (WCAG 1.4.4 Resize text): the browser's own
    # default font size goes from 16px to 32px, as a reader's font setting does, so every rem
    # and em doubles. Nothing may spill out of its box or be clipped.
    page.set_viewport_size({"width": 1280, "height": 800})
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "36px"
    assert horizontal_overflow(page) == 0, "the page scrolls sideways at 200% text"
    assert overflowing_boxes(page) == []


@every_page
def test_it_respects_reduced_motion(open_page, spec):
    page, _ = open_page(spec, reduced_motion="reduce")
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    assert moving_elements(page) == []
    page.emulate_media(reduced_motion="no-preference")
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "smooth"


@every_page
def test_focus_is_visible_on_everything_tab_reaches(open_page, spec):
    page, _ = open_page(spec)
    stops = tab_through_everything(page)
    assert stops, "Tab reaches nothing"
    assert focus_without_indicator(page) == []


@every_page
def test_screenshots_at_phone_and_desktop_width_in_light_and_dark(open_page, spec):
    page, _ = open_page(spec)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in [(375, 812), (1280, 800)]:
        page.set_viewport_size({"width": width, "height": height})
        for scheme in ["light", "dark"]:
            page.emulate_media(color_scheme=scheme)
            path = SCREENSHOTS / f"{spec.name}-{width}-{scheme}.png"
            page.screenshot(path=path, full_page=True, animations="disabled")
            assert path.stat().st_size > 1000


def test_every_page_is_valid_html(open_page):
    """The Nu Html Checker, run once over every page: as served, and as the browser has it."""
    documents = {}
    for spec in PAGES:
        page, path = open_page(spec)
        documents[f"{spec.name}.dom.html"] = page.content()
        if path is not None:
            documents[f"{spec.name}.served.html"] = page.request.get(path).text()
    errors = html_errors(documents)
    assert not errors, "HTML errors:\n" + "\n".join(
        f"{name}:\n  " + "\n  ".join(lines) for name, lines in sorted(errors.items())
    )


def test_the_checks_catch_what_they_look_for(open_page):
    """Each check fails on a page that breaks it, so a pass means something."""
    page, _ = open_page(SitePage("about", "/about/"), reduced_motion="reduce")
    page.evaluate(
        """() => {
          const wide = document.createElement("div");
          wide.textContent = "wide";
          wide.style.width = "2000px";
          const hidden = document.createElement("button");
          hidden.textContent = "no focus style";
          hidden.style.setProperty("outline", "none", "important");
          hidden.style.setProperty("box-shadow", "none", "important");
          hidden.style.setProperty("transition", "opacity 1s", "important");
          document.querySelector("h1").after(wide, hidden);
        }"""
    )
    assert horizontal_overflow(page) > 0
    assert overflowing_boxes(page)
    assert moving_elements(page)
    tab_through_everything(page)
    assert any("no focus style" in element for element in focus_without_indicator(page))
    broken = "<!doctype html><html lang=en><title>x</title><p><div></p></html>"
    assert "broken.html" in html_errors({"broken.html": broken})
