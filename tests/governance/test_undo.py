"""Undo touches only what you undo: revert and recover bring back one object's own fields, never
other objects that shared a revision; the published state, review dates and reason stay."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Revision, Version

from guides.models import CrisisResource, ProposedChange, Section
from tests.base import load_real_content, section_form_data, text_of
from tests.crisis.test_crisis_approval import propose
from tests.governance.test_every_path import form_on

pytestmark = pytest.mark.django_db


def fields_of(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_recovering_one_section_leaves_everything_else_as_it_was(client, content, editor, approver):
    section_a = Section.objects.get(slug="faq")
    section_b = Section.objects.get(slug="ripple-effects")
    line = CrisisResource.objects.get(region__code="US", name="988 Suicide & Crisis Lifeline")
    client.force_login(editor)
    # 1. Edit section A.
    client.post(
        reverse("admin:guides_section_change", args=[section_a.pk]),
        section_form_data(section_a, title="Questions people ask", change_reason="Plainer"),
    )
    # 2. A crisis-line change, approved by a second person.
    propose(client, line, web_url="https://988lifeline.org/get-help/")
    client.force_login(approver)
    proposal = ProposedChange.objects.get()
    client.post(
        reverse("admin:guides_proposedchange_decide", args=[proposal.pk]), {"decision": "approve"}
    )
    section_a.refresh_from_db()
    line.refresh_from_db()
    a_before = {f.attname: getattr(section_a, f.attname) for f in Section._meta.concrete_fields}
    line_before = {
        f.attname: getattr(line, f.attname) for f in CrisisResource._meta.concrete_fields
    }
    others_before = {
        s.pk: (s.title, s.last_reviewed, s.next_review_due, s.is_published)
        for s in Section.objects.exclude(pk__in=[section_a.pk, section_b.pk])
    }
    # 3. Delete section B, then recover it.
    client.force_login(editor)
    client.post(reverse("admin:guides_section_delete", args=[section_b.pk]), {"post": "yes"})
    assert not Section.objects.filter(pk=section_b.pk).exists()
    [version] = Version.objects.get_deleted(Section)
    recover = reverse("admin:guides_section_recover", args=[version.pk])
    data = form_on(client.get(recover), "section_form")
    data["change_reason"] = ["Deleted by mistake"]
    response = client.post(recover, data)
    assert response.status_code == 302
    assert Section.objects.get(pk=section_b.pk).title == version.field_dict["title"]
    # 4. A's edit and the approved line are exactly as they were; so is every other section.
    section_a.refresh_from_db()
    line.refresh_from_db()
    assert fields_of(section_a) == a_before
    assert fields_of(line) == line_before
    assert line.web_url == "https://988lifeline.org/get-help/"
    assert others_before == {
        s.pk: (s.title, s.last_reviewed, s.next_review_due, s.is_published)
        for s in Section.objects.exclude(pk__in=[section_a.pk, section_b.pk])
    }
    recovered = Version.objects.get_for_object_reference(Section, section_b.pk).first()
    assert "Deleted by mistake" in recovered.revision.comment
    assert recovered.revision.version_set.count() == 1


def test_load_content_writes_one_revision_per_object(db):
    load_real_content()
    revisions = Revision.objects.filter(comment="content files")
    assert revisions.count() > 100
    assert all(revision.version_set.count() == 1 for revision in revisions)
    assert Version.objects.count() == revisions.count()


def test_a_revert_keeps_published_state_review_dates_and_the_reason(client, content, editor):
    section = Section.objects.get(slug="faq")
    loaded = Version.objects.get_for_object(section).last()
    client.force_login(editor)
    change = reverse("admin:guides_section_change", args=[section.pk])
    client.post(change, section_form_data(section, title="A title with a typo"))
    client.post(
        reverse("admin:guides_section_changelist"),
        {"action": "unpublish", "_selected_action": [section.pk]},
    )
    client.post(
        reverse("admin:guides_section_changelist"),
        {"action": "mark_reviewed", "_selected_action": [section.pk]},
    )
    section.refresh_from_db()
    reviewed, due = section.last_reviewed, section.next_review_due
    assert not section.is_published and reviewed == datetime.date.today()
    revert = reverse("admin:guides_section_revision", args=[section.pk, loaded.pk])
    page = client.get(revert)
    data = form_on(page, "section_form")
    assert data["title_en"] == [loaded.field_dict["title_en"]]  # the form shows the old words
    assert "is_published" not in data  # and the published state as it is now
    data["change_reason"] = ["The typo went live"]
    assert client.post(revert, data).status_code == 302
    section.refresh_from_db()
    assert section.title == loaded.field_dict["title"]
    assert not section.is_published  # stays unpublished: the editor did not change it
    assert (section.last_reviewed, section.next_review_due) == (reviewed, due)
    latest = Version.objects.get_for_object(section).first()
    assert "The typo went live" in latest.revision.comment
    assert "Brought back the version of" in latest.revision.comment
    assert "A title with a typo" not in text_of(Client().get("/guide/"))
