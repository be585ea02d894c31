"""'Exit this page': on the checklist pages unless staff turn it off, and no query elsewhere."""

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
