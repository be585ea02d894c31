"""A refusal inside the admin stays inside the admin: a write the two-person rule refuses
(NeedsSecondPerson), on whatever admin path, is an admin message on an admin page, with nothing
saved: never a 500, never the public error page."""

import pytest
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from guides.models import CrisisResource, Section
from guides.models.base import NeedsSecondPerson
from tests.base import section_form_data
from tests.governance.test_every_path import form_on

pytestmark = pytest.mark.django_db

MESSAGE = "Nothing was saved: this change needs a second person’s approval."
TYPED_BACK = MESSAGE + " What you typed is still here."


def refused(client, response) -> str:
    """The refusal's redirect stays in the admin, and the page it leads to says why."""
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith("/admin/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert MESSAGE in html
    return html


def refused_as_typed(response, *typed: str) -> str:
    """The refused form comes back as it was posted, the refusal at the top."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert TYPED_BACK in html
    assert 'class="errornote"' in html
    for value in typed:
        assert value in html
    return html


@pytest.fixture
def sections_refuse(monkeypatch):
    """As if a section were something a second person must approve, from below the admin."""

    def refuse(self, *args, **kwargs):
        raise NeedsSecondPerson(self, ["title"])

    monkeypatch.setattr(Section, "save", refuse)


def test_the_section_admins_paths_keep_a_refusal_inside_the_admin(
    client, content, editor, sections_refuse
):
    section = Section.objects.get(slug="faq")
    before = (section.title, section.order, section.is_published, section.last_reviewed)
    client.force_login(editor)
    change = reverse("admin:guides_section_change", args=[section.pk])
    changelist = reverse("admin:guides_section_changelist")
    # The change form, with what was typed, and the refusal next to the title.
    html = refused_as_typed(
        client.post(change, section_form_data(section, title_en="A new title typed")),
        "A new title typed",
    )
    assert "A change to the section’s title needs a second person’s approval." in html
    assert 'id="id_title_en_error"' in html
    # The list's own fields.
    page = client.get(changelist)
    data = form_on(page, "changelist-form")
    row = next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.endswith("-id") and value == [str(section.pk)]
    )
    data[f"{row}-order"] = ["99"]
    data["_save"] = ["Save"]
    data.pop("action", None)
    html = refused_as_typed(client.post(changelist, data))
    assert f'name="{row}-order" value="99"' in html
    # A bulk action, and one on several rows: nothing half done.
    other = Section.objects.get(slug="after")
    refused(
        client,
        client.post(
            changelist, {"action": "unpublish", "_selected_action": [section.pk, other.pk]}
        ),
    )
    # Revert to the version loaded.
    loaded = Version.objects.get_for_object(section).last()
    revert = reverse("admin:guides_section_revision", args=[section.pk, loaded.pk])
    data = form_on(client.get(revert), "section_form")
    data["change_reason"] = ["Back as it was"]
    refused_as_typed(client.post(revert, data), "Back as it was")
    section.refresh_from_db()
    other.refresh_from_db()
    assert (section.title, section.order, section.is_published, section.last_reviewed) == before
    assert other.is_published


def test_the_crisis_admins_paths_keep_a_refusal_inside_the_admin(
    client, content, editor, monkeypatch
):
    def refuse(obj, **kwargs):
        raise NeedsSecondPerson(obj, ["phone"])

    monkeypatch.setattr("guides.admin.base.save_or_propose", refuse)
    monkeypatch.setattr("guides.admin.crisis.propose_change", refuse)
    line = CrisisResource.objects.get(region__code="US", name="988 Suicide & Crisis Lifeline")
    client.force_login(editor)
    change = reverse("admin:guides_crisisresource_change", args=[line.pk])
    data = form_on(client.get(change), "crisisresource_form")
    data["phone"] = ["911"]
    data["change_reason"] = ["A test, typed"]
    html = refused_as_typed(client.post(change, data), 'value="911"', "A test, typed")
    assert 'id="id_phone_error"' in html
    refused(
        client,
        client.post(
            reverse("admin:guides_crisisresource_changelist"),
            {"action": "retire", "_selected_action": [line.pk]},
        ),
    )
    line.refresh_from_db()
    assert line.phone == "988" and not line.is_retired


def test_the_refusal_is_worded_in_the_staff_member_s_language(content):
    line = CrisisResource.objects.get(region__code="US", name="988 Suicide & Crisis Lifeline")
    assert str(NeedsSecondPerson(line, ["phone"])) == (
        "A change to the crisis resource’s number to call needs a second person’s approval."
    )
    with translation.override("es"):
        spanish = str(NeedsSecondPerson(line, ["phone"]))
    assert spanish.startswith("Un cambio") and "segunda persona" in spanish
