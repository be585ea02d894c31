"""Every page in pages.PAGES, checked the same way in Chromium.

Visible focus, reduced motion, axe (WCAG 2.2 A and AA) in light and dark, reflow at 320px and
200% text, screenshots at phone and desktop width that show the page's heading in the right
theme (`make screenshots` keeps them, whole, in artifacts/screenshots/ to look at), and valid
HTML (the Nu Html Checker).

Each page is opened once (per process: make test's pytest-xdist keeps a class in one), by a
person of its own (no cookies from the page before), and every check runs on that visit
(`visit`): setting a page up (answering the checklist, a plan, an account) costs more than
checking it. The pages of a class share one fresh database, as different people share the site,
and one browser tab. Each check is still its own test, `test_<check>[<page>]`, which passes or
fails with its own result; a failure names the page and the check (a page that could not be set
up fails each of its checks, with why). Each check starts from the same state (a 1280x720 window,
light, motion allowed, the default font size, nothing focused).
"""

import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from tests.e2e.checks import (
    background_luminance,
    focus_without_indicator,
    horizontal_overflow,
    html_errors,
    moving_elements,
    overflowing_boxes,
    tab_through_everything,
)
from tests.e2e.conftest import COLOUR_RULES, assert_accessible
from tests.e2e.pages import PAGES, SitePage, Visitor

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.urls("tests.e2e.urls"),  # adds a URL that fails, to show the 500 page
]

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
# make screenshots: every page, whole, in artifacts/screenshots/ (the check needs the heading's).
WHOLE_PAGES = bool(os.environ.get("SCREENSHOTS_OF_WHOLE_PAGES"))
DEFAULT_FONT_SIZES = {"standard": 16, "fixed": 13}


def start_afresh(page) -> None:
    """The state each check starts from, whatever the check before it did."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.emulate_media(color_scheme="light", reduced_motion="no-preference")
    # At once: the site scrolls smoothly, and the browser would wait for that.
    page.evaluate(
        "document.activeElement && document.activeElement.blur();"
        "scrollTo({top: 0, left: 0, behavior: 'instant'})"
    )


def focus_is_visible(page, spec: SitePage) -> None:
    stops = tab_through_everything(page)
    assert stops, "Tab reaches nothing"
    assert focus_without_indicator(page) == []


def reduced_motion_is_respected(page, spec: SitePage) -> None:
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    assert moving_elements(page) == []
    page.emulate_media(reduced_motion="no-preference")
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "smooth"


def accessible_in_light_and_dark(page, spec: SitePage) -> None:
    assert background_luminance(page) > 0.8
    assert_accessible(page)
    page.emulate_media(color_scheme="dark")
    assert background_luminance(page) < 0.05, "the dark theme's background is not dark"
    # The dark theme changes colours only: axe's colour rules, with every rule run in light.
    assert_accessible(page, rules=COLOUR_RULES)
    missing = page.evaluate(
        """() => [...document.querySelectorAll("[aria-describedby], [aria-labelledby]")]
          .flatMap(el => ["aria-describedby", "aria-labelledby"]
            .flatMap(name => (el.getAttribute(name) || "").split(/\\s+/).filter(Boolean))
            .filter(id => !document.getElementById(id)))"""
    )
    assert missing == [], f"aria-describedby/labelledby point at ids that are not there: {missing}"


def reflows_at_320px_and_200_percent_text(page, spec: SitePage) -> None:
    # 320 CSS px is a 1280px screen at 400% zoom (WCAG 1.4.10 Reflow).
    page.set_viewport_size({"width": 320, "height": 640})
    assert horizontal_overflow(page) == 0, "the page scrolls sideways at 320px"
    assert overflowing_boxes(page) == []
    # 200% text alone, on a desktop-wide window (WCAG 1.4.4 Resize text): the browser's own
    # default font size goes from 16px to 32px, as a reader's font setting does, so every rem
    # and em doubles. Nothing may spill out of its box or be clipped.
    page.set_viewport_size({"width": 1280, "height": 800})
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    try:
        assert page.evaluate("getComputedStyle(document.body).fontSize") == "36px"
        assert horizontal_overflow(page) == 0, "the page scrolls sideways at 200% text"
        assert overflowing_boxes(page) == []
    finally:
        cdp.send("Page.setFontSizes", {"fontSizes": DEFAULT_FONT_SIZES})
        cdp.detach()


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def heading_as_drawn(png: bytes) -> tuple[float, float]:
    """A screenshot of the heading: its background's luminance (the commonest colour) and the
    contrast of its darkest and lightest pixels, as a person sees the words on it."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=image.width * image.height)
    background = max(colours)[1]
    shades = sorted(luminance(colour) for _, colour in colours)
    return luminance(background), (shades[-1] + 0.05) / (shades[0] + 0.05)


