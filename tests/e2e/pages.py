"""Every page of the site, for the checks in test_every_page.py: add a page with one line.

A page is a path, or a function that sets the page up and returns the path to check, or None to
check the page just as the browser left it. A setup acts as one person (`Visitor`): what only a
browser can do (typing that JavaScript answers, a live preview) happens in the browser; answers,
plans and accounts that a page only shows are sent by a test client through the same views and
forms, which is quicker than clicking through them, and the browser then takes the client's
session. Each page starts with no cookies, and so is a person of its own.
"""

import datetime
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.db.models import Q
from django.test import Client
from django.urls import resolve
from playwright.sync_api import Page

from tests.base import PASSWORD, make_person

CRISIS = "I have had thoughts of suicide, or of hurting myself."
TWO_WEEKS = "Feeling this way has lasted more than two weeks."
DRINKING = "I have been relying on drinking or other unhealthy ways of coping."
SUBMIT = "See what might help"
CRISIS_ES = "He tenido pensamientos de suicidio, o de hacerme daño."
TWO_WEEKS_ES = "Me he sentido así por más de dos semanas."


@dataclass
class Visitor:
    """One person: a browser page, and a test client acting for them with the same session."""

    page: Page
    site_url: str
    client: Client = field(default_factory=Client)

    def send(self, path: str, data: dict) -> str:
        """Send a form as the browser would; the path the site sent the person on to."""
        response = self.client.post(path, data)
        assert response.status_code == 302, f"{path} answered {response.status_code}"
        return urlsplit(response["Location"]).path

    def in_the_browser(self, path: str) -> str:
        """Give the browser the client's cookies (its session and its messages); the path."""
        self.page.context.add_cookies(
            [
                {"name": name, "value": cookie.value, "url": self.site_url}
                for name, cookie in self.client.cookies.items()
                if cookie.value
            ]
        )
        return path


@dataclass(frozen=True)
class SitePage:
    name: str
    path: str | Callable[[Visitor], str | None]
    status: int = 200

    def open(self, visitor: Visitor) -> str | None:
        """Set the page up and open it (checking its status); its path, or None if not a GET."""
        path = self.path(visitor) if callable(self.path) else self.path
        if path is None:
            return None
        response = visitor.page.goto(path)
        assert response is not None and response.status == self.status, (
            f"{self.name}: {path} answered {response and response.status}, not {self.status}"
        )
        return path


def _statement_ids(*texts: str) -> list[str]:
    from guides.models import Statement

    ids = [str(Statement.objects.get(Q(text_en=text) | Q(text_es=text)).pk) for text in texts]
    assert len(ids) == len(texts)
    return ids


def answered(*statements: str, language: str = "") -> Callable[[Visitor], str]:
    """The checklist answered with these statements ticked; the path of the result."""

    def setup(visitor: Visitor) -> str:
        prefix = f"/{language}" if language else ""
        result = visitor.send(f"{prefix}/checklist/", {"statements": _statement_ids(*statements)})
        return visitor.in_the_browser(result)

    return setup


def history_with_two_results(visitor: Visitor) -> str:
    answered(TWO_WEEKS)(visitor)
    answered("I have admitted to myself that I need support.", "I know what I would say.")(visitor)
    return visitor.in_the_browser("/checklist/history/")


def checklist_with_the_crisis_statement_ticked(visitor: Visitor) -> None:
    """The crisis lines shown live (htmx) as the crisis statement is ticked, before sending."""
    page = visitor.page
    page.goto("/checklist/")
    page.get_by_label(CRISIS).check()
    page.locator("#crisis-panel .crisis-panel").wait_for()


def checklist_with_an_error(visitor: Visitor) -> None:
    """A failed submit: a tampered answer that the form turns down."""
    page = visitor.page
    page.goto("/checklist/")
    page.evaluate(
        "document.querySelector('form.checklist-form')"
        ".insertAdjacentHTML('beforeend', '<input type=hidden name=statements value=99999>')"
    )
    page.get_by_role("button", name=SUBMIT).click()
    page.wait_for_selector("[data-error-summary]")


