"""Every page of the site, for the checks in test_every_page.py: add a page with one line.

A page is a path, or a function that sets the page up in the browser (answers the checklist,
signs in...) and returns the path to check, or None to check the page just as it left it (the
answer to a POST). Setup runs in a fresh browser context for each page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.sync_api import Page

CRISIS = "I have had thoughts of harming myself."
TWO_WEEKS = "It has lasted more than two weeks."
SUBMIT = "See what might help"


@dataclass(frozen=True)
class SitePage:
    name: str
    path: str | Callable[[Page], str | None]
    status: int = 200

    def open(self, page: Page) -> str | None:
        """Set the page up and open it (checking its status); its path, or None if not a GET."""
        path = self.path(page) if callable(self.path) else self.path
        if path is None:
            return None
        response = page.goto(path)
        assert response is not None and response.status == self.status, (
            f"{self.name}: {path} answered {response and response.status}, not {self.status}"
        )
        return path


def answered(*statements: str) -> Callable[[Page], str]:
    """Answer the checklist with these statements ticked; the path of the result."""

    def setup(page: Page) -> str:
        page.goto("/checklist/")
        for statement in statements:
            page.get_by_label(statement).check()
        page.get_by_role("button", name=SUBMIT).click()
        page.wait_for_url("**/checklist/results/**")
        return urlsplit(page.url).path

    return setup


def history_with_two_results(page: Page) -> str:
    answered(TWO_WEEKS)(page)
    answered("I have admitted to myself that I need support.", "I know what I would say.")(page)
    return "/checklist/history/"


def checklist_with_the_crisis_statement_ticked(page: Page) -> None:
    """The crisis lines shown live (htmx) as the crisis statement is ticked, before sending."""
    page.goto("/checklist/")
    page.get_by_label(CRISIS).check()
    page.locator("#crisis-panel .crisis-panel").wait_for()


def checklist_with_an_error(page: Page) -> None:
    """A failed submit: a tampered answer that the form turns down."""
    page.goto("/checklist/")
    page.evaluate(
        "document.querySelector('form.checklist-form')"
        ".insertAdjacentHTML('beforeend', '<input type=hidden name=statements value=99999>')"
    )
    page.get_by_role("button", name=SUBMIT).click()
    page.wait_for_selector("[data-error-summary]")


PAGES = [
    SitePage("home", "/"),
    SitePage("guide", "/guide/"),
    SitePage("guide-section", "/guide/why-it-matters/"),
    SitePage("help-now", "/help-now/"),
    SitePage("help-now-unknown-region", "/help-now/?region=XX"),
    SitePage("about", "/about/"),
    SitePage("privacy", "/privacy/"),
    SitePage("checklist", "/checklist/"),
    SitePage("checklist-crisis-live", checklist_with_the_crisis_statement_ticked),
    SitePage("checklist-error", checklist_with_an_error),
    SitePage("checklist-result", answered(TWO_WEEKS, "I know what I would say.")),
    SitePage("checklist-result-crisis", answered(CRISIS, "I have looked at my options.")),
    SitePage("checklist-history-empty", "/checklist/history/"),
    SitePage("checklist-history", history_with_two_results),
    SitePage("not-found", "/no-such-page/", status=404),
    SitePage("server-error", "/test/server-error/", status=500),
]
