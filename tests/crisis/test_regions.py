"""Which region's lines a person sees, with no silent default to one country: the region they
chose, then the one their browser's time zone points to (site.js keeps it in a cookie), then the
region of their browser's language, else "anywhere else". Spain and Mexico are made here, so
these tests do not depend on content/crisis.yaml having them."""

import datetime
import os
import re
from pathlib import Path

import pytest
import tzdata
from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from guides import content_cache
from guides.content_version import content_changed
from guides.models import CrisisResource, Region
from guides.models.base import approved_write
from guides.services.crisis.regions import ZONE_REGION_COOKIE, region_from_accept_language
from tests.base import text_of

pytestmark = pytest.mark.django_db

CHECKED = datetime.date(2026, 12, 7)


@pytest.fixture
def spain_and_mexico(content):
    """Two regions as staff would add them: a line each, and the emergency number (made here,
    in place of content/crisis.yaml's, so the test holds whatever that file ships)."""
    with approved_write():  # as a second person's approval writes them
        Region.objects.filter(code__in=["ES", "MX"]).delete()
        spain = Region.objects.create(code="ES", name="Spain", name_es="España", order=7)
        mexico = Region.objects.create(code="MX", name="Mexico", name_es="México", order=8)
        for region, name, phone, emergency in (
            (spain, "Línea 024", "024", "112"),
            (mexico, "Línea de la Vida", "800 911 2000", "911"),
        ):
            CrisisResource.objects.create(
                region=region, name=name, phone=phone, language="es", last_checked=CHECKED
            )
            CrisisResource.objects.create(
                region=region,
                name="Emergencias",
                phone=emergency,
                is_emergency=True,
                last_checked=CHECKED,
            )
    content_changed()
    return spain, mexico


@pytest.mark.parametrize(
    ("header", "region"),
    [
        ("en-GB", "UK"),
        ("en-gb", "UK"),
        ("en_GB", "UK"),
        ("es-MX", "MX"),
        ("es-ES,es;q=0.9", "ES"),
        ("es-MX,es;q=0.8,en-US;q=0.5,en;q=0.3", "MX"),
        ("en-GB,en-US;q=0.9,en;q=0.8", "UK"),
        ("es", ""),  # Spanish alone says nothing of the country
        ("es, en-US;q=0.9", ""),  # only the first choice counts
        ("en-US;q=0.5, en-GB", "UK"),  # the first choice by quality, not by place
        ("zh-Hant-TW", "TW"),  # a script before the region
        ("es-419", "419"),  # Latin America as a whole: no list, so "anywhere else"
        ("en-GB;q=0", ""),
        ("*", ""),
        ("", ""),
        ("en-GB;q=x", "UK"),
        ("<script>-XX", ""),
        ("en-" + "G" * 300, ""),
    ],
)
def test_the_region_of_the_browsers_language(header, region):
    assert region_from_accept_language(header) == region


def lines(response) -> list[str]:
    return re.findall(r'href="tel:([0-9+]+)"', response.content.decode())


def test_nobody_is_shown_the_us_lines_without_a_reason(client, content):
    response = client.get("/help-now/")
    text = text_of(response)
    assert "Lines for Anywhere else" in text
    assert "988" not in text and "911" not in lines(response)
    # The choice of region is at the top, before the lines.
    html = response.content.decode()
    assert html.index('name="region"') < html.index("resource-list")


def test_a_browser_in_english_for_the_uk_sees_samaritans_first(client, content):
    response = client.get("/help-now/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Lines for United Kingdom" in text_of(response)
    assert lines(response)[0] == "116123"
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]
    assert "region" not in response.cookies  # a guess is not the person's choice


def test_the_persons_choice_comes_before_the_time_zone_and_the_language(client, content):
    client.cookies["region"] = "AU"
    client.cookies[ZONE_REGION_COOKIE] = "CA"
    response = client.get("/help-now/", headers={"Accept-Language": "en-GB"})
    assert "Lines for Australia" in text_of(response)
    assert "data-region-detect" not in response.content.decode()  # site.js leaves it be


