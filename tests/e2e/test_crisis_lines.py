"""The lines of Spain and Mexico, and the ways to reach a line that are not a call or a text, in
Chromium with JavaScript on and off: what a person in Madrid or Monterrey sees and can press.
Their pages' accessibility and HTML are checked with every page's (tests/e2e/test_every_page.py,
`-k "help-now-spain or es-help-now-mexico"`)."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_mexico_in_spanish_leads_with_the_linea_de_la_vida(javascript_page):
    page = javascript_page
    page.goto("/es/help-now/?region=MX")
    expect(page.get_by_role("heading", name="Líneas para México")).to_be_visible()
    lines = page.locator("#region-title ~ .resource-list .resource")
    expect(lines.first).to_contain_text("Línea de la Vida")
    expect(lines.first.get_by_role("link", name="Llamar al 800 911 2000")).to_have_attribute(
        "href", "tel:8009112000"
    )
    expect(lines.last.get_by_role("link", name="Llamar al 911")).to_be_visible()
    # Mexico's lines answer in Spanish: a Spanish page needs no note about the language.
    expect(page.locator("main")).not_to_contain_text("atienden en inglés")


def test_spain_in_english_says_its_lines_answer_in_spanish(javascript_page):
    page = javascript_page
    page.goto("/help-now/?region=ES")
    expect(page.get_by_role("note")).to_have_text("Most of these lines answer in Spanish.")
    expect(page.get_by_role("link", name="Call 024")).to_have_attribute("href", "tel:024")
    expect(page.get_by_role("link", name="Call 112")).to_be_visible()


def test_whatsapp_and_textphone_are_buttons_a_person_can_press(javascript_page):
    page = javascript_page
    page.goto("/es/help-now/?region=ES")
    whatsapp = page.get_by_role("link", name="WhatsApp +34 600 000 016")
    expect(whatsapp).to_have_attribute("href", "https://wa.me/34600000016")
    page.goto("/help-now/?region=UK")
    textphone = page.get_by_role("link", name="Textphone (TTY) 18001 0808 808 8000")
    expect(textphone).to_have_attribute("href", "tel:1800108088088000")
    expect(page.get_by_role("link", name="E-mail jo@samaritans.org")).to_have_attribute(
        "href", "mailto:jo@samaritans.org"
    )