def _wizard_answers() -> dict[str, dict]:
    """Each step's answers: a friend, by phone, in five days, with cost in the way."""
    from guides.models import Barrier, ContactKind, ContactMethod

    return {
        "who": {"contact_kind": ContactKind.objects.get(name_en="A friend or family member").pk},
        "how": {"contact_method": ContactMethod.objects.get(name_en="Call").pk},
        "what": {"script": "I have been finding things hard. Could we talk this week?"},
        "when": {"due_date": _in_days(5), "due_time": "", "time_zone": "Europe/London"},
        "support": {"barriers": [Barrier.objects.get(name_en="Cost").pk]},
    }


def _wizard(visitor: Visitor, up_to: str) -> str:
    """The planner's wizard answered up to this step, or "check" for all of them; its path."""
    path = "/plan/new/who/"
    for step, answers in _wizard_answers().items():
        if step == up_to:
            break
        path = visitor.send(path, answers)
    return path


def planner_at(step: str) -> Callable[[Visitor], str]:
    """The planner's wizard answered up to this step, or to the check page."""
    return lambda visitor: visitor.in_the_browser(_wizard(visitor, step))


def planner_from_the_crisis_lines_at(step: str) -> Callable[[Visitor], str]:
    """A plan to call a crisis line, started from the crisis lines, up to this step."""

    def setup(visitor: Visitor) -> str:
        from guides.models import ContactKind

        answers = _wizard_answers()
        helpline = ContactKind.objects.get(slug="helpline").pk
        answers["who"] = {"contact_kind": helpline, "from": "crisis"}
        path = "/plan/new/who/"
        for name, data in answers.items():
            if name == step:
                break
            path = visitor.send(path, data)
        return visitor.in_the_browser(path)

    return setup


def _saved_plan(visitor: Visitor) -> str:
    """A plan made through the wizard and saved; its path."""
    check = _wizard(visitor, "check")
    draft_id = visitor.client.session["plan_draft"]["id"]
    return visitor.send(check, {"draft_id": draft_id, "event_title": "Reach out"})


def plan_just_saved(visitor: Visitor) -> str:
    """The plan's card, as saving it leads to it (with "Your plan is saved")."""
    return visitor.in_the_browser(_saved_plan(visitor))


def _seen_plan(visitor: Visitor) -> str:
    """A saved plan whose card the person has seen, and its message with it; its path."""
    plan_path = _saved_plan(visitor)
    visitor.client.get(plan_path)
    return plan_path


def _plan_id(plan_path: str):
    return resolve(plan_path).kwargs["plan_id"]


def saved_plan_then(then: str) -> Callable[[Visitor], str]:
    """A page the person opens once they have seen their saved plan: a path from the plan's
    ("" for its card, "share/"), or from the site's root ("/plan/")."""
    return lambda visitor: visitor.in_the_browser(urljoin(_seen_plan(visitor), then))


def _in_days(days: int) -> str:
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def planner_with_a_past_date(visitor: Visitor) -> None:
    page = visitor.page
    page.goto(planner_at("when")(visitor))
    page.get_by_label("Date").fill("2001-01-01")
    page.get_by_label("Your time zone").select_option("Europe/London")
    page.locator("form.wizard-form button[type=submit]").click()
    page.wait_for_selector("[data-error-summary]")


def plan_after_its_deadline(visitor: Visitor) -> str:
    from django.utils import timezone

    from guides.models import Plan

    path = saved_plan_then("")(visitor)
    Plan.objects.filter(pk=_plan_id(path)).update(
        due_at=timezone.now() - datetime.timedelta(hours=2)
    )
    return path


def plan_that_went_badly(visitor: Visitor) -> str:
    """They reached out and it did not go well: the plan offers the backup and the lines."""
    plan_path = _seen_plan(visitor)
    return visitor.in_the_browser(visitor.send(plan_path + "done-not-well/", {}))