# The width changes the layout only and the theme the colours only (static/css/site.css), so a
# phone in the light theme and a desktop in the dark one see every layout and every colour.
# `make screenshots` keeps all four, whole, to look at.
PHONE, DESKTOP = (375, 812), (1280, 800)
SCREENS = [(*PHONE, "light"), (*DESKTOP, "dark")]
EVERY_SCREEN = [(*size, scheme) for size in (PHONE, DESKTOP) for scheme in ("light", "dark")]


def screenshots_show_the_first_heading_in_each_theme(page, spec: SitePage) -> None:
    """At phone and desktop width, light and dark: nothing scrolls sideways, and the page's
    first heading (its title, or the crisis lines that come before it) is on the first screen,
    drawn in words that stand out from their background, which is the theme's. The image
    measured is the heading's own; `make screenshots` keeps whole pages to look at."""
    for width, height, scheme in EVERY_SCREEN if WHOLE_PAGES else SCREENS:
        page.set_viewport_size({"width": width, "height": height})
        page.emulate_media(color_scheme=scheme)
        where = f"at {width}px, {scheme}"
        if WHOLE_PAGES:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            path = SCREENSHOTS / f"{spec.name}-{width}-{scheme}.png"
            page.screenshot(path=path, full_page=True, animations="disabled")
        assert horizontal_overflow(page) == 0, f"{where}: the page scrolls sideways"
        heading = page.locator("main :is(h1, h2)").first
        box = heading.bounding_box()
        assert box and box["width"] > 0, f"{where}: no heading to see"
        assert box["y"] + box["height"] <= height, f"{where}: the heading is below the fold"
        background, contrast = heading_as_drawn(page.screenshot(clip=box, animations="disabled"))
        if scheme == "light":
            assert background > 0.8, f"{where}: the heading is not on a light background"
        else:
            assert background < 0.05, f"{where}: the heading is not on a dark background"
        assert contrast >= 3, f"{where}: the heading's words barely stand out ({contrast:.1f})"


CHECKS: dict[str, Callable] = {
    # Focus first: Tab starts from where focus was, so it runs before anything moves focus.
    "focus": focus_is_visible,
    "reduced-motion": reduced_motion_is_respected,
    "accessibility": accessible_in_light_and_dark,
    "reflow": reflows_at_320px_and_200_percent_text,
    "screenshots": screenshots_show_the_first_heading_in_each_theme,
}


@dataclass
class Visit:
    """A page as the checks found it: each check's error (None if it passed), and its HTML."""

    errors: dict[str, BaseException | None] = field(default_factory=dict)
    documents: dict[str, str] = field(default_factory=dict)

    def check(self, spec: SitePage, name: str) -> None:
        error = self.errors[name]
        if error is not None:
            raise AssertionError(f"{spec.name}, {name}: {error}") from error


_visits: dict[str, Visit] = {}


def _pages_still_to_visit(request, first: SitePage) -> list[SitePage]:
    """This page, then every other page of this class that a test selected in this run (-k)
    will check, and that this process has not visited yet."""
    wanted = [first]
    for item in request.session.items:
        spec = getattr(item, "callspec", None) and item.callspec.params.get("spec")
        if item.cls is request.cls and spec and spec not in wanted and spec.name not in _visits:
            wanted.append(spec)
    return wanted


def _visit_one(page, site_url: str, spec: SitePage) -> Visit:
    """Open the page as a new person (no cookies, so a session of their own) and check it."""
    found = Visit()
    page.context.clear_cookies()
    # Set up with less motion, as every browser test's person is (REDUCED_MOTION in conftest.py);
    # each check then starts with motion allowed (start_afresh).
    page.emulate_media(reduced_motion="reduce")
    try:
        path = spec.open(Visitor(page, site_url))
    except Exception as error:  # each of the page's checks fails, with this
        found.errors = dict.fromkeys(CHECKS, error)
        return found
    found.documents[f"{spec.name}.dom.html"] = page.content()
    if path is not None:
        found.documents[f"{spec.name}.served.html"] = page.request.get(path).text()
    for name, check in CHECKS.items():
        start_afresh(page)
        try:
            check(page, spec)
            found.errors[name] = None
        except Exception as error:
            found.errors[name] = error
    return found


