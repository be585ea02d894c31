"""Every page of the site, for the checks in test_every_page.py: add a page with one line.

A page is a path, or a function that sets the page up in the browser (answers the checklist,
signs in...) and returns the path to check, or None to check the page just as it left it (the
answer to a POST). Setup runs in a fresh browser context for each page.
"""

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.sync_api import Page

CRISIS = "I have had thoughts of suicide, or of hurting myself."
TWO_WEEKS = "It has lasted more than two weeks."
DRINKING = "I have been relying on drinking or other unhealthy ways of coping."
SUBMIT = "See what might help"
CRISIS_ES = "He tenido pensamientos de suicidio, o de hacerme daño."
TWO_WEEKS_ES = "Ha durado más de dos semanas."


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


def answered_in_spanish(*statements: str) -> Callable[[Page], str]:
    """The Spanish checklist answered with these statements ticked; the path of the result."""

    def setup(page: Page) -> str:
        page.goto("/es/checklist/")
        for statement in statements:
            page.get_by_label(statement).check()
        page.locator("form.checklist-form button[type=submit]").click()
        page.wait_for_url("**/es/checklist/results/**")
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


PASSWORD = "a long and memorable passphrase"


def planner_at(step: str) -> Callable[[Page], None]:
    """Walk the planner's wizard up to this step (or to the check page, or save the plan)."""

    def setup(page: Page) -> str | None:
        page.goto("/plan/new/")
        actions = [
            ("how", lambda: page.get_by_label("A friend or family member").check()),
            ("what", lambda: page.get_by_label("Call", exact=True).check()),
            ("when", lambda: None),
            (
                "support",
                lambda: (
                    page.get_by_label("Date").fill(_in_days(5)),
                    page.get_by_label("Your time zone").fill("Europe/London"),
                ),
            ),
            ("check", lambda: page.get_by_label("Cost", exact=True).check()),
        ]
        for next_step, act in actions:
            act()
            page.locator("form.wizard-form button[type=submit]").click()
            if next_step == step:
                return None
        page.get_by_role("button", name="Save my plan").click()
        page.wait_for_url("**/plan/*-*/")
        if step == "card":
            return None
        plan_path = urlsplit(page.url).path
        return {"list": "/plan/", "not-yet": plan_path + "not-yet/", "share": plan_path + "share/"}[
            step
        ]

    return setup


def _in_days(days: int) -> str:
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def planner_with_a_past_date(page: Page) -> None:
    planner_at("when")(page)
    page.get_by_label("Date").fill("2001-01-01")
    page.get_by_label("Your time zone").fill("Europe/London")
    page.locator("form.wizard-form button[type=submit]").click()
    page.wait_for_selector("[data-error-summary]")


def plan_after_its_deadline(page: Page) -> str:
    from django.utils import timezone

    from guides.models import Plan

    planner_at("card")(page)
    path = urlsplit(page.url).path
    Plan.objects.update(due_at=timezone.now() - datetime.timedelta(hours=2))
    return path


def plan_that_went_badly(page: Page) -> None:
    """They reached out and it did not go well: the plan offers the backup and the lines."""
    planner_at("card")(page)
    page.get_by_role("button", name="I did it, but it didn’t go well").click()
    page.locator(".not-well").wait_for()


def shared_plan(page: Page) -> str:
    page.goto(planner_at("share")(page))
    page.get_by_label("Your first name, as your partner will see it").fill("Ana")
    page.get_by_role("button", name="Make a link").click()
    page.locator("#share-url").wait_for()
    return urlsplit(page.locator("#share-url").input_value()).path


CRISIS_WORDS = "Some days I want to die."


def planner_with_crisis_words_typed(page: Page) -> None:
    """Crisis words typed in the script: the lines beside it, shown by the browser alone."""
    planner_at("what")(page)
    page.get_by_label("What will you say?").fill("")
    page.get_by_label("What will you say?").press_sequentially(CRISIS_WORDS)
    page.locator(".crisis-words .crisis-panel").wait_for()


def planner_after_crisis_words_sent(page: Page) -> None:
    """Crisis words sent before the browser checked them (as without JavaScript): the next page
    opens with the lines."""
    planner_at("what")(page)
    page.get_by_label("What will you say?").evaluate(
        "(field, words) => field.value = words", CRISIS_WORDS
    )
    page.locator("form.wizard-form button[type=submit]").click()
    page.locator("main > .narrow > .crisis-panel").wait_for()


