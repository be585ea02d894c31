"""Staff governance in a real browser: history with a diff and a revert, "Mark as reviewed",
the two-person rule for a crisis line, and saves the admin blocks."""

import re

import pytest
from playwright.sync_api import expect

from guides.models import CrisisResource, Section
from tests.e2e.conftest import EDITOR, log_in, make_staff, propose_shouts_new_number

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_history_shows_a_diff_and_a_revert_puts_the_words_back(editor_page):
    page = editor_page
    section = Section.objects.get(slug="faq")
    page.goto(f"/admin/guides/section/{section.pk}/change/")
    page.get_by_label("Title (English)").fill("Questions, answered")
    page.get_by_label("Why this change? (optional)").fill("A friendlier title")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text("Readers see it here")
    page.goto(f"/admin/guides/section/{section.pk}/history/")
    expect(page.locator("body")).to_contain_text("A friendlier title")
    page.get_by_role("button", name=re.compile("compare", re.I)).first.click()
    expect(page.locator("body")).to_contain_text("Questions, answered")
    page.goto(f"/admin/guides/section/{section.pk}/history/")
    page.get_by_role("link", name=re.compile(r"\d")).last.click()  # the first version's date
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.goto("/guide/faq/")
    expect(page.get_by_role("heading", level=1)).to_have_text(section.title)


def test_mark_as_reviewed_shows_on_the_public_page(editor_page):
    page = editor_page
    Section.objects.filter(slug="faq").update(
        last_reviewed="2020-01-01", next_review_due="2021-01-01"
    )
    page.goto("/admin/guides/section/")
    row = page.locator("#result_list tbody tr").first
    expect(row).to_contain_text("Overdue since")
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option("mark_reviewed")
    page.get_by_role("button", name="Run").click()
    expect(page.locator(".messagelist")).to_contain_text("marked as reviewed today")
    page.goto("/guide/faq/")
    expect(page.locator(".page-review")).to_contain_text("Next review due")


def test_a_bad_number_and_a_broken_link_are_refused_with_the_reason(editor_page):
    page = editor_page
    line = CrisisResource.objects.get(name="Shout")
    page.goto(f"/admin/guides/crisisresource/{line.pk}/change/")
    page.get_by_label("Number to text").fill("85258 or 999")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator("#id_text_number_error")).to_contain_text(
        "Use only digits, spaces, + and -"
    )
    expect(page.locator("#id_change_reason_error")).to_contain_text("Say why")
    section = Section.objects.get(slug="faq")
    page.goto(f"/admin/guides/section/{section.pk}/change/")
    page.get_by_label("Body (English)").fill("See [the old page](/guide/gone/).")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".errornote, .errorlist").first).to_be_visible()
    expect(page.locator("body")).to_contain_text("/guide/gone/ goes to a page of this site")


def test_a_second_person_approves_a_new_number(new_context, live_server, content):
    proposer, second = propose_shouts_new_number(
        new_context, live_server, "Shout's page lists 85259 now."
    )
    proposer.goto("/help-now/?region=UK")
    expect(proposer.get_by_role("link", name="Text SHOUT to 85258")).to_be_visible()

    second.get_by_role("link", name=re.compile("waiting for approval")).click()
    second.locator("#result_list tbody a").first.click()
    second.get_by_role("button", name=re.compile("Approve")).click()
    expect(second.locator(".messagelist")).to_contain_text("readers see the new details now")
    proposer.goto("/help-now/?region=UK")
    expect(proposer.get_by_role("link", name="Text SHOUT to 85259")).to_be_visible()
    proposer.context.close()
    second.context.close()


def test_a_stale_save_is_refused_and_keeps_what_was_typed(new_context, live_server, content):
    make_staff("editor@example.org", *EDITOR)
    make_staff("other@example.org", *EDITOR)
    section = Section.objects.get(slug="faq")
    url = f"/admin/guides/section/{section.pk}/change/"
    first = new_context(base_url=live_server.url).new_page()
    second = new_context(base_url=live_server.url).new_page()
    log_in(first, "other@example.org")
    log_in(second, "editor@example.org")
    first.goto(url)
    second.goto(url)  # both have the same version open
    first.get_by_label("Title (English)").fill("Their title")
    first.get_by_role("button", name="Save", exact=True).first.click()
    expect(first.locator(".messagelist")).to_contain_text("Readers see it here")
    second.get_by_label("Summary (English)").fill("My own summary, typed with care.")
    second.get_by_role("button", name="Save", exact=True).first.click()
    expect(second.locator(".errornote")).to_be_visible()
    expect(second.locator("body")).to_contain_text("other@example.org saved this section after")
    expect(second.get_by_label("Summary (English)")).to_have_value(
        "My own summary, typed with care."
    )
    # What they did not touch now shows the other person's words, so saving keeps both.
    expect(second.get_by_label("Title (English)")).to_have_value("Their title")
    second.get_by_role("button", name="Save", exact=True).first.click()  # having seen it
    expect(second.locator(".messagelist")).to_contain_text("Readers see it here")
    section.refresh_from_db()
    assert section.summary == "My own summary, typed with care."
    assert section.title == "Their title"
    first.context.close()
    second.context.close()


def test_a_refusal_below_the_admin_comes_back_as_typed(editor_page, monkeypatch):
    from guides.models.base import NeedsSecondPerson

    def refuse(obj, **kwargs):  # as if the admin's own proposing had missed this change
        raise NeedsSecondPerson(obj, ["text_number"])

    monkeypatch.setattr("guides.admin.base.save_or_propose", refuse)
    page = editor_page
    line = CrisisResource.objects.get(name="Shout")
    page.goto(f"/admin/guides/crisisresource/{line.pk}/change/")
    page.get_by_label("Number to text").fill("85259")
    page.get_by_label("Why this change").fill("Shout's page lists 85259 now.")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".errorlist.nonfield")).to_contain_text(
        "Nothing was saved: this change needs a second person’s approval. "
        "What you typed is still here."
    )
    expect(page.locator("#id_text_number_error")).to_contain_text(
        "This change needs a second person’s approval."
    )
    expect(page.get_by_label("Number to text")).to_have_value("85259")
    expect(page.get_by_label("Why this change")).to_have_value("Shout's page lists 85259 now.")
    page.goto("/help-now/?region=UK")
    expect(page.get_by_role("link", name="Text SHOUT to 85258")).to_be_visible()
