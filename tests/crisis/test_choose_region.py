"""Choosing where you are from the crisis panel: remembered in a cookie, never in a session."""

import pytest

from guides.models import Session, Statement
from tests.base import text_of

pytestmark = pytest.mark.django_db


def crisis_result(client) -> str:
    statement = Statement.objects.get(is_crisis=True)
    return client.post("/checklist/", {"statements": [statement.pk]})["Location"]


def test_the_panel_names_the_region_and_offers_to_change_it(client, content, settings):
    settings.SITE_REGION = "US"
    html = client.get(crisis_result(client)).content.decode()
    panel = html.split('class="crisis-panel"')[1].split("</section>")[0]
    assert "These lines are for <strong>United States</strong>." in panel
    assert "Not there? Choose where you are" in panel
    assert 'action="/help-now/region/"' in panel
    assert '<option value="UK">United Kingdom</option>' in panel


def test_choosing_a_region_goes_back_to_the_page_with_its_lines(client, content):
    result = crisis_result(client)
    sessions = Session.objects.count()
    response = client.get("/help-now/region/", {"region": "UK", "next": result})
    assert response.status_code == 302 and response["Location"] == result
    assert response.cookies["region"].value == "UK"
    assert Session.objects.count() == sessions  # a cookie, not a server session
    text = text_of(client.get(result))
    assert "These lines are for United Kingdom" in text and "Call 116 123" in text
    assert "Lines for United Kingdom" in text_of(client.get("/help-now/"))


def test_it_never_sends_a_person_to_another_site(client, content):
    for next_url in ["https://example.org/", "//example.org/", "/\\example.org", "javascript:x"]:
        response = client.get("/help-now/region/", {"region": "UK", "next": next_url})
        assert response["Location"] == "/help-now/", next_url


def test_an_unknown_region_goes_to_help_now_with_a_message(client, content):
    response = client.get("/help-now/region/", {"region": "ZZ", "next": "/checklist/"})
    assert response["Location"] == "/help-now/?region=ZZ"
    assert "region" not in response.cookies
    assert "We don’t have a list for that region yet" in text_of(client.get(response["Location"]))


def test_htmx_gets_the_panel_alone_for_the_new_region(client, content):
    response = client.get(
        "/help-now/region/",
        {"region": "AU"},
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/checklist/"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="crisis-panel"')
    assert "Call 13 11 14" in text_of(response)
    assert 'name="next" value="/checklist/"' in html
    assert response.cookies["region"].value == "AU"


def test_it_refuses_a_post(client, content):
    assert client.post("/help-now/region/", {"region": "UK"}).status_code == 405