@pytest.fixture
def visit(request, browser):
    """The Visit of a SitePage, made the first time a test in this process asks for it.

    The first test that asks visits every page its class will check, on one fresh database
    with the content: each page is a person of its own (a session), so the pages need no
    database each, which would cost more than checking them.
    """

    def visit_(spec: SitePage) -> Visit:
        if spec.name not in _visits:
            request.node.add_marker(
                pytest.mark.django_db(transaction=True, serialized_rollback=True)
            )
            request.getfixturevalue("content")
            site_url = request.getfixturevalue("live_server").url
            # One tab for them all, which keeps the browser's work (axe compiled, the static
            # files) from page to page. Nothing else carries over: the cookies go before each,
            # the site keeps nothing in the browser's storage, and no service worker is let in
            # to serve a later page (tests/e2e/test_offline.py has the service worker's tests).
            context = browser.new_context(base_url=site_url, service_workers="block")
            try:
                page = context.new_page()
                for each in _pages_still_to_visit(request, spec):
                    _visits[each.name] = _visit_one(page, site_url, each)
            finally:
                context.close()
        return _visits[spec.name]

    return visit_


class EveryPage:
    """The checks of each page in `pages` (pytest_generate_tests below gives `spec`)."""

    pages: list[SitePage]

    def test_focus_is_visible_on_everything_tab_reaches(self, visit, spec):
        visit(spec).check(spec, "focus")

    def test_it_respects_reduced_motion(self, visit, spec):
        visit(spec).check(spec, "reduced-motion")

    def test_it_has_no_accessibility_violations_in_light_or_dark(self, visit, spec):
        visit(spec).check(spec, "accessibility")

    def test_nothing_scrolls_sideways_at_320px_or_is_cut_off_at_200_percent_text(self, visit, spec):
        visit(spec).check(spec, "reflow")

    def test_screenshots_at_phone_and_desktop_width_show_the_first_heading_in_light_and_dark(
        self, visit, spec
    ):
        visit(spec).check(spec, "screenshots")

    def test_every_page_is_valid_html(self, visit):
        """The Nu Html Checker, run once over these pages: as served, and as the browser has it."""
        documents = {}
        for spec in self.pages:
            documents.update(visit(spec).documents)
        errors = html_errors(documents)
        assert not errors, "HTML errors:\n" + "\n".join(
            f"{name}:\n  " + "\n  ".join(lines) for name, lines in sorted(errors.items())
        )


# The pages in two halves, every other one, so that pytest-xdist (--dist loadscope: a class is a
# scope) can give each half to its own process and visit them side by side.
class TestOneHalfOfThePages(EveryPage):
    pages = PAGES[0::2]


class TestTheOtherHalfOfThePages(EveryPage):
    pages = PAGES[1::2]


def pytest_generate_tests(metafunc):
    if "spec" in metafunc.fixturenames and metafunc.cls is not None:
        pages = metafunc.cls.pages
        metafunc.parametrize("spec", pages, ids=[spec.name for spec in pages])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_checks_catch_what_they_look_for(site_page):
    """Each check fails on a page that breaks it, so a pass means something."""
    page = site_page
    page.goto("/about/")
    page.emulate_media(reduced_motion="reduce")
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
    # The dark theme's pass, axe's colour rules only, finds words too dark to read on it.
    page.emulate_media(color_scheme="dark")
    assert_accessible(page, rules=COLOUR_RULES)
    page.evaluate("document.querySelector('main p').style.color = '#1a2124'")
    with pytest.raises(AssertionError, match="color-contrast"):
        assert_accessible(page, rules=COLOUR_RULES)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_screenshot_check_catches_a_heading_nobody_can_see(site_page):
    """A heading in its background's colour, or pushed below the first screen, fails."""
    page = site_page
    page.goto("/about/")
    spec = SitePage("about", "/about/")
    page.evaluate(
        "document.querySelector('h1').style.color = getComputedStyle(document.body).backgroundColor"
    )
    with pytest.raises(AssertionError, match="barely stand out"):
        screenshots_show_the_first_heading_in_each_theme(page, spec)
    page.evaluate("""() => { const h1 = document.querySelector('h1'); h1.style.color = '';
                     h1.style.marginTop = '2000px'; }""")
    with pytest.raises(AssertionError, match="below the fold"):
        screenshots_show_the_first_heading_in_each_theme(page, spec)
