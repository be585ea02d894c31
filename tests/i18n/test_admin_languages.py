"""Staff edit both languages of what readers see, side by side, on one page in the admin."""

import pytest
from django.test import Client
from django.urls import reverse

from guides.models import CrisisResource, Section, Statement
from guides.services.guide.content_checks import check_section
from tests.base import section_form_data, text_of

pytestmark = pytest.mark.django_db


def test_a_sections_page_has_each_field_in_english_and_in_spanish(client, content, editor):
    client.force_login(editor)
    section = Section.objects.get(slug="barriers")
    html = client.get(reverse("admin:guides_section_change", args=[section.pk])).content.decode()
    for name in ("title", "summary", "body", "key_points", "action_text"):
        assert f'name="{name}_en"' in html and f'name="{name}_es"' in html
    assert section.title_es in html and "css/admin-languages.css" in html
    assert "Title (English)" in html and "Title (Español)" in html


def test_an_edit_to_the_spanish_reaches_spanish_readers_and_leaves_the_english(
    client, content, editor
):
    client.force_login(editor)
    section = Section.objects.get(slug="barriers")
    english_before = text_of(Client().get("/guide/barriers/"))
    response = client.post(
        reverse("admin:guides_section_change", args=[section.pk]),
        section_form_data(section, title_es="Lo que te frena", body_es="Hay cosas que frenan."),
    )
    assert response.status_code == 302
    spanish = text_of(Client().get("/es/guide/barriers/"))
    assert "Lo que te frena" in spanish and "Hay cosas que frenan." in spanish
    assert text_of(Client().get("/guide/barriers/")) == english_before


def test_hard_spanish_is_flagged_by_its_own_measure():
    section = Section(title_en="t", summary_en="s", body_en="You are not alone.")
    section.body_es = "No estás solo. Habla con alguien hoy."
    assert not check_section(section).warnings
    section.body_es = (
        "Independientemente de la considerable heterogeneidad metodológica, las investigaciones "
        "epidemiológicas contemporáneas demuestran consistentemente asociaciones significativas "
        "entre la conectividad interpersonal percibida y la resiliencia psicofisiológica."
    )
    [warning] = check_section(section).warnings
    assert "Fernández-Huerta" in warning


@pytest.mark.parametrize(
    ("model", "fields"),
    [(Statement, ["text", "hint"]), (CrisisResource, ["name", "description", "hours"])],
)
def test_other_content_is_edited_in_both_languages(client, content, editor, model, fields):
    client.force_login(editor)
    obj = model.objects.first()
    url = reverse(f"admin:guides_{model._meta.model_name}_change", args=[obj.pk])
    html = client.get(url).content.decode()
    for name in fields:
        assert f'name="{name}_en"' in html and f'name="{name}_es"' in html


def test_spanish_words_safe_messaging_advises_against_are_flagged(content):
    section = Section(title_en="t", summary_en="s", body_en="You are not alone.")
    section.body_es = "Su hermano cometió suicidio el año pasado. Hoy habla de eso."
    [warning] = check_section(section).warnings
    assert "cometió suicidio" in warning and "murió por suicidio" in warning