def shared_plan(visitor: Visitor) -> str:
    """What the partner sees, through the link the person made for them: in a browser of their
    own, without the person's session."""
    from guides.models import ShareLink

    plan_path = _saved_plan(visitor)
    visitor.send(plan_path + "share/", {"display_name": "Ana"})
    link = ShareLink.objects.get(plan_id=_plan_id(plan_path), revoked_at__isnull=True)
    return link.get_absolute_url()


CRISIS_WORDS = "Some days I want to die."


def planner_with_crisis_words_typed(visitor: Visitor) -> None:
    """Crisis words typed in the script: the lines beside it, shown by the browser alone."""
    page = visitor.page
    page.goto(planner_at("what")(visitor))
    page.get_by_label("What will you say?").fill("")
    page.get_by_label("What will you say?").press_sequentially(CRISIS_WORDS)
    page.locator(".crisis-words .crisis-panel").wait_for()


def planner_after_crisis_words_sent(visitor: Visitor) -> None:
    """Crisis words sent before the browser checked them (as without JavaScript): the next page
    opens with the lines."""
    page = visitor.page
    page.goto(planner_at("what")(visitor))
    page.get_by_label("What will you say?").evaluate(
        "(field, words) => field.value = words", CRISIS_WORDS
    )
    page.locator("form.wizard-form button[type=submit]").click()
    page.locator("main > .narrow > .crisis-panel").wait_for()


def sign_up_in_browser(page: Page, email: str) -> None:
    """Sign up, open the link from the e-mail, and log in, as a person would."""
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


def signed_up(then: str) -> Callable[[Visitor], str]:
    """Someone with a confirmed account, logged in (tests/e2e/test_planner.py signs up in the
    browser, through the e-mail)."""

    def setup(visitor: Visitor) -> str:
        visitor.client.force_login(make_person(f"page-check-{uuid.uuid4().hex[:8]}@example.org"))
        return visitor.in_the_browser(then)

    return setup


def signup_with_errors(visitor: Visitor) -> None:
    page = visitor.page
    page.goto("/accounts/signup/")
    page.get_by_label("E-mail address").fill("not an address")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_selector("[data-error-summary]")


SAFETY_PLAN_ANSWERS: dict[str, dict] = {
    "warning-signs": {"words": "I stop answering messages.\nI can’t sleep."},
    "on-my-own": {"words": "Walk round the block."},
    "people-and-places": {"words": "The library."},
    "ask-for-help": {"name_1": "My sister Ana", "phone_1": "07700 900123"},
    "professionals": {"name_1": "Dr Patel", "phone_1": "020 7946 0000"},
    "safer": {"words": "Ask Ana to keep my medicines this month."},
    "matters-most": {"words": "My dog Luna."},
}


def _safety_plan(visitor: Visitor, language: str = "") -> None:
    prefix = f"/{language}" if language else ""
    for step, answers in SAFETY_PLAN_ANSWERS.items():
        visitor.send(f"{prefix}/safety-plan/{step}/", answers)


def safety_plan_then(then: str, language: str = "") -> Callable[[Visitor], str]:
    """A page the person opens once they have made their safety plan: its path."""

    def setup(visitor: Visitor) -> str:
        _safety_plan(visitor, language)
        return visitor.in_the_browser(then)

    return setup


def safety_plan_with_a_bad_number(visitor: Visitor) -> None:
    page = visitor.page
    page.goto("/safety-plan/ask-for-help/")
    page.locator("#id_name_1").fill("Ana")
    page.locator("#id_phone_1").fill("call her")
    page.locator("form.safety-plan-form button[type=submit]").click()
    page.wait_for_selector("[data-error-summary]")


def safety_plan_shared(visitor: Visitor) -> str:
    """What the trusted person sees, in a browser of their own."""
    from guides.models import SafetyPlanShare

    _safety_plan(visitor)
    visitor.send("/safety-plan/share/", {})
    return SafetyPlanShare.objects.get(revoked_at__isnull=True).get_absolute_url()


