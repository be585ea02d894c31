"""Keyboard-only journeys: Tab, Shift+Tab, Enter and Space, with focus always visible."""

import re

import pytest
from playwright.sync_api import expect

from guides.models import Section, Statement
from tests.e2e.checks import focus_without_indicator, press, tab_to
from tests.e2e.conftest import assert_accessible
from tests.e2e.pages import TWO_WEEKS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def checkbox_for(text: str) -> str:
    return f"#statement-{Statement.objects.get(text=text).pk}"


def test_a_keyboard_user_reads_the_guide_from_the_overview_to_the_last_step(site_page):
    page = site_page
    titles = list(Section.objects.published().order_by("order").values_list("title", flat=True))
    page.goto("/guide/")
    tab_to(page, "a.button")  # "Start at step 1"
    page.keyboard.press("Enter")
    for number, title in enumerate(titles, start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.locator(".step-count")).to_have_text(f"Step {number} of {len(titles)}")
        if number < len(titles):
            tab_to(page, 'a[rel="next"]')
            assert focus_without_indicator(page) == [], title
            page.keyboard.press("Enter")
    expect(page.locator('a[rel="next"]')).to_have_count(0)
    # Shift+Tab goes back through the page: from "Back to all steps" to the previous step.
    tab_to(page, ".pager__link--next")
    press(page, "Shift+Tab")
    assert page.evaluate("document.activeElement.rel") == "prev"
    assert focus_without_indicator(page) == []


def test_a_keyboard_user_answers_the_checklist_and_reaches_the_result(site_page):
    page = site_page
    page.goto("/checklist/")
    tab_to(page, checkbox_for(TWO_WEEKS))
    assert focus_without_indicator(page) == []
    page.keyboard.press("Space")
    tab_to(page, checkbox_for("I know what I would say."))
    page.keyboard.press("Space")
    # Back one box with Shift+Tab, tick it too, then change the mind and untick it.
    press(page, "Shift+Tab")
    looked = checkbox_for("I have looked at my options.")
    assert page.evaluate("s => document.activeElement.matches(s)", looked)
    page.keyboard.press("Space")
    expect(page.locator(looked)).to_be_checked()
    page.keyboard.press("Space")
    expect(page.locator(looked)).not_to_be_checked()
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("What your answers suggest")
    expect(page.locator("main")).to_contain_text(TWO_WEEKS)
    expect(page.locator("main")).to_contain_text("I know what I would say.")
    assert focus_without_indicator(page) == []
    assert_accessible(page)


def test_a_keyboard_user_ticks_the_crisis_statement_and_hears_where_the_lines_are(site_page):
    page = site_page
    page.goto("/checklist/")
    tab_to(page, checkbox_for("I have had thoughts of suicide, or of hurting myself."))
    page.keyboard.press("Space")
    expect(page.locator("#crisis-panel .crisis-panel")).to_be_visible()
    expect(page.locator("#crisis-panel")).to_have_attribute("aria-live", "polite")
    # The note beside the box is the next Tab stop, and Enter takes the reader to the lines.
    press(page, "Tab")
    expect(page.locator(":focus")).to_have_text(
        "People you can talk to now are listed at the top of this page."
    )
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#crisis-title$"))
    assert focus_without_indicator(page) == []