def test_the_time_zone_comes_before_the_language(client, content):
    client.cookies[ZONE_REGION_COOKIE] = "IE"
    response = client.get("/help-now/", headers={"Accept-Language": "en-GB"})
    assert "Lines for Ireland" in text_of(response)
    # Not chosen by the person: site.js may still correct it from the time zone.
    assert 'data-region-shown="IE" data-region-detect' in response.content.decode()


@pytest.mark.parametrize("asked", ["gb", "GB", "uk", " Uk "])
def test_region_codes_are_taken_in_any_case(client, content, asked):
    response = client.get("/help-now/", {"region": asked})
    assert "Lines for United Kingdom" in text_of(response)
    assert "We don’t have a list" not in text_of(response)
    assert response.cookies["region"].value == "UK"


def test_choosing_a_region_from_a_panel_takes_any_case_too(client, content):
    response = client.get("/help-now/region/", {"region": "gb", "next": "/checklist/"})
    assert response["Location"] == "/checklist/"
    assert response.cookies["region"].value == "UK"


@pytest.mark.parametrize("asked", ["ZZ", "fr", "<b>", "US;drop"])
def test_a_region_with_no_list_says_so_and_shows_anywhere_else(client, content, asked):
    client.cookies["region"] = "US"  # even after choosing the US before
    response = client.get("/help-now/", {"region": asked})
    text = text_of(response)
    assert "We don’t have a list for that region yet" in text
    assert "Lines for Anywhere else" in text
    assert "988" not in text
    assert "region" not in response.cookies  # the earlier choice stays


def test_a_guessed_region_with_no_list_says_so_plainly(client, content):
    response = client.get("/help-now/", headers={"Accept-Language": "es-CO"})
    text = text_of(response)
    assert "We don’t have a list of lines for your region yet" in text
    assert "Lines for Anywhere else" in text and "988" not in text


def test_a_region_staff_removed_shows_anywhere_else_not_another_country(client, content):
    client.cookies["region"] = "IE"
    with approved_write():  # approved by a second person
        Region.objects.filter(code="IE").delete()
    content_changed()
    text = text_of(client.get("/help-now/"))
    assert "Lines for Anywhere else" in text
    assert "We don’t have a list of lines for your region yet" in text


def test_without_anywhere_else_it_says_to_call_the_local_emergency_number(client, content):
    with approved_write():  # approved by a second person
        Region.objects.filter(code="INT").delete()
    content_changed()
    text = text_of(client.get("/help-now/", {"region": "ZZ"}))
    assert "call your local emergency number" in text
    assert "988" not in text and "116 123" not in text


def test_spain_and_mexico_on_the_spanish_help_now(client, spain_and_mexico):
    spain = client.get("/es/help-now/", headers={"Accept-Language": "es-ES,es;q=0.9"})
    assert "Líneas para España" in text_of(spain)
    assert lines(spain) == ["024", "112"]
    mexico = Client().get("/es/help-now/", headers={"Accept-Language": "es-MX"})
    assert "Líneas para México" in text_of(mexico)
    assert lines(mexico) == ["8009112000", "911"]
    zone = Client()
    zone.cookies[ZONE_REGION_COOKIE] = "MX"  # a browser in America/Mexico_City, in English
    assert "Líneas para México" in text_of(
        zone.get("/es/help-now/", headers={"Accept-Language": "en-US"})
    )


def test_anywhere_else_in_spanish_names_911_and_112(client, content):
    text = text_of(client.get("/es/help-now/", headers={"Accept-Language": "es"}))
    assert "Líneas para Cualquier otro lugar" in text
    assert "En México, Estados Unidos y Canadá, es el 911" in text
    assert "En todos los países de la Unión Europea, el número es el 112" in text


