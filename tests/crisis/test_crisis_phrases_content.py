"""Crisis phrases are content: loaded from content/, then edited by staff in the admin, and every
page that sends them to the browser has the new words at once."""

import shutil

import pytest
from django.urls import reverse

from guides.helpers.phrase_matching import compile_phrase
from guides.models import CrisisPhrase, Section
from guides.models.base import approved_write
from guides.services.content_loading import ContentError, load_content
from tests.base import (
    CONTENT_DIR,
    approve_every_proposal,
    crisis_words_sent,
    section_form_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def content_copy(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def phrases_sent(client, url="/plan/new/what/") -> dict:
    return crisis_words_sent(client, client.get(url).content.decode())["phrases"]


def test_load_content_creates_the_phrases_of_each_language_once(content_copy):
    load_content(content_copy)
    english = CrisisPhrase.objects.filter(language="en")
    assert english.filter(kind="match", text="kill myself").exists()
    assert english.filter(kind="must_not_match", text="this deadline is killing me").exists()
    assert CrisisPhrase.objects.filter(language="es", kind="match", text="hacerme daño").exists()
    count = CrisisPhrase.objects.count()
    report = load_content(content_copy)
    assert CrisisPhrase.objects.count() == count
    assert not [name for name in report.defaults_created if name.startswith("crisis_phrases:")]


def test_after_the_first_load_the_phrases_are_staffs(content_copy):
    load_content(content_copy)
    phrase = CrisisPhrase.objects.get(language="en", text="end it all")
    with approved_write():  # as a second person's approval writes it
        phrase.is_active = False
        phrase.save()
    load_content(content_copy)
    phrase.refresh_from_db()
    assert not phrase.is_active


@pytest.mark.parametrize(
    "text, problem",
    [
        ("EN:\n  match: [kill myself]\n", "not a language code"),
        ("en:\n  matches: [kill myself]\n", "give only lists named"),
        ("en:\n  match: ['!!!']\n", "is not a phrase of words"),
        ("en:\n  match: [42]\n", "is not a phrase of words"),
        ("en:\n  match: ['" + "word " * 30 + "']\n", "over 100 characters"),
        ("en: [kill myself]\n", "give only lists named"),
    ],
)
def test_the_loader_refuses_a_malformed_phrase_file_and_changes_nothing(
    content_copy, text, problem
):
    (content_copy / "crisis_phrases.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=problem):
        load_content(content_copy)
    assert not CrisisPhrase.objects.exists()
    assert not Section.objects.exists()


def test_a_phrase_staff_add_in_the_admin_reaches_the_next_page(client, content, editor, approver):
    assert compile_phrase("feel like disappearing") not in phrases_sent(client)["match"]
    client.force_login(editor)
    response = client.post(
        reverse("admin:guides_crisisphrase_add"),
        {"text": "Feel like disappearing", "language": "en", "kind": "match", "is_active": "on"},
    )
    assert response.status_code == 200  # a reason is needed: another person approves it
    assert "Say why" in response.content.decode()
    response = client.post(
        reverse("admin:guides_crisisphrase_add"),
        {
            "text": "Feel like disappearing",
            "language": "en",
            "kind": "match",
            "is_active": "on",
            "change_reason": "Heard often on the line.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert compile_phrase("feel like disappearing") not in phrases_sent(client)["match"]
    approve_every_proposal(approver)
    assert compile_phrase("feel like disappearing") in phrases_sent(client)["match"]


def test_a_phrase_staff_switch_off_is_no_longer_sent(client, content, editor, approver):
    phrase = CrisisPhrase.objects.get(language="en", text="end it all")
    assert compile_phrase("end it all") in phrases_sent(client)["match"]
    client.force_login(editor)
    client.post(
        reverse("admin:guides_crisisphrase_change", args=[phrase.pk]),
        # "active" unticked
        {"text": phrase.text, "language": "en", "kind": "match", "change_reason": "Too broad."},
    )
    # until a second person approves
    assert compile_phrase("end it all") in phrases_sent(client)["match"]
    approve_every_proposal(approver)
    assert compile_phrase("end it all") not in phrases_sent(client)["match"]


@pytest.mark.parametrize(
    "fields, field_with_error, said",
    [
        ({"text": "?!", "language": "en", "kind": "match"}, "text", "Write at least one word."),
        ({"text": "me* myself", "language": "en", "kind": "match"}, "text", "three letters"),
        ({"text": "want to die ...", "language": "en", "kind": "match"}, "text", "between two"),
        ({"text": "kill myself", "language": "English", "kind": "match"}, "language", "code"),
    ],
)
def test_the_admin_refuses_a_phrase_with_no_words_a_broken_pattern_or_no_language_code(
    client, content, editor, fields, field_with_error, said
):
    client.force_login(editor)
    count = CrisisPhrase.objects.count()
    response = client.post(reverse("admin:guides_crisisphrase_add"), fields)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert said in " ".join(errors[field_with_error])
    assert fields["text"] in response.content.decode()  # nothing typed is lost
    assert CrisisPhrase.objects.count() == count


def test_the_admin_is_not_listened_to(client, content, editor):
    client.force_login(editor)
    section = Section.objects.get(slug="faq")
    response = client.post(
        reverse("admin:guides_section_change", args=[section.pk]),
        section_form_data(
            section, summary="When you want to kill myself", body="I want to kill myself."
        ),
        follow=True,
    )
    assert response.status_code == 200
    assert "crisis-lines" not in [m.extra_tags for m in response.context["messages"]]
    assert 'class="crisis-panel' not in client.get("/").content.decode()
