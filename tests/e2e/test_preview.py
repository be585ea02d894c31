"""See it before readers do, in a real browser: Preview of an unsaved change in both languages,
"Save anyway?" before a warned save (a section, a safety plan step), and a scheduled section and
a published section's scheduled new words taking effect with publish_scheduled."""

import datetime
import re

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from guides.models import ProposedChange, Section
from tests.e2e.conftest import EDITOR, log_in, make_staff, propose_shouts_new_number

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


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


def test_an_approved_number_scheduled_for_a_day_takes_effect_then(
    new_context, live_server, content
):
    proposer, second = propose_shouts_new_number(
        new_context, live_server, "Shout's page: 85259 from next week."
    )
    proposal = ProposedChange.objects.pending().get()
    second.goto(f"/admin/guides/proposedchange/{proposal.pk}/change/")
    when = timezone.localtime() + datetime.timedelta(days=7)
    second.get_by_label(re.compile("Takes effect at")).fill(when.strftime("%Y-%m-%dT%H:%M"))
    second.get_by_role("button", name=re.compile("Approve")).click()
    expect(second.locator(".messagelist")).to_contain_text("readers get the new details from")
    proposer.goto("/help-now/?region=UK")
    expect(proposer.get_by_role("link", name="Text SHOUT to 85258")).to_be_visible()
    call_command("publish_scheduled")  # not due yet
    proposer.goto("/help-now/?region=UK")
    expect(proposer.get_by_role("link", name="Text SHOUT to 85258")).to_be_visible()
    with time_machine.travel(when + datetime.timedelta(minutes=1), tick=True):
        call_command("publish_scheduled")
    proposer.goto("/help-now/?region=UK")
    expect(proposer.get_by_role("link", name="Text SHOUT to 85259")).to_be_visible()
    proposer.context.close()
    second.context.close()


def test_preview_works_without_javascript(new_context, live_server, content):
    make_staff("editor@example.org", *EDITOR)
    page = new_context(base_url=live_server.url, java_script_enabled=False).new_page()
    log_in(page, "editor@example.org")
    section = Section.objects.get(slug="faq")
    page.goto(f"/admin/guides/section/{section.pk}/change/")
    page.get_by_label("Title (English)").fill("Questions, answered")
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview in Spanish").click()
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.locator("html")).to_have_attribute("lang", "es")
    expect(preview.locator("#preview-title")).to_have_text(
        "Vista previa: todavía no se guardó nada"
    )
    preview.get_by_role("button", name="Preview in English").click()
    expect(preview.get_by_role("heading", level=1)).to_have_text("Questions, answered")
    page.context.close()


def test_new_words_for_a_published_section_take_effect_when_publish_scheduled_runs(
    editor_page,
):
    page = editor_page
    section = Section.objects.get(slug="faq")
    when = timezone.localtime() + datetime.timedelta(days=2)
    page.goto(f"/admin/guides/section/{section.pk}/change/")
    page.get_by_label("Title (English)").fill("Your questions")
    page.locator("#id_title_es").fill("Tus preguntas")
    page.locator("#id_words_take_effect_at_0").fill(when.strftime("%Y-%m-%d"))
    page.locator("#id_words_take_effect_at_1").fill(when.strftime("%H:%M:%S"))
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text("Readers keep the words they see now")
    shown = when.strftime("%d %b %Y %H:%M")
    expect(page.locator("#result_list")).to_contain_text(f"from {shown}")  # the list says so
    page.goto(f"/admin/guides/section/{section.pk}/change/")
    expect(page.locator(".field-scheduled_now")).to_contain_text(f"take effect on {shown}")
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Preview the new words in English").click()
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.get_by_role("heading", level=1)).to_have_text("Your questions")
    preview.close()
    page.context.clear_cookies()  # a reader
    page.goto("/guide/faq/")
    expect(page.get_by_role("heading", level=1)).to_have_text(section.title_en)
    page.goto("/es/guide/faq/")
    expect(page.get_by_role("heading", level=1)).to_have_text(section.title_es)
    call_command("publish_scheduled")  # not due yet
    page.goto("/guide/faq/")
    expect(page.get_by_role("heading", level=1)).to_have_text(section.title_en)
    with time_machine.travel(when + datetime.timedelta(minutes=1), tick=True):
        call_command("publish_scheduled")
    page.goto("/guide/faq/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your questions")
    page.goto("/es/guide/faq/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tus preguntas")


def test_a_safety_plan_step_asks_save_anyway_before_readers_see_it(
    new_context, live_server, content
):
    from guides.models import SafetyPlanStep

    make_staff("editor@example.org", "view_safetyplanstep", "change_safetyplanstep")
    page = new_context(base_url=live_server.url).new_page()
    log_in(page, "editor@example.org")
    step = SafetyPlanStep.objects.get(slug="matters-most")
    hint = "Think of a friend who committed suicide."
    page.goto(f"/admin/guides/safetyplanstep/{step.pk}/change/")
    page.locator("#id_hint_en").fill(hint)
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator("body")).to_contain_text("Save anyway? The checks found something")
    expect(page.locator("#id_hint_en")).to_have_value(hint)
    step.refresh_from_db()
    assert step.hint_en != hint
    page.get_by_label("Save anyway").check()
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    step.refresh_from_db()
    assert step.hint_en == hint
    page.context.close()
