"""Review dates readers see, "Mark as reviewed", and the checks staff get as they write."""

import contextlib
import datetime
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from reversion.models import Version

from guides.models import CrisisResource, Section
from guides.models.base import approved_write
from guides.services.crisis.proposals import propose_change
from guides.services.guide.content_checks import CheckResult, check_links, check_section
from tests.base import section_form_data, text_of

pytestmark = pytest.mark.django_db


def test_a_section_page_shows_when_it_was_reviewed_and_is_next_due(client, today, content):
    text = text_of(client.get("/guide/faq/"))
    # The content fixture dates the shipped sections a week before today (7 December 2026).
    assert "Page last reviewed: 30 November 2026. Next review due: 30 November 2027." in text
    assert text.index("Page last reviewed") > text.index("Key points")


def test_mark_as_reviewed_records_who_and_when_for_one_or_many(client, today, content, editor):
    Section.objects.update(last_reviewed=datetime.date(2020, 1, 1))
    stale = list(Section.objects.filter(slug__in=["faq", "after"]))
    client.force_login(editor)
    response = client.post(
        reverse("admin:guides_section_changelist"),
        {"action": "mark_reviewed", "_selected_action": [s.pk for s in stale]},
    )
    assert response.status_code == 302
    for section in stale:
        section.refresh_from_db()
        assert section.last_reviewed == today
        assert section.next_review_due.year == today.year + 1
        version = Version.objects.get_for_object(section).first()
        assert version.revision.user == editor
        assert version.revision.comment == "Marked as reviewed"
    assert Section.objects.get(slug="introduction").last_reviewed == datetime.date(2020, 1, 1)


def test_the_list_shows_overdue_sections_first_and_flags_them(client, content, editor):
    Section.objects.filter(slug="after").update(
        last_reviewed=datetime.date(2020, 1, 1), next_review_due=datetime.date(2021, 1, 1)
    )
    client.force_login(editor)
    html = client.get(reverse("admin:guides_section_changelist")).content.decode()
    first_row = html.split('id="result_list"')[1].split("<tr")[2]
    assert "What happens after" in first_row or "after" in first_row
    assert "Overdue since" in first_row
    assert "review-overdue" in first_row


def test_a_link_to_a_page_that_does_not_exist_blocks_the_save(client, content, editor):
    section = Section.objects.get(slug="faq")
    client.force_login(editor)
    response = client.post(
        reverse("admin:guides_section_change", args=[section.pk]),
        section_form_data(section, body=section.body + "\n\nSee [this](/guide/no-such-step/)."),
    )
    assert response.status_code == 200
    assert "/guide/no-such-step/ goes to a page of this site that does not exist" in text_of(
        response
    )
    section.refresh_from_db()
    assert "no-such-step" not in section.body


@pytest.mark.parametrize(
    ("href", "blocked"),
    [
        ("/guide/faq/", False),
        ("/help-now/", False),
        ("/plan/new/", False),
        ("/checklist/", False),
        ("/guide/nope/", True),
        ("/nope/", True),
        ("/plan/00000000-0000-0000-0000-000000000000/", True),  # somebody's own page
    ],
)
def test_site_links(content, href, blocked):
    result = CheckResult()
    check_links([href], result)
    assert bool(result.problems) is blocked


def test_an_external_link_without_https_is_a_warning(content):
    result = CheckResult()
    check_links(["http://example.org/", "https://example.org/"], result)
    assert len(result.warnings) == 1 and not result.problems


def test_reading_grade_and_safe_messaging_on_sample_text(content):
    plain = Section(title="t", summary="s", body="You are not alone. Talk to someone today.")
    assert not check_section(plain).warnings
    hard = Section(
        title="t",
        summary="s",
        body=(
            "Notwithstanding considerable methodological heterogeneity, contemporaneous "
            "epidemiological investigations consistently demonstrate associations between "
            "perceived interpersonal connectedness and psychophysiological resilience."
        ),
    )
    assert any("reads at grade" in warning for warning in check_section(hard).warnings)
    unsafe = Section(title="t", summary="s", body="My friend committed suicide. I miss him.")
    [warning] = [w for w in check_section(unsafe).warnings if "reads at grade" not in w]
    assert "committed suicide" in warning and "died by suicide" in warning


