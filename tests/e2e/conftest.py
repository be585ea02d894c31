"""Browser tests: Debian's Chromium through Playwright, against the live test server."""

import pytest
from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
_axe = Axe()


def assert_accessible(page) -> None:
    """axe-core finds no WCAG 2.2 A or AA violations on the page as it is now."""
    # Violations only: axe's passes, with every node they looked at, are most of the time spent.
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, options=options)
    violations = results.response["violations"]
    assert not violations, f"{page.url}: " + "; ".join(
        f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes']]})" for v in violations
    )


@pytest.fixture(params=[True, False], ids=["js-on", "js-off"])
def javascript_page(request, browser, live_server, content):
    """A page with JavaScript on, then the same test again with it off."""
    context = browser.new_context(java_script_enabled=request.param, base_url=live_server.url)
    page = context.new_page()
    page.javascript_enabled = request.param
    yield page
    context.close()


@pytest.fixture
def site_page(browser, live_server, content):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()
