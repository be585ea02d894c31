"""When the English of a section or a crisis line changes after its Spanish, the Spanish is
flagged "needs updating" in the admin's list and on the form, until someone updates it or
confirms it still says the same."""

import pytest
from django.urls import reverse

from guides.models import CrisisResource, Section
from tests.base import section_form_data, text_of
from tests.governance.test_every_path import form_on

pytestmark = pytest.mark.django_db

NOTE = "The Spanish needs updating"


def row_of(html: str, name: str) -> str:
    return next(row for row in html.split("<tr")[1:] if name in row)


def test_a_section_whose_english_changed_after_its_spanish_is_flagged_until_confirmed(
    client, content, editor
):
    section = Section.objects.get(slug="faq")
    assert section.has_spanish and not section.spanish_needs_updating  # as loaded
    client.force_login(editor)
    change = reverse("admin:guides_section_change", args=[section.pk])
    changelist = reverse("admin:guides_section_changelist")
    assert NOTE not in text_of(client.get(change))
    assert "needs updating" not in row_of(client.get(changelist).content.decode(), section.title)

    client.post(change, section_form_data(section, body=section.body + "\n\nOne more line."))
    section.refresh_from_db()
    assert section.spanish_needs_updating
    assert NOTE in text_of(client.get(change))
    assert "needs updating" in row_of(client.get(changelist).content.decode(), section.title)

    # Someone confirms the Spanish still says the same.
    data = section_form_data(section, spanish_still_same="on")
    assert client.post(change, data).status_code == 302
    section.refresh_from_db()
    assert not section.spanish_needs_updating
    assert NOTE not in text_of(client.get(change))

    # Or updates the Spanish after a change to the English.
    client.post(change, section_form_data(section, title="Questions people ask"))
    section.refresh_from_db()
    assert section.spanish_needs_updating
    client.post(change, section_form_data(section, title_es="Preguntas que la gente hace"))
    section.refresh_from_db()
    assert not section.spanish_needs_updating
    assert section.title_es == "Preguntas que la gente hace"


def test_a_crisis_line_whose_english_changed_is_flagged_until_confirmed(client, content, editor):
    line = CrisisResource.objects.get(region__code="US", name="988 Suicide & Crisis Lifeline")
    assert line.has_spanish and not line.spanish_needs_updating
    client.force_login(editor)
    change = reverse("admin:guides_crisisresource_change", args=[line.pk])
    data = form_on(client.get(change), "crisisresource_form")
    data["description_en"] = [line.description_en + " Open all day."]
    assert client.post(change, data).status_code == 302  # the words save at once
    line.refresh_from_db()
    assert line.description_en.endswith("Open all day.")
    assert line.spanish_needs_updating
    assert NOTE in text_of(client.get(change))
    html = client.get(reverse("admin:guides_crisisresource_changelist")).content.decode()
    assert "needs updating" in row_of(html, "988 Suicide")

    data = form_on(client.get(change), "crisisresource_form")
    data["spanish_still_same"] = ["on"]
    assert client.post(change, data).status_code == 302
    line.refresh_from_db()
    assert not line.spanish_needs_updating