def test_the_content_report_lists_what_needs_a_person_and_fails_on_a_stale_line(
    today, content, capsys
):
    Section.objects.filter(slug="faq").update(next_review_due=datetime.date(2020, 1, 1))
    call_command("content_report")
    out = capsys.readouterr().out
    assert "Sections overdue for review: 1" in out and "first-step/faq" in out
    line = CrisisResource.objects.get(name="Shout")
    with approved_write():
        line.last_checked = today - datetime.timedelta(days=91)
        line.save()
    propose_change(line, details={"phone": "1"}, reason="A test")
    with pytest.raises(CommandError, match="over 90 days"):
        call_command("content_report")
    out = capsys.readouterr().out
    assert "Shout (UK)" in out and "waiting for approval: 1" in out


def test_the_content_report_emails_the_staff_who_can_act(content, editor, superuser, alice):
    from django.core import mail

    call_command("content_report", "--email")
    [message] = mail.outbox
    assert sorted(message.to) == sorted([editor.email, superuser.email])


def test_publishing_from_the_list_is_in_the_history(client, content, editor):
    section = Section.objects.get(slug="faq")
    before = section.updated_at
    client.force_login(editor)
    client.post(
        reverse("admin:guides_section_changelist"),
        {"action": "unpublish", "_selected_action": [section.pk]},
    )
    section.refresh_from_db()
    assert not section.is_published and section.updated_at > before
    version = Version.objects.get_for_object(section).first()
    assert version.revision.comment == "Unpublished" and version.revision.user == editor


def test_view_on_site_goes_where_readers_see_it(content):
    from guides.admin.checklist import BarrierAdmin, ContactKindAdmin, StatementAdmin

    assert Section.objects.get(slug="faq").get_absolute_url() == "/guide/faq/"
    line = CrisisResource.objects.get(name="Shout")
    assert line.get_absolute_url() == "/help-now/?region=UK"
    assert ContactKindAdmin.shown_on == "/plan/new/who/"
    assert BarrierAdmin.shown_on == "/plan/new/support/"
    assert StatementAdmin.get_view_on_site_url(None) == "/checklist/"


def test_staff_preview_counts_steps_as_readers_do(client, content, editor):
    Section.objects.filter(slug="neuroscience").update(is_published=False)
    client.force_login(editor)
    overview = client.get("/guide/").content.decode()
    assert "not published" in overview
    assert "Step 5 of 10" in text_of(client.get("/guide/types-of-help/"))
    hidden = text_of(client.get("/guide/neuroscience/"))
    assert "Not published: readers see 10 steps without it" in hidden
    assert "Step 5 of 11" not in hidden


def test_staff_see_edit_this_page_and_readers_do_not(client, content, editor):
    section = Section.objects.get(slug="faq")
    edit = reverse("admin:guides_section_change", args=[section.pk])
    assert edit not in Client().get("/guide/faq/").content.decode()
    client.force_login(editor)
    assert edit in client.get("/guide/faq/").content.decode()
    response = client.post(edit, section_form_data(section), follow=True)
    assert 'href="/guide/faq/"' in response.content.decode()  # "Readers see it here"


def test_readers_see_it_here_links_the_public_page_in_each_language(client, content, editor):
    section = Section.objects.get(slug="faq")
    client.force_login(editor)
    response = client.post(
        reverse("admin:guides_section_change", args=[section.pk]),
        section_form_data(section),
        follow=True,
    )
    html = response.content.decode()
    assert 'href="/guide/faq/"' in html and 'href="/es/guide/faq/"' in html
    assert "/admin/r/" not in html


def test_edit_these_lines_opens_that_region_s_lines(client, content, editor):
    client.force_login(editor)
    page = client.get("/help-now/?region=UK").content.decode()
    link = re.search(r'<a href="([^"]+)">Edit these lines</a>', page).group(1).replace("&amp;", "&")
    lines = text_of(client.get(link))
    assert "Shout" in lines and "988 Suicide &amp; Crisis Lifeline" not in lines
    assert "988 Suicide & Crisis Lifeline" not in lines


