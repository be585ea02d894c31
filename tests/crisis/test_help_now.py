"""Get help now: the lines of the reader's region, the region remembered, and the words around
the lines (leaving no trace, texting, emergency help, keeping someone safe)."""

import pytest

from tests.base import text_of

pytestmark = pytest.mark.django_db


def test_help_now_shows_the_default_regions_lines(client, content, settings):
    settings.SITE_REGION = "US"
    text = text_of(client.get("/help-now/"))
    assert "Lines for United States" in text
    assert "Call 988" in text and "Text 741741" in text and "Call 911" in text
    assert "Details last checked" in text


def test_help_now_remembers_the_chosen_region(client, content):
    response = client.get("/help-now/?region=uk")
    assert "Lines for United Kingdom" in text_of(response)
    assert "Call 116 123" in text_of(response)
    assert response.cookies["region"].value == "UK"
    assert "Lines for United Kingdom" in text_of(client.get("/help-now/"))


def test_help_now_uses_the_site_region_setting(client, content, settings):
    settings.SITE_REGION = "UK"
    assert "Lines for United Kingdom" in text_of(client.get("/help-now/"))


def test_an_unknown_region_says_so_and_shows_help_for_anywhere_never_another_country(
    client, content, settings
):
    settings.SITE_REGION = "US"  # even where the site's default is a country
    response = client.get("/help-now/?region=ZZ")
    assert response.status_code == 200
    assert "We don’t have a list for that region yet" in text_of(response)
    assert 'aria-invalid="true"' in response.content.decode()
    assert "Lines for Anywhere else" in text_of(response)
    assert "988" not in text_of(response)
    assert "region" not in response.cookies


def test_help_now_says_how_to_leave_no_trace(client, content):
    text = text_of(client.get("/help-now/"))
    assert "To clear this site from your browser’s history" in text
    assert "A private or incognito window leaves less behind" in text


def _region_with(code: str, lines: list[dict]):
    import datetime

    from guides.models import CrisisResource, Region
    from guides.models.base import approved_write

    with approved_write():  # as a second person's approval writes them
        region = Region.objects.create(code=code, name=f"Region {code}")
        for line in lines:
            CrisisResource.objects.create(
                region=region, last_checked=datetime.date(2026, 12, 1), **line
            )
    return region


def test_help_now_says_lines_take_texts_only_when_one_at_the_top_does(client, db):
    _region_with(
        "TA",
        [
            {"name": "Talk Line", "phone": "0800 000"},
            {"name": "Text Line", "text_number": "85258", "text_keyword": "HI"},
            {"name": "Chat Line", "web_url": "https://example.org/", "audience": "cannot_talk"},
        ],
    )
    _region_with(
        "TB",
        [
            {"name": "Talk Line", "phone": "0800 000"},
            {"name": "Emergency", "phone": "999", "text_number": "999", "is_emergency": True},
            {"name": "Chat Line", "web_url": "https://example.org/", "audience": "cannot_talk"},
        ],
    )
    texting = text_of(client.get("/help-now/?region=TA"))
    assert "At the top of this page, you can also text: Text Line." in texting
    assert "HI is just the word you send first, to start the conversation." in texting
    talking_only = text_of(client.get("/help-now/?region=TB"))
    assert "Can’t talk on the phone?" in talking_only
    assert "you can also text" not in talking_only
    assert "take texts too" not in talking_only


def test_help_now_says_plainly_that_emergency_help_may_be_sent(client, content):
    text = text_of(client.get("/help-now/"))
    assert "Most calls are handled by talking." in text
    assert "may send emergency help, sometimes without asking first" in text
    assert "usually tell you first" not in text
    assert "These services are free" not in text


def test_help_now_tells_a_worried_person_how_to_keep_someone_safe_now(client, content):
    text = text_of(client.get("/help-now/"))
    assert "offer to keep their medicines for a while" in text
    assert "Check in with them again in the next few days" in text