def sign_up_in_browser(page: Page, email: str) -> None:
    """Sign up, open the link from the e-mail, and log in, as a person would."""
    import re

    from django.core import mail

    page.goto("/accounts/signup/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/accounts/signup/sent/")
    link = re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.wait_for_url("**/accounts/login/?next=*")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/account/")


def signed_up(then: str) -> Callable[[Page], str]:
    def setup(page: Page) -> str:
        sign_up_in_browser(page, f"page-check-{uuid.uuid4().hex[:8]}@example.org")
        return then

    return setup


def signup_with_errors(page: Page) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("E-mail address").fill("not an address")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_selector("[data-error-summary]")


PAGES = [
    SitePage("home", "/"),
    SitePage("guide", "/guide/"),
    SitePage("guide-section", "/guide/why-it-matters/"),
    SitePage("help-now", "/help-now/"),
    SitePage("help-now-unknown-region", "/help-now/?region=XX"),
    SitePage("help-now-uk", "/help-now/?region=UK"),
    SitePage("about", "/about/"),
    SitePage("privacy", "/privacy/"),
    SitePage("offline", "/offline/"),
    SitePage("offline-es", "/es/offline/"),
    SitePage("checklist", "/checklist/"),
    SitePage("checklist-crisis-live", checklist_with_the_crisis_statement_ticked),
    SitePage("checklist-error", checklist_with_an_error),
    SitePage("checklist-result", answered(TWO_WEEKS, "I know what I would say.")),
    SitePage("checklist-result-crisis", answered(CRISIS, "I have looked at my options.")),
    SitePage("checklist-result-drinking", answered(DRINKING)),
    SitePage("checklist-history-empty", "/checklist/history/"),
    SitePage("checklist-history", history_with_two_results),
    SitePage("not-found", "/no-such-page/", status=404),
    SitePage("server-error", "/test/server-error/", status=500),
    SitePage("plan-who", "/plan/new/who/"),
    SitePage("plan-how", planner_at("how")),
    SitePage("plan-what", planner_at("what")),
    SitePage("plan-crisis-words-typed", planner_with_crisis_words_typed),
    SitePage("plan-crisis-words-sent", planner_after_crisis_words_sent),
    SitePage("plan-when", planner_at("when")),
    SitePage("plan-when-error", planner_with_a_past_date),
    SitePage("plan-support", planner_at("support")),
    SitePage("plan-check", planner_at("check")),
    SitePage("plan-card", planner_at("card")),
    SitePage("plan-follow-up", plan_after_its_deadline),
    SitePage("plan-not-well", plan_that_went_badly),
    SitePage("plan-list", planner_at("list")),
    SitePage("plan-list-empty", "/plan/"),
    SitePage("plan-not-yet", planner_at("not-yet")),
    SitePage("plan-share", planner_at("share")),
    SitePage("plan-shared-view", shared_plan),
    SitePage("login", "/accounts/login/"),
    SitePage("signup", "/accounts/signup/"),
    SitePage("signup-error", signup_with_errors),
    SitePage("signup-sent", "/accounts/signup/sent/"),
    SitePage("password-reset", "/accounts/password_reset/"),
    SitePage("password-reset-done", "/accounts/password_reset/done/"),
    SitePage("account", signed_up("/account/")),
    SitePage("account-delete", signed_up("/account/delete/")),
    SitePage("password-change", signed_up("/accounts/password_change/")),
    # The same pages in Spanish.
    SitePage("es-home", "/es/"),
    SitePage("es-guide", "/es/guide/"),
    SitePage("es-guide-section", "/es/guide/why-it-matters/"),
    SitePage("es-help-now", "/es/help-now/"),
    SitePage("es-help-now-uk", "/es/help-now/?region=UK"),
    SitePage("es-about", "/es/about/"),
    SitePage("es-privacy", "/es/privacy/"),
    SitePage("es-checklist", "/es/checklist/"),
    SitePage("es-checklist-result-crisis", answered_in_spanish(CRISIS_ES, TWO_WEEKS_ES)),
    SitePage("es-not-found", "/es/no-such-page/", status=404),
    SitePage("es-plan-who", "/es/plan/new/who/"),
    SitePage("es-plan-list-empty", "/es/plan/"),
    SitePage("es-login", "/es/accounts/login/"),
    SitePage("es-signup", "/es/accounts/signup/"),
]