PAGES = [
    SitePage("home", "/"),
    SitePage("guide", "/guide/"),
    SitePage("guide-section", "/guide/why-it-matters/"),
    SitePage("help-now", "/help-now/"),
    SitePage("help-now-unknown-region", "/help-now/?region=XX"),
    SitePage("help-now-uk", "/help-now/?region=UK"),
    SitePage("help-now-spain", "/help-now/?region=ES"),
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
    SitePage("plan-who-from-crisis", "/plan/new/who/?from=crisis"),
    SitePage("plan-when-from-crisis", planner_from_the_crisis_lines_at("when")),
    SitePage("plan-check-from-crisis", planner_from_the_crisis_lines_at("check")),
    SitePage("plan-when-error", planner_with_a_past_date),
    SitePage("plan-support", planner_at("support")),
    SitePage("plan-check", planner_at("check")),
    SitePage("plan-card", plan_just_saved),
    SitePage("plan-follow-up", plan_after_its_deadline),
    SitePage("plan-not-well", plan_that_went_badly),
    SitePage("plan-list", saved_plan_then("/plan/")),
    SitePage("plan-list-empty", "/plan/"),
    SitePage("plan-not-yet", saved_plan_then("not-yet/")),
    SitePage("plan-share", saved_plan_then("share/")),
    SitePage("plan-shared-view", shared_plan),
    SitePage("safety-plan-start", "/safety-plan/"),
    SitePage("safety-plan-warning-signs", "/safety-plan/warning-signs/"),
    SitePage("safety-plan-ask-for-help", "/safety-plan/ask-for-help/"),
    SitePage("safety-plan-bad-number", safety_plan_with_a_bad_number),
    SitePage("safety-plan-professionals", "/safety-plan/professionals/"),
    SitePage("safety-plan-safer", "/safety-plan/safer/"),
    SitePage("safety-plan", safety_plan_then("/safety-plan/")),
    SitePage("safety-plan-card", safety_plan_then("/safety-plan/card/")),
    SitePage("safety-plan-share", safety_plan_then("/safety-plan/share/")),
    SitePage("safety-plan-shared-view", safety_plan_shared),
    SitePage("login", "/accounts/login/"),
    SitePage("signup", "/accounts/signup/"),
    SitePage("signup-error", signup_with_errors),
    SitePage("signup-sent", "/accounts/signup/sent/"),
    SitePage("password-reset", "/accounts/password_reset/"),
    SitePage("password-reset-done", "/accounts/password_reset/done/"),
    SitePage("account", signed_up("/account/")),
    SitePage("account-delete", signed_up("/account/delete/")),
    SitePage("password-change", signed_up("/accounts/password_change/")),
    SitePage("forget-me", "/forget-me/"),
    SitePage("forget-me-signed-in", signed_up("/forget-me/")),
    SitePage("forget-me-done", "/forget-me/done/"),
    # The same pages in Spanish.
    SitePage("es-home", "/es/"),
    SitePage("es-guide", "/es/guide/"),
    SitePage("es-guide-section", "/es/guide/why-it-matters/"),
    SitePage("es-help-now", "/es/help-now/"),
    SitePage("es-help-now-uk", "/es/help-now/?region=UK"),
    SitePage("es-help-now-mexico", "/es/help-now/?region=MX"),
    SitePage("es-about", "/es/about/"),
    SitePage("es-privacy", "/es/privacy/"),
    SitePage("es-checklist", "/es/checklist/"),
    SitePage("es-checklist-result-crisis", answered(CRISIS_ES, TWO_WEEKS_ES, language="es")),
    SitePage("es-not-found", "/es/no-such-page/", status=404),
    SitePage("es-plan-who", "/es/plan/new/who/"),
    SitePage("es-plan-list-empty", "/es/plan/"),
    SitePage("es-safety-plan-start", "/es/safety-plan/"),
    SitePage("es-safety-plan-ask-for-help", "/es/safety-plan/ask-for-help/"),
    SitePage("es-safety-plan", safety_plan_then("/es/safety-plan/", language="es")),
    SitePage("es-login", "/es/accounts/login/"),
    SitePage("es-signup", "/es/accounts/signup/"),
    SitePage("es-forget-me", "/es/forget-me/"),
    SitePage("es-help-now-anywhere-else", "/es/help-now/?region=INT"),
]
