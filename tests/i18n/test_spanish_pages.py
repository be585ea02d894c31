"""Spanish under /es/, English where it was: the language comes from the address alone, each page
names its other-language twin, and a person's things are the same in both languages."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import translation

from guides.models import ContactKind, ContactMethod, Plan, Section
from guides.models.planner import if_then_sentence
from tests.base import make_plan, text_of
from tests.planner.test_wizard import draft_id, walk

pytestmark = pytest.mark.django_db

READER_PAGES = ["/", "/guide/", "/guide/barriers/", "/help-now/", "/checklist/", "/privacy/"]


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def alternates(response) -> dict[str, str]:
    html = response.content.decode()
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html))


@pytest.mark.parametrize("path", READER_PAGES)
def test_each_page_is_in_both_languages_and_names_its_twin(client, content, path):
    english = client.get(path)
    spanish = client.get(f"/es{path}")
    assert english.status_code == spanish.status_code == 200
    assert html_lang(english) == "en" and html_lang(spanish) == "es"
    for response in (english, spanish):
        assert alternates(response) == {
            "en": f"http://testserver{path}",
            "es": f"http://testserver/es{path}",
        }
    html = english.content.decode()
    assert f'<a class="language-link" href="/es{path}" hreflang="es" lang="es">Español</a>' in html
    html = spanish.content.decode()
    assert f'<a class="language-link" href="{path}" hreflang="en" lang="en">English</a>' in html


def test_the_language_is_a_link_and_never_a_guess(client, content):
    response = client.get("/guide/", headers={"Accept-Language": "es-MX,es;q=0.9"})
    assert response.status_code == 200 and html_lang(response) == "en"
    assert "Content-Language" not in response or response["Content-Language"] == "en"
    # A language cookie from elsewhere does not move anyone either.
    client.cookies["django_language"] = "es"
    assert html_lang(client.get("/guide/")) == "en"


def test_a_spanish_guide_step_is_written_in_spanish(client, content):
    section = Section.objects.get(slug="barriers")
    page = text_of(client.get("/es/guide/barriers/"))
    assert section.title_es in page and section.title_en not in page
    assert "Lo que se interpone" in page
    assert "not written in your language" not in page


def test_a_step_not_yet_in_spanish_shows_the_english_with_a_note(client, content):
    Section.objects.filter(slug="barriers").update(
        title_es="", summary_es="", body_es="", body_html_es="", key_points_es=""
    )
    from guides.content_version import content_changed

    content_changed()
    section = Section.objects.get(slug="barriers")
    response = client.get("/es/guide/barriers/")
    html = response.content.decode()
    assert html_lang(response) == "es"
    assert section.title_en in text_of(response)
    assert '<div class="prose" lang="en">' in html
    assert '<h1 lang="en">' in html
    # The note is in the page's own language once the interface is translated; here, that it
    # is there at all, where an English reader sees none.
    assert 'class="notice" role="note"' in html
    assert 'class="notice" role="note"' not in client.get("/guide/barriers/").content.decode()


def test_the_spanish_help_now_page_leads_with_the_spanish_lines(client, content):
    client.cookies["region"] = "US"
    page = text_of(client.get("/es/help-now/?region=US"))
    spanish_988 = page.index("Llama al 988 y marca el 2")
    spanish_text = page.index("Envía la palabra AYUDA por mensaje de texto al 741741")
    english_988 = page.index("988 Suicide & Crisis Lifeline")
    assert spanish_988 < english_988 and spanish_text < english_988
    # On English pages the Spanish-only lines are not listed first, or at all.
    english_page = text_of(client.get("/help-now/?region=US"))
    assert "Crisis Text Line en español" not in english_page


def test_the_uk_page_in_spanish_says_its_lines_answer_in_english(client, content):
    response = client.get("/es/help-now/?region=UK")
    assert response.status_code == 200
    assert "Atienden en inglés" in text_of(response)


def test_a_persons_plan_is_the_same_in_both_languages(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice)
    english = client.get(f"/plan/{plan.pk}/")
    spanish = client.get(f"/es/plan/{plan.pk}/")
    assert english.status_code == spanish.status_code == 200
    assert plan.contact_name in text_of(spanish)
    other = Client()
    assert other.get(f"/es/plan/{plan.pk}/").status_code in (302, 404)


def test_a_plan_made_on_spanish_pages_keeps_spanish_and_its_spanish_choices(client, content):
    assert client.get("/es/plan/new/")["Location"] == "/es/plan/new/who/"
    page = text_of(client.get("/es/plan/new/who/"))
    gp = ContactKind.objects.get(slug="gp")
    assert gp.name_es and gp.name_es in page
    walk(client, prefix="/es")
    response = client.post(
        "/es/plan/new/check/", {"draft_id": draft_id(client), "event_title": "Pedir ayuda"}
    )
    assert response.status_code == 302 and response["Location"].startswith("/es/plan/")
    plan = Plan.objects.get()
    assert plan.language == "es"
    calendar = client.get(f"/es/plan/{plan.pk}/calendar.ics")
    assert calendar.status_code == 200 and b"Pedir ayuda" in calendar.content


@pytest.mark.parametrize(
    # Babel's words for the time keep "1:00 p. m." on one line: narrow no-break spaces.
    ("hour", "spanish"),
    [
        (13, "a la 1:00\u202fp.\u202fm."),
        (1, "a la 1:00\u202fa.\u202fm."),
        (14, "a las 2:00\u202fp.\u202fm."),
    ],
)
def test_the_if_then_sentence_says_the_hour_as_spanish_does(content, hour, spanish):
    with translation.override("es"):
        sentence = if_then_sentence(
            kind_name=ContactKind.objects.get(slug="gp").name,
            name="Ana",
            phrase=ContactMethod.objects.get(slug="call").phrase,
            due_date=datetime.date(2027, 3, 2),
            due_time=datetime.time(hour, 0),
            time_zone="Europe/Madrid",
        )
    assert spanish in sentence and sentence.startswith("El martes")
