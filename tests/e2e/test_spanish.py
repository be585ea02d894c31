"""First Step in Spanish, in Chromium, with JavaScript on and off: the guide read to its end, the
crisis lines in Spanish at once, a plan made through the wizard with its .ics, and the switch
between languages on a guide step. Selectors are by role, name or the words staff wrote in Spanish,
so the tests read the pages as a Spanish speaker does."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guides.models import Barrier, ContactKind, ContactMethod, Plan, Section
from tests.e2e.pages import CRISIS_ES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SPANISH_988 = "Llama al 988 y marca el 2"


def test_the_spanish_guide_reads_from_its_overview_to_its_end(javascript_page):
    page = javascript_page
    steps = list(Section.objects.published().order_by("order"))
    page.goto("/es/guide/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("main")).to_contain_text(steps[0].title_es)
    page.locator("main a.button").first.click()  # start at step 1
    for number, step in enumerate(steps, start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(step.title_es)
        expect(page.locator("html")).to_have_attribute("lang", "es")
        assert page.url.endswith(f"/es/guide/{step.slug}/")
        expect(page.locator(".step-count")).to_contain_text(f"{number}")
        if number < len(steps):
            page.locator("a[rel=next]").click()
    expect(page.locator("a[rel=next]")).to_have_count(0)


def test_the_crisis_statement_brings_the_spanish_lines_at_once(javascript_page):
    page = javascript_page
    page.goto("/es/checklist/")
    page.get_by_label(CRISIS_ES).check()
    if page.javascript_enabled:
        # Before sending: the lines come beside the answers as the box is ticked.
        expect(page.locator("#crisis-panel .crisis-panel")).to_contain_text(SPANISH_988)
    page.locator("form.checklist-form button[type=submit]").click()
    page.wait_for_url("**/es/checklist/results/**")
    panel = page.locator(".crisis-panel").first
    expect(panel).to_contain_text(SPANISH_988)
    expect(panel).to_contain_text("Envía la palabra AYUDA por mensaje de texto al 741741")
    expect(panel.locator('a[href="tel:988"]').first).to_be_visible()


def test_a_plan_made_in_spanish_and_its_calendar_file(javascript_page):
    page = javascript_page
    friend = ContactKind.objects.get(slug="friend-family")
    text = ContactMethod.objects.get(slug="text")
    judged = Barrier.objects.get(slug="fear-of-judgement")
    submit = page.locator("form.wizard-form button[type=submit]")

    page.goto("/es/plan/new/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_label(friend.name_es, exact=True).check()
    page.locator("[name=contact_name]").fill("mi hermana Ana")
    submit.click()
    page.get_by_label(text.name_es, exact=True).check()
    submit.click()
    expect(page.locator("[name=script]")).not_to_be_empty()
    page.locator("[name=script]").fill("Ana, lo estoy pasando mal. ¿Podemos hablar?")
    submit.click()
    due = timezone.now().date() + datetime.timedelta(days=4)
    page.locator("[name=due_date]").fill(due.isoformat())
    page.locator("[name=time_zone]").select_option("America/Mexico_City")
    submit.click()
    page.get_by_label(judged.name_es, exact=True).check()
    submit.click()
    page.wait_for_url("**/es/plan/new/check/")
    expect(page.locator(".if-then")).to_contain_text("mi hermana Ana")
    page.locator("[name=event_title]").fill("Escribirle a Ana")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/es/plan/*-*/")
    plan = Plan.objects.get()
    assert plan.language == "es" and plan.due_date == due
    assert plan.script == "Ana, lo estoy pasando mal. ¿Podemos hablar?"
    with page.expect_download() as download:
        page.locator('a[href$="calendar.ics"]').first.click()
    calendar = download.value.path().read_text()
    assert "BEGIN:VCALENDAR" in calendar and "Escribirle a Ana" in calendar


def test_switching_language_on_a_guide_step_lands_on_the_same_step(javascript_page):
    page = javascript_page
    step = Section.objects.get(slug="barriers")
    page.goto("/guide/barriers/")
    page.get_by_role("link", name="Español", exact=True).click()
    page.wait_for_url("**/es/guide/barriers/")
    expect(page.get_by_role("heading", level=1)).to_have_text(step.title_es)
    page.get_by_role("link", name="English", exact=True).click()
    page.wait_for_url("**/guide/barriers/")
    assert "/es/" not in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(step.title_en)