def test_a_failed_submit_takes_a_keyboard_user_from_the_summary_to_the_field(site_page):
    page = site_page
    page.goto("/checklist/")
    page.evaluate(
        "document.querySelector('form.checklist-form')"
        ".insertAdjacentHTML('beforeend', '<input type=hidden name=statements value=99999>')"
    )
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    press(page, "Tab")
    expect(summary.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Enter")
    first_box = page.locator(".checklist-form input[type=checkbox]").first
    expect(first_box).to_be_focused()
    # The error and the group's hint are read with the group.
    fieldset = page.locator("fieldset.field--error")
    described_by = fieldset.get_attribute("aria-describedby").split()
    assert "statements-error" in described_by
    assert page.locator("#statements-error").inner_text().startswith("Error:")
    for hint_id in described_by:
        expect(page.locator(f"#{hint_id}")).to_have_count(1)
    assert focus_without_indicator(page) == []


def test_every_checklist_hint_is_tied_to_its_box(site_page):
    page = site_page
    page.goto("/checklist/")
    boxes = page.locator(".checklist-form input[type=checkbox]")
    assert boxes.count() >= 10
    for index in range(boxes.count()):
        box = boxes.nth(index)
        hint = page.locator(f"#{box.get_attribute('id')}-hint")
        if hint.count():
            expect(box).to_have_attribute("aria-describedby", hint.get_attribute("id"))
            expect(box).to_have_accessible_description(hint.inner_text())


def test_the_step_list_is_an_ordered_list_with_the_current_step_marked(site_page):
    page = site_page
    count = Section.objects.published().count()
    page.goto("/guide/why-it-matters/")
    # Read first, before the title: where the reader is, in the accessibility tree.
    expect(page.locator(".step-count")).to_have_text(f"Step 3 of {count}")
    article = page.locator("article").aria_snapshot()
    assert article.index(f"Step 3 of {count}") < article.index("- heading")
    nav = page.get_by_role("navigation", name="Steps in this guide")
    steps = nav.locator("ol > li")
    expect(steps).to_have_count(count)
    current = nav.locator('[aria-current="step"]')
    expect(current).to_have_count(1)
    expect(current).to_have_accessible_name("Step 3: Why the first step matters so much")
    snapshot = nav.aria_snapshot()
    assert "- list" in snapshot
    assert 'link "Step 3: Why the first step matters so much"' in snapshot


def test_a_keyboard_user_makes_a_whole_plan(site_page):
    """Tab to each control, Space to choose, type the words, Enter to go on; nothing else.

    Within a radio group Tab lands on the first choice and Space picks it, so this person picks
    the first kind of contact and the first method.
    """
    import datetime

    from guides.models import Plan

    page = site_page
    page.goto("/plan/new/")

    def submit():
        tab_to(page, "form.wizard-form button[type=submit]")
        assert focus_without_indicator(page) == [], page.url
        with page.expect_navigation():
            page.keyboard.press("Enter")

    tab_to(page, "#id_contact_kind_0")
    page.keyboard.press("Space")
    expect(page.locator("#id_contact_kind_0")).to_be_checked()
    tab_to(page, "#id_contact_name")
    page.keyboard.type("my brother")
    submit()
    expect(page.locator(".step-count")).to_contain_text("Step 2 of 5")
    tab_to(page, "#id_contact_method_0")
    page.keyboard.press("Space")
    submit()
    expect(page.locator(".step-count")).to_contain_text("Step 3 of 5")
    submit()  # keep the words the template started
    due = datetime.date.today() + datetime.timedelta(days=6)
    tab_to(page, "#id_due_date")
    page.keyboard.type(due.strftime("%m%d%Y"))  # Chromium's date field, month first in en-US
    tab_to(page, "#id_time_zone")
    page.keyboard.type("United Kingdom")  # a list of places: typing a name chooses it
    expect(page.locator("#id_time_zone")).to_have_value("Europe/London")
    submit()
    expect(page.locator(".step-count")).to_contain_text("Step 5 of 5")
    tab_to(page, "#id_barriers_0")
    page.keyboard.press("Space")
    # Shift+Tab back to the partner's name, then on to the end.
    tab_to(page, "#id_partner_name", key="Shift+Tab")
    page.keyboard.type("Jo")
    submit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your plan")
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".plan-card")).to_contain_text("my brother")
    plan = Plan.objects.get()
    assert plan.due_date == due and plan.partner_name == "Jo"
    assert plan.plan_barriers.count() == 1
    assert_accessible(page)
