"""Offline on a phone, in Chromium: the service worker keeps the crisis lines, the guide steps
opened, and a plan only when asked; what is kept is read back with the `caches` API.

No test here routes requests (page.route or context.route): Playwright's routing can go around a
service worker. `context.set_offline(True)` cuts the network, the worker included.
"""

import re
import time

import pytest
from django.contrib.staticfiles.storage import StaticFilesStorage
from django.utils import translation
from playwright.sync_api import expect

from guides.content_cache import forget_content
from guides.models import Plan, Section
from tests.base import PASSWORD, make_plan
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}

# Where a path is kept: the name of the first cache that holds it, or null.
KEPT_IN = """async (path) => {
  for (const name of await caches.keys()) {
    if (await (await caches.open(name)).match(path)) return name;
  }
  return null;
}"""

# Every cached response, with the cache's name, its address and its text.
EVERYTHING_KEPT = """async () => {
  const all = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      all.push({name, url: request.url, text: await response.text()});
    }
  }
  return all;
}"""


@pytest.fixture
def phone(new_context, live_server, content):
    """A new phone-sized browser on the site; its context is `phone.context`."""
    context = new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


def kept_in(page, path: str) -> str | None:
    return page.evaluate(KEPT_IN, path)


def wait_until(page, predicate, what: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"never {what}")
        page.wait_for_timeout(100)


def wait_until_kept(page, path: str, cache: str | None = None) -> None:
    def kept():
        name = kept_in(page, path)
        return name is not None and (cache is None or name.startswith(cache))

    wait_until(page, kept, f"kept {path}")


def wait_for_the_worker(page) -> None:
    # Not wait_for_function: its polling evaluates a string, which the site's CSP forbids.
    wait_until(
        page,
        lambda: page.evaluate("navigator.serviceWorker.controller !== null"),
        "controlled by the worker",
    )


def open_and_wait_for_the_worker(page, path: str) -> None:
    """Open a page; the worker is installed, controls it, and has kept the crisis lines."""
    page.goto(path)
    wait_for_the_worker(page)
    language = "/es" if path.startswith("/es/") else ""
    wait_until_kept(page, f"{language}/help-now/", "first-step-shell-")
    wait_until_kept(page, f"{language}/offline/", "first-step-shell-")


def personal_things_kept(page, *words: str) -> list[str]:
    """The kept responses that are plans, or that contain any of these words."""
    return [
        f"{item['name']}: {item['url']}"
        for item in page.evaluate(EVERYTHING_KEPT)
        if "/plan/" in item["url"] or any(word in item["text"] for word in words)
    ]


def log_in(page, person) -> None:
    page.goto("/accounts/login/?next=/account/")
    page.get_by_label("E-mail address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/account/")


def keep_the_plan(page, plan) -> None:
    page.goto(plan.get_absolute_url())
    wait_for_the_worker(page)
    page.get_by_role("button", name="Keep this plan on this phone").click()
    expect(page.locator("[data-keep-plan] [role=status]")).to_have_text(
        "This plan is on this phone. It opens with no signal, from its address or from “My plans”."
    )
    assert kept_in(page, plan.get_absolute_url()) == "first-step-personal"


def test_chromium_finds_nothing_that_stops_it_being_installed(full_chromium, live_server, content):
    """In the full Chromium: the headless shell, which runs the other tests, answers that nothing
    stops any page being installed, with a manifest or without."""
    context = full_chromium.new_context(base_url=live_server.url, viewport=PHONE)
    try:

        def installability_errors(page) -> list[str]:
            session = context.new_cdp_session(page)
            found = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
            session.detach()
            # A Playwright context is always "incognito", which alone cannot install an app.
            return [error["errorId"] for error in found if error["errorId"] != "in-incognito"]

        # A page of the site with no manifest (the admin's): this Chromium says what stops it.
        admin = context.new_page()
        admin.goto("/admin/login/")
        assert installability_errors(admin), "this Chromium finds nothing wrong with any page"
        admin.close()

        page = context.new_page()
        open_and_wait_for_the_worker(page, "/")
        assert installability_errors(page) == []
        manifest = context.new_cdp_session(page).send("Page.getAppManifest")
        assert manifest["errors"] == []
        assert manifest["url"].endswith("/manifest.webmanifest")
    finally:
        context.close()


