"""The web app manifest, the service worker's script and the offline page, as the server sends
them; what they do in a browser is in tests/e2e/test_offline.py."""

import json

import pytest

from guides.models import SiteSettings
from guides.services import offline
from tests.base import PASSWORD, make_plan, text_of

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_app_with_the_staffs_discreet_names(client):
    SiteSettings.objects.update_or_create(
        pk=1, defaults={"app_name": "Daily notes", "app_short_name": "Notes"}
    )
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    assert response["Cache-Control"] == "no-cache"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Daily notes"
    assert manifest["short_name"] == "Notes"


def test_the_manifest_has_what_chromium_needs_to_install_it(client):
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert manifest["name"] == manifest["short_name"] == "First Step"  # no settings row yet
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#1d6b69"
    assert manifest["background_color"] == "#fbfaf7"
    icons = {(icon["sizes"], icon["purpose"]): icon["src"] for icon in manifest["icons"]}
    assert icons == {
        ("192x192", "any"): "/static/icons/icon-192.png",
        ("512x512", "any"): "/static/icons/icon-512.png",
        ("512x512", "maskable"): "/static/icons/icon-maskable-512.png",
    }
    for src in icons.values():
        assert client.get(src).status_code == 200


def test_the_spanish_manifest_starts_at_the_spanish_home_page(client):
    manifest = json.loads(client.get("/es/manifest.webmanifest").content)
    assert manifest["start_url"] == "/es/"
    assert manifest["lang"] == "es"
    assert manifest["id"] == "/"  # the same app, whichever language added it


def test_the_manifest_answers_only_get_and_head(client):
    assert client.post("/manifest.webmanifest").status_code == 405
    assert client.post("/sw.js").status_code == 405


def test_every_page_links_the_manifest(client, content):
    html = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    html = client.get("/es/").content.decode()
    assert '<link rel="manifest" href="/es/manifest.webmanifest">' in html


def test_the_service_worker_comes_from_the_root_and_is_asked_for_again_each_time(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    assert "Service-Worker-Allowed" not in response  # its own folder is the root already
    script = response.content.decode()
    assert '"version": "' + offline.static_version() + '"' in script
    assert '"/static/css/site.css"' in script
    assert '"help_now": "/es/help-now/"' in script
    assert '"logout": "/accounts/logout/"' in script


def test_the_csp_lets_only_our_own_worker_and_manifest_load(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["worker-src"] == "'self'"
    assert directives["manifest-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "Content-Security-Policy" in client.get("/sw.js").headers


def test_the_version_changes_with_the_static_files(client, tmp_path, settings):
    before = offline.static_version()
    changed = tmp_path / "css"
    changed.mkdir()
    (changed / "site.css").write_text("body { color: red; }")
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]
    from django.contrib.staticfiles import finders

    finders.get_finder.cache_clear()
    try:
        after = offline.static_version()
        assert after != before
        assert f'"version": "{after}"' in client.get("/sw.js").content.decode()
    finally:
        finders.get_finder.cache_clear()


def test_with_hashed_names_the_version_follows_the_addresses(collected_static):
    from tests.base import production_static_settings

    with production_static_settings(collected_static):
        urls = offline.shell_urls()
        assert all(len(url.split(".")) == 3 for url in urls), urls  # site.<hash>.css
        assert offline.static_version() == offline.static_version()


def test_the_offline_page_lists_the_crisis_lines_of_the_chosen_region(client, content):
    client.cookies["region"] = "UK"
    response = client.get("/offline/")
    assert response.status_code == 200
    text = text_of(response)
    assert "You’re offline" in text
    html = response.content.decode()
    assert 'href="tel:116123"' in html
    assert 'href="sms:85258' in html
    assert 'data-kept-list="first-step-personal"' in html


def test_the_spanish_offline_page_is_in_spanish(client, content):
    response = client.get("/es/offline/")
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    assert 'lang="es"' in response.content.decode()


def test_log_out_has_the_browser_forget_what_it_kept(client, alice):
    client.force_login(alice)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache"'


def test_deleting_the_account_has_the_browser_forget_what_it_kept(client, alice):
    client.force_login(alice)
    response = client.post("/account/delete/", {"password": "wrong"})
    assert "Clear-Site-Data" not in response  # not deleted: nothing to forget yet
    response = client.post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache"'


def test_plan_pages_stay_out_of_every_http_cache(client, content, alice):
    plan = make_plan(user=alice)
    client.force_login(alice)
    response = client.get(plan.get_absolute_url())
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    html = response.content.decode()
    # The buttons are hidden until site.js shows them; the note says why without it.
    assert "Keep this plan on this phone" in html
    assert "Anyone who uses this phone could then see it" in html
    assert "data-keep hidden" in html


def test_staff_choose_the_app_names_in_the_admin_and_the_manifest_follows(
    client, admin_client, settings
):
    settings.CONTENT_CHECK_SECONDS = 60  # as in production: the names are kept between looks
    SiteSettings.load()
    assert json.loads(client.get("/manifest.webmanifest").content)["short_name"] == "First Step"
    too_long = {"show_exit_button": "on", "app_name": "Notes", "app_short_name": "Notes for me, x"}
    response = admin_client.post("/admin/guides/sitesettings/1/change/", too_long)
    assert response.status_code == 200  # the form again, with the error
    assert "at most 12 characters" in response.content.decode()

    names = {"show_exit_button": "on", "app_name": "Daily notes", "app_short_name": "Notes"}
    response = admin_client.post("/admin/guides/sitesettings/1/change/", names)
    assert response.status_code == 302
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert (manifest["name"], manifest["short_name"]) == ("Daily notes", "Notes")
