"""The crisis lines themselves: every line tells its hours, the Spanish-speaking regions show
their own lines, and each way to reach a line (textphone, e-mail, WhatsApp) is a real link."""

import datetime
import importlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from guides.admin.crisis import CrisisResourceAdmin
from guides.models import CrisisResource, Region
from tests.base import text_of
from tests.crisis.test_crisis_words import every_crisis_line_in_content


@pytest.mark.parametrize("line", every_crisis_line_in_content(), ids=lambda line: line["name"])
def test_every_shipped_line_tells_its_hours_in_both_languages(line):
    # A person deciding whether to call at 3am needs to know if anyone will answer.
    assert line.get("hours"), f"{line['name']} has no hours"
    assert line.get("hours_es"), f"{line['name']} has no hours in Spanish"


@pytest.mark.parametrize("line", every_crisis_line_in_content(), ids=lambda line: line["name"])
def test_a_keyword_is_explained_in_spanish(line):
    # "Envía AYUDA" reads as "send help"; "envía la palabra START" says what to type.
    keyword = line.get("text_keyword")
    if keyword and keyword in line.get("description_es", ""):
        assert re.search(rf"la palabra “?{re.escape(keyword)}", line["description_es"]), line[
            "name"
        ]


def test_spain_shows_024_and_112_in_english(client, content):
    html = client.get("/help-now/?region=ES").content.decode()
    text = text_of(client.get("/help-now/?region=ES"))
    assert "Lines for Spain" in text
    assert 'href="tel:024"' in html and "Call 024" in text
    assert 'href="tel:112"' in html
    # Spain's lines answer in Spanish: an English page says so, and shows no other country's.
    assert "Most of these lines answer in Spanish." in text
    assert "Most of these lines answer in English." not in text
    assert "tel:988" not in html and "tel:116123" not in html


def test_mexico_shows_the_linea_de_la_vida_and_911_in_spanish(client, content):
    html = client.get("/es/help-now/?region=MX").content.decode()
    text = text_of(client.get("/es/help-now/?region=MX"))
    assert "Línea de la Vida" in text
    assert 'href="tel:8009112000"' in html
    assert 'href="tel:911"' in html
    assert "Las 24 horas, todos los días" in text
    with translation.override("es"):
        english_notice = translation.gettext("Most of these lines answer in English.")
    assert english_notice not in text


def test_spain_on_spanish_pages_needs_no_language_notice(client, content):
    region = Region.objects.get(code="ES")
    with translation.override("es"):
        assert region.language_notice == ""
    with translation.override("en"):
        assert region.language_notice == "Most of these lines answer in Spanish."
    with translation.override("es"):
        assert Region.objects.get(code="UK").language_notice  # the UK's answer in English


def test_a_textphone_number_is_a_tel_link(client, content):
    html = client.get("/help-now/?region=UK").content.decode()
    link = re.search(r'<a [^>]*href="tel:1800108088088000"[^>]*>([^<]*)</a>', html)
    assert link, "Lifeline's textphone is not a tel: link"
    assert "Textphone (TTY) 18001 0808 808 8000" in link.group(1)


def test_an_email_address_is_a_mailto_link(client, content):
    html = client.get("/help-now/?region=UK").content.decode()
    assert re.search(r'href="mailto:jo@samaritans.org"[^>]*>E-mail jo@samaritans.org', html)


def test_a_whatsapp_number_is_a_wa_me_link_with_its_digits(client, content):
    html = client.get("/es/help-now/?region=ES").content.decode()
    link = re.search(r'<a [^>]*href="https://wa.me/34600000016"[^>]*>([^<]*)', html)
    assert link, "016's WhatsApp is not a wa.me link"
    assert "+34 600 000 016" in link.group(1)


def test_a_whatsapp_number_given_only_in_letters_is_not_offered(client, content):
    # Crisis Text Line publishes "442-AYUDAME": letters a reader cannot use, and digits that no
    # page of the service gives.
    html = client.get("/es/help-now/?region=US").content.decode()
    assert "AYUDAME" not in html and "wa.me/1442" not in html


def test_a_line_for_part_of_the_region_says_which_part(client, content):
    text = text_of(client.get("/help-now/?region=UK"))
    assert re.search(r"NHS 111 Wales Wales only", text)
    assert re.search(r"Breathing Space Scotland only", text)
    text_es = text_of(client.get("/es/help-now/?region=UK"))
    assert "Solo en Gales" in text_es