@pytest.mark.parametrize("language", ["", "/es"], ids=["en", "es"])
def test_help_now_opens_offline_in_the_region_and_language_last_used(phone, live_server, language):
    phone.context.add_cookies([{"name": "region", "value": "UK", "url": live_server.url}])
    open_and_wait_for_the_worker(phone, f"{language}/")  # the first visit, to any page
    phone.context.set_offline(True)
    phone.locator(".help-now-link").click()
    expect(phone).to_have_url(re.compile(f"{language}/help-now/$"))
    assert phone.evaluate("document.documentElement.lang") == (language.strip("/") or "en")
    expect(phone.locator('a[href="tel:116123"]').first).to_be_visible()  # Samaritans
    expect(phone.locator('a[href^="sms:85258"]').first).to_be_visible()  # Shout
    expect(phone.locator('a[href="tel:999"]').first).to_be_visible()
    phone.reload()
    expect(phone.locator('a[href="tel:116123"]').first).to_be_visible()


in_each_language = pytest.mark.parametrize("language", ["", "/es"], ids=["en", "es"])


def title_in(language: str, slug: str) -> str:
    with translation.override(language.strip("/") or "en"):
        return Section.objects.get(slug=slug).title


def test_choosing_another_region_keeps_its_crisis_lines(phone):
    kept_lines = """async () => {
      const response = await caches.match("/help-now/");
      return response ? response.text() : "";
    }"""
    open_and_wait_for_the_worker(phone, "/")  # the site's default region, the United States
    assert "tel:988" in phone.evaluate(kept_lines)
    # A crisis panel's region chooser, without htmx: it goes back to the page it was on.
    phone.goto("/help-now/region/?region=UK&next=/about/")
    expect(phone).to_have_url(re.compile(r"/about/$"))
    wait_until(phone, lambda: "tel:116123" in phone.evaluate(kept_lines), "kept the UK lines")
    phone.context.set_offline(True)
    phone.goto("/help-now/")
    expect(phone.locator('a[href="tel:116123"]').first).to_be_visible()
    phone.goto("/guide/faq/")  # not kept: the offline page has the new region's lines too
    expect(phone.locator('a[href="tel:116123"]').first).to_be_visible()


@in_each_language
def test_a_page_not_kept_shows_the_offline_page_with_the_crisis_lines(phone, language):
    open_and_wait_for_the_worker(phone, f"{language}/guide/introduction/")
    wait_until_kept(phone, f"{language}/guide/introduction/", "first-step-pages")
    phone.context.set_offline(True)
    phone.goto(f"{language}/checklist/")
    assert phone.evaluate("document.documentElement.lang") == (language.strip("/") or "en")
    expect(phone.locator("[data-kept-list=first-step-pages]")).to_be_visible()
    expect(phone.locator('a[href="tel:988"]').first).to_be_visible()
    expect(phone.locator('a[href="sms:741741"]').first).to_be_visible()
    # It links to what is kept: the crisis lines, and the step opened.
    expect(phone.locator(f'main a[href="{language}/help-now/"]')).to_be_visible()
    kept_steps = phone.locator("[data-kept-list=first-step-pages] a")
    expect(kept_steps).to_have_text([title_in(language, "introduction")])
    assert_accessible(phone)
    if not language:
        expect(phone.get_by_role("heading", level=1)).to_have_text("You’re offline")
        phone.screenshot(path="artifacts/screenshots/offline-phone.png", full_page=True)
    kept_steps.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(title_in(language, "introduction"))


