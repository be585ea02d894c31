"""Browser tests: Debian's Chromium through Playwright, against the live test server."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from tests.base import CHROMIUM_ARGS, FULL_CHROMIUM_PATH, PASSWORD, make_person

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_SCRIPT = Axe().axe_script  # axe-core, as axe-playwright-python ships it


def settle(page) -> None:
    """Wait until the page's fonts are loaded and two frames are drawn with them: sizes measured
    before that (axe's target size) are those of a fallback font, and differ from run to run."""
    page.evaluate(
        "() => document.fonts.ready.then(() => new Promise("
        "done => requestAnimationFrame(() => requestAnimationFrame(done))))"
    )


# The axe rules whose result depends on colours alone: the dark theme changes nothing else
# (static/css/site.css sets only colour variables for it).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def assert_accessible(page, rules: list[str] | None = None) -> None:
    """axe-core finds no WCAG 2.2 A or AA violations on the page as it is now (of these rules
    only, if given)."""
    # axe-core is half a megabyte of script: put into a document once, however many checks run
    # on it (the page checks run axe in light, then dark).
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    settle(page)
    # Violations only: axe's passes, with every node they looked at, are most of the time spent.
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
    options = {"runOnly": only, "resultTypes": ["violations"]}
    violations = page.evaluate("options => axe.run(options).then(r => r.violations)", options)
    assert not violations, f"{page.url}: " + "; ".join(
        f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes']]})" for v in violations
    )


@pytest.fixture(autouse=True)
def lines_of_the_us_by_default(settings):
    """Chromium's headless shell sends no Accept-Language (a person's browser does), so a person
    who has not chosen would see "anywhere else": the browser tests were written for the US
    lines, the site's default region here (SITE_REGION). The tests of the region rules
    (test_crisis_first.py) give their browsers a language and a time zone, or set it back."""
    settings.SITE_REGION = "US"


# Each person's browser (pytest-playwright's `new_context`, `context` and `page`) asks for less
# motion. The site then scrolls at once instead of smoothly, and Playwright, which waits for an
# element to stop moving before it clicks, does not wait out a smooth scroll at each click: the
# planner's wizard took 4.4 s with motion, 2.7 s without. What the site does with motion allowed
# is checked on every page (test_every_page.py, which sets it for each check).
REDUCED_MOTION = {"reduced_motion": "reduce"}


@pytest.fixture(scope="session")
def browser_context_args():
    """pytest-playwright's, which only adds what its --device, --base-url and --video options
    ask for: the tests use none of them."""
    return REDUCED_MOTION


@pytest.fixture(scope="session")
def full_chromium(playwright):
    """The full Chromium (tests.base.FULL_CHROMIUM_PATH), for what only it does."""
    browser = playwright.chromium.launch(executable_path=FULL_CHROMIUM_PATH, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(params=[True, False], ids=["js-on", "js-off"])
def javascript_page(request, new_context, live_server, content):
    """A page with JavaScript on, then the same test again with it off."""
    context = new_context(java_script_enabled=request.param, base_url=live_server.url)
    page = context.new_page()
    page.javascript_enabled = request.param
    yield page
    context.close()


@pytest.fixture
def site_page(new_context, live_server, content):
    context = new_context(base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


# Permissions given one by one: a browser test's flushed database may have lost the Content
# editors group that a migration made.
EDITOR = [
    f"{action}_{model}"
    for model in ("section", "crisisresource", "proposedchange", "guide", "region")
    for action in ("view", "change")
]


def make_staff(email: str, *codenames: str):
    person = make_person(email, is_staff=True)
    person.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return person


def log_in(page, email: str) -> None:
    page.goto("/admin/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Edit the site")).to_be_visible()


def propose_shouts_new_number(new_context, live_server, reason: str):
    """An editor proposes 85259 as Shout's text number, and an approver logs in: their pages."""
    from guides.models import CrisisResource

    make_staff("editor@example.org", *EDITOR)
    make_staff("approver@example.org", *EDITOR, "approve_crisis_lines")
    line = CrisisResource.objects.get(name="Shout")
    proposer = new_context(base_url=live_server.url).new_page()
    log_in(proposer, "editor@example.org")
    proposer.goto(f"/admin/guides/crisisresource/{line.pk}/change/")
    proposer.get_by_label("Number to text").fill("85259")
    proposer.get_by_label("Why this change").fill(reason)
    proposer.get_by_role("button", name="Save", exact=True).first.click()
    expect(proposer.locator(".messagelist")).to_contain_text("waits for another staff member")
    approver = new_context(base_url=live_server.url).new_page()
    log_in(approver, "approver@example.org")
    return proposer, approver


@pytest.fixture
def editor_page(site_page):
    make_staff("editor@example.org", *EDITOR)
    log_in(site_page, "editor@example.org")
    return site_page