def test_breathing_space_shows_its_evening_hours_not_24_hours(client, content):
    line = CrisisResource.objects.get(name="Breathing Space")
    assert "6pm to 2am" in line.hours_en
    assert "24 hours" not in line.hours_en


def make_line(**fields) -> CrisisResource:
    return CrisisResource(
        region=Region.objects.get(code="UK"),
        name="A line",
        last_checked="2026-12-07",
        source_url="https://example.org/",
        **fields,
    )


def test_a_whatsapp_number_needs_its_country_code(content):
    with pytest.raises(ValidationError) as error:
        make_line(whatsapp_number="442-298-3263").full_clean()
    assert "whatsapp_number" in error.value.message_dict
    make_line(whatsapp_number="+1 442-298-3263").full_clean()  # a line reached only on WhatsApp


def test_a_textphone_number_is_one_dialable_number(content):
    with pytest.raises(ValidationError) as error:
        make_line(phone="111", textphone="18001 or 999").full_clean()
    assert "textphone" in error.value.message_dict


def test_the_admin_shows_what_the_textphone_and_whatsapp_buttons_do(content):
    line = CrisisResource.objects.get(region__code="ES", phone="016")
    shown = CrisisResourceAdmin.dials(None, line)  # type: ignore[arg-type]
    assert "https://wa.me/34600000016" in shown
    lifeline = CrisisResource.objects.get(name="Lifeline (Northern Ireland)")
    assert "tel:1800108088088000" in CrisisResourceAdmin.dials(None, lifeline)  # type: ignore[arg-type]


def test_a_new_whatsapp_number_waits_for_a_second_person(content):
    assert "whatsapp_number" in CrisisResource.CONTACT_FIELDS
    assert "textphone" in CrisisResource.CONTACT_FIELDS


def test_lifeline_australia_says_what_a_call_costs(content):
    # Lifeline charges a local call from a landline: its line must not promise a free call.
    line = CrisisResource.objects.get(region__code="AU", name="Lifeline")
    assert "landline" in line.description_en and "local call" in line.description_en


def test_the_migration_corrects_a_line_loaded_before_but_not_a_staff_edit(content):
    # load_content never changes a line it created: sites that loaded the lines before get the
    # corrections from the migration, only where the shipped value is still there.
    from django.apps import apps

    migration = importlib.import_module(
        "guides.migrations.0015_crisis_lines_textphone_whatsapp_area"
    )
    from guides.models.base import approved_write

    with approved_write():  # as the lines stood before, and a staff edit a second person approved
        chat = CrisisResource.objects.get(source_key="US/988 Suicide & Crisis Lifeline")
        chat.web_url, chat.last_checked = "https://988lifeline.org/", datetime.date(2026, 11, 29)
        chat.save()
        textphone = CrisisResource.objects.get(source_key="US/National Domestic Violence Hotline")
        textphone.textphone = ""
        textphone.save()
        edited = CrisisResource.objects.get(source_key="UK/Samaritans")
        edited.email = "a-staff-edit@example.org"
        edited.save()

    with approved_write():  # a migration's historical models know no rule; these are real ones
        migration.correct_the_lines_loaded_before(apps, None)

    chat.refresh_from_db()
    assert chat.web_url == "https://988lifeline.org/chat/"
    assert chat.last_checked == datetime.date(2026, 12, 7)
    textphone.refresh_from_db()
    assert textphone.textphone == "800-787-3224"
    edited.refresh_from_db()
    assert edited.email == "a-staff-edit@example.org"


def test_the_veterans_line_has_a_heading_of_its_own_and_does_not_lead(client, content):
    # It is reached by dialling 988 and pressing 1: among the lines for everyone it would be a
    # second "Call 988" that means something else.
    html = client.get("/help-now/?region=US").content.decode()
    veterans = html.index('id="lines-veterans-title"')
    assert "Served in the armed forces?" in html[veterans : veterans + 200]
    assert html.index("Veterans Crisis Line") > veterans
    us = Region.objects.prefetch_related("resources").get(code="US")
    with translation.override("en"):
        assert "Veterans Crisis Line" not in [line.name for line in us.lines_for_everyone]