@in_each_language
def test_a_guide_step_opened_before_opens_again_offline(phone, language):
    open_and_wait_for_the_worker(phone, f"{language}/")
    phone.goto(f"{language}/guide/why-it-matters/")
    wait_until_kept(phone, f"{language}/guide/why-it-matters/", "first-step-pages")
    phone.context.set_offline(True)
    phone.goto(f"{language}/guide/why-it-matters/")
    expect(phone.get_by_role("heading", level=1)).to_have_text(title_in(language, "why-it-matters"))
    phone.goto(f"{language}/guide/faq/")  # never opened
    expect(phone.locator("[data-kept-list=first-step-pages]")).to_be_visible()


def test_keep_the_whole_guide_keeps_every_step(phone):
    open_and_wait_for_the_worker(phone, "/guide/")
    phone.get_by_role("button", name="Keep the whole guide on this phone").click()
    expect(phone.locator("[data-keep-guide] [role=status]")).to_have_text(
        "The whole guide is on this phone. You can read it with no signal."
    )
    steps = list(Section.objects.published().filter(guide__slug="first-step"))
    assert len(steps) >= 10
    phone.context.set_offline(True)
    for step in steps:
        phone.goto(f"/guide/{step.slug}/")
        expect(phone.get_by_role("heading", level=1)).to_have_text(step.title)
    phone.goto("/guide/")
    expect(phone.locator(".step-list__title")).to_have_count(len(steps))


def test_a_plan_is_kept_only_when_asked_and_forgotten_when_asked(phone, alice):
    plan = make_plan(user=alice, script="Dr Lee, I have not been sleeping.")
    log_in(phone, alice)
    open_and_wait_for_the_worker(phone, plan.get_absolute_url())
    phone.goto("/plan/")
    phone.goto(plan.get_absolute_url())
    expect(phone.get_by_text("Anyone who uses this phone could then see it.")).to_be_visible()
    phone.wait_for_timeout(500)  # anything the worker might keep, it has kept by now
    assert personal_things_kept(phone, "Dr Lee", "not been sleeping") == []

    keep_the_plan(phone, plan)
    expect(phone.get_by_role("button", name="Keep this plan on this phone")).to_be_hidden()
    phone.context.set_offline(True)
    phone.goto(plan.get_absolute_url())
    expect(phone.locator(".plan-card .script")).to_have_text("Dr Lee, I have not been sleeping.")
    phone.goto("/plan/")  # the list is not kept, but the offline page links to the plan
    kept_plans = phone.locator("[data-kept-list=first-step-personal] a")
    expect(kept_plans).to_have_text([plan.if_then])
    kept_plans.click()
    expect(phone.locator(".plan-card .script")).to_have_text("Dr Lee, I have not been sleeping.")

    phone.context.set_offline(False)
    phone.goto(plan.get_absolute_url())
    phone.get_by_role("button", name="Forget this plan on this phone").click()
    expect(phone.locator("[data-keep-plan] [role=status]")).to_have_text(
        "This phone no longer keeps this plan."
    )
    assert personal_things_kept(phone, "not been sleeping") == []
    phone.context.set_offline(True)
    phone.goto(plan.get_absolute_url())
    expect(phone.get_by_role("heading", level=1)).to_have_text("You’re offline")


def crisis_words_script_of(page) -> str:
    return page.locator("script[data-crisis-words-data]").get_attribute("src")


def test_crisis_phrases_typed_in_a_kept_plan_bring_the_lines_with_no_signal(phone, alice):
    plan = make_plan(user=alice, script="Dr Lee, I have not been sleeping.")
    log_in(phone, alice)
    keep_the_plan(phone, plan)
    script = crisis_words_script_of(phone)
    wait_until_kept(phone, script, "first-step-crisis-words")
    # From the worker's cache, not the browser's HTTP cache, which may drop it.
    phone.context.new_cdp_session(phone).send("Network.clearBrowserCache")
    phone.context.set_offline(True)
    phone.goto(plan.get_absolute_url())
    note = phone.get_by_label("A note on how it went (optional, just for you)")
    note.press_sequentially("Some days I want to die, honestly.", delay=15)
    panel = phone.locator(".crisis-words .crisis-panel")
    expect(panel).to_contain_text("You can talk to someone today")
    expect(panel.get_by_role("link", name="Call 988")).to_be_visible()