def test_bulk_actions_name_the_sections_they_touched(client, content, editor):
    section = Section.objects.get(slug="faq")
    client.force_login(editor)
    response = client.post(
        reverse("admin:guides_section_changelist"),
        {"action": "unpublish", "_selected_action": [section.pk]},
        follow=True,
    )
    assert f"1 section unpublished: {section.title}." in text_of(response)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "He commits\nsuicide"),
        ("en", "she committed suicide"),
        ("en", "committing  suicide"),
        ("es", "Cometió suicidio."),
        ("es", "cometieron\nsuicidio"),
        ("es", "no quiso cometer suicidio"),
        ("es", "un suicidio consumado"),
        ("es", "tras un intento fallido"),
    ],
)
def test_safe_wording_matches_across_line_breaks_and_inflections(content, language, text):
    from guides.services.guide.content_checks import check_wording, safe_wordings

    result = CheckResult()
    check_wording([text], safe_wordings()[language], result)
    assert len(result.warnings) == 1, result.warnings


def test_safe_wording_leaves_other_words_alone(content):
    from guides.services.guide.content_checks import check_wording, safe_wordings

    result = CheckResult()
    check_wording(["We are committed to suicide prevention work."], safe_wordings()["en"], result)
    check_wording(["Intentó hablar; no falló."], safe_wordings()["es"], result)
    assert result.warnings == []


def test_a_hard_paragraph_is_flagged_even_when_the_mean_is_fine(content):
    easy = "You are not alone. Talk to someone today. It can help to say it out loud. " * 6
    hard = (
        "Notwithstanding considerable methodological heterogeneity, contemporaneous "
        "epidemiological investigations consistently demonstrate associations between "
        "perceived interpersonal connectedness and psychophysiological resilience."
    )
    body = f"{easy}\n\n{easy}\n\n{easy}\n\n{hard} {hard}"
    warnings = check_section(Section(title="t", summary="s", body=body)).warnings
    assert not any(w.startswith("It reads at grade") for w in warnings)  # the mean is fine
    assert any(
        w.startswith("A paragraph reads at grade") and "Notwithstanding" in w for w in warnings
    )


@pytest.mark.parametrize(
    ("href", "blocked"),
    [("/help-now", False), ("faq/", True), ("../faq/", False), ("../nope/", True)],
)
def test_links_are_checked_as_django_and_the_browser_resolve_them(content, href, blocked):
    result = CheckResult()
    check_links([href], result, page="/guide/types-of-help/")
    assert bool(result.problems) is blocked


def test_the_content_report_lists_wording_and_link_warnings(content, capsys):
    section = Section.objects.get(slug="faq")
    section.body = section.body + "\n\nMy uncle committed\nsuicide. See [this](/guide/gone/)."
    section.save()
    with contextlib.suppress(CommandError):
        call_command("content_report")
    out = capsys.readouterr().out
    assert "first-step/faq: Safe-messaging guidance advises against" in out
    assert "first-step/faq: The link to /guide/gone/ goes to a page" in out


def test_mark_as_reviewed_names_open_warnings_and_asks_first(client, today, content, editor):
    Section.objects.update(last_reviewed=datetime.date(2020, 1, 1))
    warned = Section.objects.get(slug="types-of-help")  # a paragraph over grade 10
    clean = Section.objects.get(slug="faq")
    [warning] = check_section(warned).warnings
    client.force_login(editor)
    changelist = reverse("admin:guides_section_changelist")
    page = client.post(
        changelist, {"action": "mark_reviewed", "_selected_action": [warned.pk, clean.pk]}
    )
    assert page.status_code == 200  # asks first
    html = page.content.decode()
    assert escape(warning) in html and str(warned) in html
    assert f'name="_selected_action" value="{warned.pk}"' in html
    assert f'name="_selected_action" value="{clean.pk}"' not in html
    clean.refresh_from_db()
    warned.refresh_from_db()
    assert clean.last_reviewed == today  # no warnings: marked at once, as before
    assert warned.last_reviewed == datetime.date(2020, 1, 1)  # not yet
    confirmed = client.post(
        changelist,
        {"action": "mark_reviewed", "_selected_action": [warned.pk], "confirm_warnings": "yes"},
    )
    assert confirmed.status_code == 302
    warned.refresh_from_db()
    assert warned.last_reviewed == today
    assert Version.objects.get_for_object(warned).first().revision.comment == "Marked as reviewed"
