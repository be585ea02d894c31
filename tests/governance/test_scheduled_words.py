"""New words for a published section at a date and time: readers keep the words they see until
then, in both languages; publish_scheduled writes them, with one version in the history."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from guides.models import ScheduledSectionWords, Section
from tests.base import section_form_data, text_of

pytestmark = pytest.mark.django_db


def change_url(section) -> str:
    return reverse("admin:guides_section_change", args=[section.pk])


def spanish_url(section) -> str:
    with translation.override("es"):
        return section.get_absolute_url()


def schedule(client, section, when, **changes):
    return client.post(
        change_url(section),
        section_form_data(
            section,
            words_take_effect_at_0=timezone.localtime(when).strftime("%Y-%m-%d"),
            words_take_effect_at_1=timezone.localtime(when).strftime("%H:%M:%S"),
            save_anyway="on",
            **changes,
        ),
    )


def test_new_words_wait_for_their_time_and_publish_scheduled_applies_them(
    client, today, content, editor
):
    section = Section.objects.get(slug="faq")
    old_en, old_es, old_order = section.title_en, section.title_es, section.order
    versions = Version.objects.get_for_object(section).count()
    when = timezone.now() + datetime.timedelta(days=2)
    client.force_login(editor)
    response = schedule(
        client,
        section,
        when,
        title_en="Your questions",
        title_es="Tus preguntas",
        order=section.order + 1,
        change_reason="The new wording from Monday",
    )
    assert response.status_code == 302, text_of(response)
    section.refresh_from_db()
    # The words wait; what else the form changed is saved now.
    assert (section.title_en, section.title_es) == (old_en, old_es)
    assert section.order == old_order + 1
    scheduled = ScheduledSectionWords.objects.get(section=section)
    assert scheduled.words == {"title_en": "Your questions", "title_es": "Tus preguntas"}
    assert scheduled.reason == "The new wording from Monday"
    # The form and the list say so.
    form = text_of(client.get(change_url(section)))
    assert "New words take effect on" in form and "Title (English), Title (Spanish)" in form
    listed = text_of(client.get(reverse("admin:guides_section_changelist")))
    assert "from " + timezone.localtime(when).strftime("%d %b %Y %H:%M") in listed
    client.logout()
    assert old_en in text_of(client.get("/guide/faq/"))
    assert old_es in text_of(client.get(spanish_url(section)))
    call_command("publish_scheduled")  # not yet
    assert "Your questions" not in text_of(client.get("/guide/faq/"))
    with time_machine.travel(when + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
    assert "Your questions" in text_of(client.get("/guide/faq/"))
    assert "Tus preguntas" in text_of(client.get(spanish_url(section)))
    scheduled.refresh_from_db()
    assert scheduled.status == ScheduledSectionWords.Status.APPLIED
    history = Version.objects.get_for_object(section)
    assert history.count() == versions + 2  # the save that scheduled, and the one that applied
    applied = history.first().revision
    assert "New words took effect as scheduled" in applied.comment
    assert "The new wording from Monday" in applied.comment
    assert applied.user == editor
    assert Version.objects.filter(revision=applied).count() == 1  # that section only


def test_preview_shows_the_scheduled_words_in_each_language(client, today, content, editor):
    section = Section.objects.get(slug="faq")
    client.force_login(editor)
    schedule(
        client,
        section,
        timezone.now() + datetime.timedelta(days=1),
        title_en="Your questions",
        title_es="Tus preguntas",
    )
    url = reverse("admin:guides_section_scheduled_preview", args=[section.pk, "en"])
    english = text_of(client.get(url))
    assert "Preview: the new words that take effect on" in english
    assert "Your questions" in english and "Tus preguntas" not in english
    spanish = client.get(reverse("admin:guides_section_scheduled_preview", args=[section.pk, "es"]))
    assert "Tus preguntas" in text_of(spanish) and 'lang="es"' in spanish.content.decode()
    section.refresh_from_db()
    assert section.title_en != "Your questions"
    client.logout()
    assert client.get(url).status_code == 302  # staff only


def test_cancelled_words_never_take_effect(client, today, content, editor):
    section = Section.objects.get(slug="faq")
    when = timezone.now() + datetime.timedelta(days=1)
    client.force_login(editor)
    schedule(client, section, when, title_en="Your questions")
    section.refresh_from_db()
    response = client.post(
        change_url(section), section_form_data(section, cancel_scheduled_words="on")
    )
    assert response.status_code == 302, text_of(response)
    assert not ScheduledSectionWords.objects.filter(
        section=section, status=ScheduledSectionWords.Status.SCHEDULED
    ).exists()
    assert "No new words wait for a time." in text_of(client.get(change_url(section)))
    assert "Cancelled the scheduled new words." in (
        Version.objects.get_for_object(section).first().revision.comment
    )
    with time_machine.travel(when + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
    section.refresh_from_db()
    assert section.title_en != "Your questions"


def test_newer_scheduled_words_replace_the_older(client, today, content, editor):
    section = Section.objects.get(slug="faq")
    client.force_login(editor)
    schedule(client, section, timezone.now() + datetime.timedelta(days=1), title_en="First")
    section.refresh_from_db()
    schedule(client, section, timezone.now() + datetime.timedelta(days=2), title_en="Second")
    waiting = ScheduledSectionWords.objects.filter(status=ScheduledSectionWords.Status.SCHEDULED)
    assert [w.words["title_en"] for w in waiting] == ["Second"]


def test_words_changed_since_they_were_scheduled_are_not_overwritten(
    client, today, content, editor
):
    section = Section.objects.get(slug="faq")
    when = timezone.now() + datetime.timedelta(days=1)
    client.force_login(editor)
    schedule(client, section, when, title_en="Scheduled title")
    section.refresh_from_db()
    client.post(change_url(section), section_form_data(section, title_en="Edited since"))
    with time_machine.travel(when + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
    section.refresh_from_db()
    assert section.title_en == "Edited since"
    assert ScheduledSectionWords.objects.get().status == "not-applied"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title_en": "New", "is_published": ""}, "Only a published section’s new words"),
        ({}, "Change the words first"),
    ],
)
def test_what_cannot_be_scheduled_is_said_next_to_the_time(
    client, today, content, editor, changes, message
):
    section = Section.objects.get(slug="faq")
    client.force_login(editor)
    response = schedule(client, section, timezone.now() + datetime.timedelta(days=1), **changes)
    assert response.status_code == 200
    assert message in text_of(response)
    assert not ScheduledSectionWords.objects.exists()


def test_a_time_already_past_is_refused(client, today, content, editor):
    section = Section.objects.get(slug="faq")
    client.force_login(editor)
    response = schedule(
        client, section, timezone.now() - datetime.timedelta(hours=1), title_en="New"
    )
    assert response.status_code == 200
    assert "Choose a date and time still to come." in text_of(response)


def test_public_pages_never_query_the_scheduled_words(client, today, content, editor):
    section = Section.objects.get(slug="faq")
    client.force_login(editor)
    schedule(client, section, timezone.now() + datetime.timedelta(days=1), title_en="New")
    client.logout()
    for path in ["/guide/faq/", "/guide/", spanish_url(section)]:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        sql = " ".join(q["sql"] for q in queries.captured_queries).lower()
        assert "scheduledsectionwords" not in sql
        assert len(queries) <= 3