def test_a_page_with_free_text_opened_before_the_worker_has_its_phrases_kept(phone):
    phone.goto("/es/plan/new/what/")  # the first page: no worker yet to see its scripts
    wait_for_the_worker(phone)
    script = crisis_words_script_of(phone)
    assert script.startswith("/es/crisis-words/")
    wait_until_kept(phone, script, "first-step-crisis-words")
    phone.goto("/plan/new/what/")
    wait_until_kept(phone, crisis_words_script_of(phone), "first-step-crisis-words")
    kept = [item["url"] for item in phone.evaluate(EVERYTHING_KEPT)]
    assert len([url for url in kept if "/crisis-words/" in url]) == 2  # one each language


def test_logging_out_forgets_every_kept_plan(phone, alice):
    plan = make_plan(user=alice, script="Dr Lee, I have not been sleeping.")
    log_in(phone, alice)
    keep_the_plan(phone, plan)
    phone.goto("/account/")
    phone.get_by_role("button", name="Log out").click()
    phone.wait_for_url(re.compile(r"/$"))
    assert personal_things_kept(phone, "not been sleeping") == []
    # The crisis lines and the guide are not personal: they stay, for a phone with no signal.
    assert kept_in(phone, "/help-now/").startswith("first-step-shell-")
    phone.context.set_offline(True)
    phone.goto("/help-now/")
    expect(phone.locator('a[href="tel:988"]').first).to_be_visible()


def test_logging_out_with_no_signal_still_forgets_every_kept_plan(phone, alice):
    plan = make_plan(user=alice, script="Dr Lee, I have not been sleeping.")
    log_in(phone, alice)
    keep_the_plan(phone, plan)
    phone.goto("/account/")
    phone.context.set_offline(True)
    phone.get_by_role("button", name="Log out").click()
    expect(phone.get_by_role("alert")).to_contain_text("You’re offline, so this wasn’t sent.")
    wait_until(
        phone,
        lambda: personal_things_kept(phone, "not been sleeping") == [],
        "forgot the kept plan",
    )


def test_deleting_the_account_forgets_every_kept_plan(phone, alice):
    plan = make_plan(user=alice, script="Dr Lee, I have not been sleeping.")
    log_in(phone, alice)
    keep_the_plan(phone, plan)
    phone.goto("/account/delete/")
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name=re.compile("Delete")).click()
    phone.wait_for_url(re.compile(r"/$"))
    assert personal_things_kept(phone, "not been sleeping") == []


def test_exit_this_page_forgets_every_kept_plan(phone, alice):
    plan = make_plan(user=alice, script="Dr Lee, I have not been sleeping.")
    log_in(phone, alice)
    keep_the_plan(phone, plan)
    # The everyday site it leaves for cannot load here (no internet), which does not matter.
    site = phone.url
    phone.get_by_role("link", name="Exit this page").click()
    wait_until(phone, lambda: phone.url != site, "left the site")
    phone.goto(
        plan.get_absolute_url().replace(str(plan.pk), "00000000-0000-0000-0000-000000000000")
    )
    assert personal_things_kept(phone, "not been sleeping") == []


def test_a_plan_the_person_no_longer_owns_is_forgotten(phone, alice):
    plan = make_plan(user=alice, script="Dr Lee, I have not been sleeping.")
    log_in(phone, alice)
    keep_the_plan(phone, plan)
    Plan.objects.filter(pk=plan.pk).delete()  # as if deleted from another device
    response = phone.goto(plan.get_absolute_url())
    assert response.status == 404
    assert personal_things_kept(phone, "not been sleeping") == []


def test_deleting_a_kept_plan_forgets_it(phone, alice):
    plan = make_plan(user=alice, script="Dr Lee, I have not been sleeping.")
    log_in(phone, alice)
    keep_the_plan(phone, plan)
    phone.get_by_text("Cancel or delete this plan").click()
    phone.get_by_role("button", name="Delete this plan for good").click()
    phone.wait_for_url("**/plan/")
    assert personal_things_kept(phone, "not been sleeping") == []


