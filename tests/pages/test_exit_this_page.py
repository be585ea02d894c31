"""'Exit this page': on the checklist pages unless staff turn it off, and no query elsewhere."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guides.models import SiteSettings

EXIT_URL = SiteSettings.EXIT_URL_DEFAULTS["en"]


def test_the_checklist_has_an_exit_link_that_works_without_javascript(client, content):
    html = client.get("/checklist/").content.decode()
    assert 'class="exit-this-page__button"' in html
    assert f'href="{EXIT_URL}"' in html
    assert 'rel="noreferrer"' in html


def test_past_answers_have_the_exit_link_too(client, content):
    assert "exit-this-page__button" in client.get("/checklist/history/").content.decode()


def test_staff_can_turn_the_exit_link_off(client, content):
    SiteSettings.objects.update_or_create(pk=1, defaults={"show_exit_button": False})
    assert "exit-this-page" not in client.get("/checklist/").content.decode()


def test_it_is_on_by_default_before_staff_have_saved_any_settings(client, content):
    SiteSettings.objects.all().delete()
    assert "exit-this-page__button" in client.get("/checklist/").content.decode()
    assert not SiteSettings.objects.exists()  # reading the switch creates nothing


def test_every_guide_page_and_help_now_have_the_button(client, content):
    # Someone who is not safe at home may be reading any of these.
    for url in ["/guide/", "/guide/introduction/", "/help-now/"]:
        assert "exit-this-page__button" in client.get(url).content.decode(), url


def test_guide_pages_read_the_switch_with_the_guides_not_on_their_own(client, content):
    for url in ["/guide/", "/guide/introduction/"]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert "exit-this-page__button" in response.content.decode()
        assert not [q for q in queries if q["sql"].startswith('SELECT "guides_sitesettings"')]


def test_pages_without_the_button_never_read_the_site_settings(client, content):
    for url in ["/", "/about/"]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert "exit-this-page" not in response.content.decode()
        assert not [q for q in queries if "sitesettings" in q["sql"]], url


def test_staff_turning_it_off_in_the_admin_shows_at_once_though_it_is_kept(
    client, content, admin_client, settings
):
    settings.CONTENT_CHECK_SECONDS = 60  # as in production: the switch is kept between looks
    SiteSettings.load()
    assert "exit-this-page__button" in client.get("/checklist/history/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get("/checklist/history/")
    assert not [q for q in queries if "sitesettings" in q["sql"]]

    # The box unticked, the names as they were.
    names = {"app_name": "First Step", "app_short_name": "First Step"}
    response = admin_client.post("/admin/guides/sitesettings/1/change/", names)
    assert response.status_code == 302
    assert SiteSettings.objects.get().show_exit_button is False
    assert "exit-this-page" not in client.get("/checklist/history/").content.decode()


def exit_href(response) -> str:
    html = response.content.decode()
    return html.split('class="exit-this-page__button" href="', 1)[1].split('"', 1)[0]


def test_it_goes_to_an_everyday_page_in_the_pages_language(client, content):
    assert exit_href(client.get("/checklist/")) == "https://www.bbc.co.uk/weather"
    assert exit_href(client.get("/es/checklist/")) == "https://es.wikipedia.org/"
    assert exit_href(client.get("/es/help-now/")) == "https://es.wikipedia.org/"
    assert exit_href(client.get("/es/guide/")) == "https://es.wikipedia.org/"  # with the guides


def test_staff_choose_where_it_goes_for_each_language(client, content, admin_client):
    SiteSettings.load()
    chosen = {
        "show_exit_button": "on",
        "exit_url_en": "https://weather.example.org/",
        "exit_url_es": "https://clima.example.org/hoy",
        "app_name": "First Step",
        "app_short_name": "First Step",
    }
    response = admin_client.post("/admin/guides/sitesettings/1/change/", chosen)
    assert response.status_code == 302
    for url in ("/checklist/", "/guide/", "/help-now/"):
        assert exit_href(client.get(url)) == "https://weather.example.org/", url
    for url in ("/es/checklist/", "/es/guide/", "/es/help-now/"):
        assert exit_href(client.get(url)) == "https://clima.example.org/hoy", url


@pytest.mark.parametrize(
    "address", ["http://weather.example.org/", "javascript:alert(1)", "/help-now/", "weather"]
)
def test_only_an_https_address_is_taken(content, admin_client, address):
    SiteSettings.load()
    response = admin_client.post(
        "/admin/guides/sitesettings/1/change/",
        {"show_exit_button": "on", "exit_url_en": address, "app_name": "A", "app_short_name": "A"},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["exit_url_en"]
    message = "Enter a full address that starts with https://."
    assert errors == [message] if address.startswith("http:") else errors
    assert SiteSettings.objects.get().exit_url_en == SiteSettings.EXIT_URL_DEFAULTS["en"]


def test_an_address_left_empty_is_the_languages_default(client, content):
    SiteSettings.objects.update_or_create(pk=1, defaults={"exit_url_en": "", "exit_url_es": ""})
    assert exit_href(client.get("/checklist/")) == SiteSettings.EXIT_URL_DEFAULTS["en"]
    assert exit_href(client.get("/es/checklist/")) == SiteSettings.EXIT_URL_DEFAULTS["es"]