def test_the_offline_page_follows_the_same_rules(client, content):
    response = client.get("/offline/", headers={"Accept-Language": "en-GB"})
    assert "Lines for United Kingdom" in text_of(response)
    assert "Accept-Language" in response["Vary"]
    assert "Lines for Anywhere else" in text_of(Client().get("/offline/"))


def test_a_crisis_result_follows_the_browsers_language(client, content):
    from guides.models import Statement

    crisis = Statement.objects.get(is_crisis=True)
    result = client.post("/checklist/", {"statements": [crisis.pk]})["Location"]
    response = client.get(result, headers={"Accept-Language": "en-AU"})
    assert "These lines are for Australia" in text_of(response)
    assert "Accept-Language" in response["Vary"]


def test_pages_without_lines_do_not_vary_on_the_language(client, content):
    for url in ["/", "/guide/", "/about/"]:
        assert "Accept-Language" not in client.get(url)["Vary"], url


def test_help_now_reads_no_regions_again_until_staff_change_them(
    client, content, check_every_minute
):
    client.get("/help-now/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/help-now/", headers={"Accept-Language": "en-GB"})
    assert "Lines for United Kingdom" in text_of(response)
    assert not [q for q in queries if "guides_region" in q["sql"] or "crisisresource" in q["sql"]]


def test_a_kept_page_is_kept_per_region_of_the_browsers_language(content):
    factory = RequestFactory()
    british = factory.get("/guide/", headers={"Accept-Language": "en-GB"})
    american = factory.get("/guide/", headers={"Accept-Language": "en-US"})
    spanish = factory.get("/guide/", headers={"Accept-Language": "es"})
    for request in (british, american, spanish):
        request.COOKIES = {}
    keys = {content_cache._shared_page_key(r, "guide/overview.html") for r in (british, american)}
    assert len(keys) == 2
    chosen = factory.get("/guide/", headers={"Accept-Language": "es"})
    chosen.COOKIES = {"region": "UK"}
    assert content_cache._shared_page_key(chosen, "x") != content_cache._shared_page_key(
        spanish, "x"
    )


def zones_in_site_js() -> dict[str, str]:
    """The map in static/js/site.js, zone by zone."""
    source = (Path(settings.BASE_DIR) / "static/js/site.js").read_text()
    block = source.split("var ZONES = {", 1)[1].split("};", 1)[0]
    found = {}
    for code, text in re.findall(r"(\w+):\s*((?:\"[^\"]*\"\s*\+?\s*)+)", block):
        for zone in "".join(re.findall(r'"([^"]*)"', text)).split():
            assert zone not in found, f"{zone} is in the map twice"
            found[zone] = code
    return found


def test_the_time_zone_map_has_every_zone_of_each_region_and_no_other():
    zone_tab = Path(os.path.dirname(tzdata.__file__)) / "zoneinfo" / "zone.tab"
    regions = {"US": "US", "GB": "UK", "CA": "CA", "IE": "IE", "AU": "AU", "ES": "ES", "MX": "MX"}
    expected = {}
    for line in zone_tab.read_text().splitlines():
        if line and not line.startswith("#"):
            country, _coordinates, zone = line.split("\t")[:3]
            if country in regions:
                expected[zone] = regions[country]
    expected.pop("Antarctica/Macquarie")  # an island with no phones for these lines
    mapped = zones_in_site_js()
    for zone, code in expected.items():
        assert mapped.get(zone) == code, zone
    # The rest are the old names of the same zones, which some browsers still give.
    for zone, code in mapped.items():
        assert zone in expected or code == expected.get(_canonical(zone)), zone
    # The regions site.js names are regions content/crisis.yaml ships, or Spain and Mexico.
    assert set(mapped.values()) == set(regions.values())


def _canonical(zone: str) -> str:
    links = Path(os.path.dirname(tzdata.__file__)) / "zoneinfo" / "tzdata.zi"
    for line in links.read_text().splitlines():
        if line.startswith("L ") and line.split()[2] == zone:
            return line.split()[1]
    return ""