def test_a_form_sent_offline_is_not_lost(phone):
    open_and_wait_for_the_worker(phone, "/plan/new/")
    phone.get_by_label("A friend or family member").check()
    phone.get_by_label("Their name (optional)").fill("my sister Ana")
    phone.context.set_offline(True)
    phone.get_by_role("button", name="Continue").click()
    notice = phone.get_by_role("alert")
    expect(notice).to_have_text(
        "You’re offline, so this wasn’t sent. What you wrote is still here: send it again when "
        "you have a signal."
    )
    expect(phone).to_have_url(re.compile(r"/plan/new/"))
    expect(phone.get_by_label("Their name (optional)")).to_have_value("my sister Ana")
    # A browser that thinks it is online: the worker keeps the person on the page.
    phone.evaluate(
        """() => {
          Object.defineProperty(navigator, "onLine", {get: () => true});
          document.querySelector("[data-offline-notice]").remove();
        }"""
    )
    phone.get_by_role("button", name="Continue").click()
    expect(notice).to_be_visible()
    expect(phone.get_by_label("Their name (optional)")).to_have_value("my sister Ana")
    phone.context.set_offline(False)
    phone.get_by_role("button", name="Continue").click()
    phone.wait_for_url("**/plan/new/how/")


class DeployedStaticFiles(StaticFilesStorage):
    """Static files whose addresses change with each deploy, as hashed names do."""

    deploy = 1

    def url(self, name):
        return f"{super().url(name)}?deploy={self.deploy}"


def test_a_deploy_with_new_static_files_replaces_the_old_cache(phone, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": f"{__name__}.DeployedStaticFiles"},
    }
    DeployedStaticFiles.deploy = 1
    try:
        open_and_wait_for_the_worker(phone, "/")
        first = phone.evaluate("caches.keys()")
        old = [name for name in first if name.startswith("first-step-shell-")]
        assert len(old) == 1
        old_css = phone.evaluate("document.querySelector('link[rel=stylesheet]').href")
        assert old_css.endswith("site.css?deploy=1")

        DeployedStaticFiles.deploy = 2
        forget_content()  # a deploy starts new processes, which have kept no page
        phone.reload()
        assert phone.evaluate("document.querySelector('link[rel=stylesheet]').href").endswith(
            "site.css?deploy=2"
        )
        wait_until(
            phone,
            lambda: old[0] not in phone.evaluate("caches.keys()"),
            "dropped the old cache",
        )
        new = [n for n in phone.evaluate("caches.keys()") if n.startswith("first-step-shell-")]
        assert len(new) == 1
        assert kept_in(phone, "/static/css/site.css?deploy=2") == new[0]
        assert kept_in(phone, "/static/css/site.css?deploy=1") is None
        wait_until_kept(phone, "/help-now/", new[0])  # the crisis lines came along
        phone.context.set_offline(True)
        phone.goto("/help-now/")
        # The kept page and its stylesheet are of the same deploy: the page is styled.
        accent = "getComputedStyle(document.documentElement).getPropertyValue('--accent')"
        assert phone.evaluate(accent).strip() == "#1d6b69"
    finally:
        DeployedStaticFiles.deploy = 1


def test_without_javascript_nothing_is_kept_and_the_buttons_explain_themselves(
    new_context, live_server, content, alice
):
    context = new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    plan = make_plan(user=alice)
    log_in(page, alice)
    page.goto(plan.get_absolute_url())
    expect(
        page.get_by_text("This needs JavaScript, and a browser that can keep pages.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Keep this plan on this phone")).to_be_hidden()
    page.goto("/guide/")
    expect(page.get_by_role("button", name="Keep the whole guide on this phone")).to_be_hidden()
    expect(page.locator("[data-keep-guide] [data-keep-needs]")).to_be_visible()
    context.close()
