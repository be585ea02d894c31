"""See it before readers do, in a real browser: Preview of an unsaved change in both languages,
"Save anyway?" before a warned save, and a scheduled section going live with publish_scheduled."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from guides.models import Section
from tests.e2e.test_admin_governance import EDITOR, log_in, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def editor_page(site_page):
    make_staff("editor@example.org", *EDITOR)
    log_in(site_page, "editor@example.org")
    return site_page


def test_preview_shows_the_unsaved_change_in_both_languages_and_saves_nothing(editor_page):
    page = editor_page
    section = Section.objects.get(slug="faq")
    page.goto(f"/admin/guides/section/{section.pk}/change/")
    page.get_by_label("Title (English)").fill("Questions, answered")
    page.locator("#id_title_es").fill("Preguntas, respondidas")
    page.get_by_label("Body (English)").fill(
        page.get_by_label("Body (English)").input_value()
        + "\n\nSome people committed suicide after a loss."
    )
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview in English").click()
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.get_by_role("heading", level=1)).to_have_text("Questions, answered")
    expect(preview.locator(".preview-warnings")).to_contain_text(
        "Safe-messaging guidance advises against"
    )
    expect(preview.locator(".step-nav")).to_be_visible()  # the whole page, site's own layout
    preview.get_by_role("button", name="Vista previa en español").click()
    expect(preview.get_by_role("heading", level=1)).to_have_text("Preguntas, respondidas")
    expect(preview.locator("html")).to_have_attribute("lang", "es")
    # The form is as it was typed, and readers still see the old page.
    expect(page.get_by_label("Title (English)")).to_have_value("Questions, answered")
    preview.goto("/guide/faq/")
    expect(preview.get_by_role("heading", level=1)).to_have_text(section.title_en)
    section.refresh_from_db()
    assert section.title_en != "Questions, answered"


def test_a_warning_asks_save_anyway_and_keeps_what_was_typed(editor_page):
    page = editor_page
    section = Section.objects.get(slug="faq")
    page.goto(f"/admin/guides/section/{section.pk}/change/")
    body = page.get_by_label("Body (English)").input_value()
    page.get_by_label("Body (English)").fill(body + "\n\nSome people committed suicide.")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".errornote, .errorlist").first).to_be_visible()
    expect(page.locator("body")).to_contain_text("Save anyway? The checks found something")
    expect(page.get_by_label("Body (English)")).to_have_value(
        body.replace("\r\n", "\n") + "\n\nSome people committed suicide."
    )
    section.refresh_from_db()
    assert "committed suicide" not in section.body_en
    page.get_by_label("Save anyway").check()
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text("Readers see it here")
    section.refresh_from_db()
    assert "committed suicide" in section.body_en


def test_a_section_scheduled_in_the_form_goes_live_when_publish_scheduled_runs(editor_page):
    page = editor_page
    section = Section.objects.get(slug="faq")
    when = timezone.localtime() + datetime.timedelta(days=2)
    page.goto(f"/admin/guides/section/{section.pk}/change/")
    page.get_by_label("Published").uncheck()
    page.locator("#id_publish_at_0").fill(when.strftime("%Y-%m-%d"))
    page.locator("#id_publish_at_1").fill(when.strftime("%H:%M:%S"))
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text("Readers see it here")
    page.context.clear_cookies()
    assert page.goto("/guide/faq/").status == 404
    with time_machine.travel(when + datetime.timedelta(minutes=1), tick=True):
        call_command("publish_scheduled")
    page.goto("/guide/faq/")
    expect(page.get_by_role("heading", level=1)).to_have_text(section.title_en)
