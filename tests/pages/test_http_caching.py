"""HTTP caching: pages stay private to their reader; static files have hashed names, kept long."""

import re

import pytest
from django.http import HttpResponse
from django.templatetags.static import static
from django.test import Client, RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

from guides.models import Session
from guides.services.guide.reading import READ_COOKIE
from tests.base import production_static_settings

pytestmark = pytest.mark.django_db

ONE_YEAR = 60 * 60 * 24 * 365


@pytest.mark.parametrize("url", ["/", "/guide/", "/guide/barriers/", "/checklist/", "/help-now/"])
def test_pages_are_private_to_their_reader_and_checked_again_before_reuse(client, content, url):
    response = client.get(url)
    assert response["Cache-Control"] == "private, no-cache"
    assert "Cookie" in response["Vary"]
    assert response["ETag"]


def test_an_unchanged_page_is_a_304_and_still_records_reading(content):
    first = Client().get("/guide/barriers/")
    again = Client().get("/guide/barriers/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again.cookies[READ_COOKIE].value == first.cookies[READ_COOKIE].value
    assert not Session.objects.exists()


def test_a_page_with_someones_answers_is_never_stored(client, content):
    response = client.post("/checklist/", {"statements": []})
    for url in (response["Location"], "/checklist/history/", "/guide/", "/"):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control


@pytest.mark.parametrize("url", ["/", "/guide/barriers/", "/plan/", "/account/"])
def test_a_signed_in_persons_pages_are_never_stored(client, content, alice, url):
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    assert "Cookie" in response["Vary"]


def test_static_files_have_hashed_names_and_are_cached_for_ever(collected_static):
    with production_static_settings(collected_static):
        url = static("css/site.css")
        assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)
        whitenoise = WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))
        response = whitenoise(RequestFactory().get(url, headers={"Accept-Encoding": "gzip, br"}))
        unhashed = whitenoise(RequestFactory().get("/static/css/site.css"))
    response.close()
    unhashed.close()
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response["Vary"]
    directives = response["Cache-Control"].split(", ")
    assert "immutable" in directives and "public" in directives
    max_age = int(next(d for d in directives if d.startswith("max-age="))[8:])
    assert max_age >= ONE_YEAR
    # A name without a hash can change with a deploy, so it is kept only briefly.
    assert unhashed["Cache-Control"] == "max-age=60, public"


def test_pages_link_to_the_hashed_names(content, collected_static):
    with production_static_settings(collected_static):
        html = Client().get("/checklist/").content.decode()
    for name in ("css/site", "js/site", "django_htmx/htmx-2.min"):
        assert re.search(rf'"/static/{name}\.[0-9a-f]{{12}}\.(css|js)"', html), name
