"""The words a person in crisis reads: suicide is named, promises are true, lines are checked."""

import datetime
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from guides.helpers.readability import reading_grade
from guides.models import CrisisResource, Region, Section, Statement
from guides.models.base import approved_write
from guides.services.content_loading import ContentError, load_content
from tests.base import CONTENT_DIR, text_of

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Jargon the guide explains in everyday words instead, and words safe-messaging guidance
# (Samaritans, reportingonsuicide.org) asks us never to use.
NOT_IN_THE_GUIDE = [
    "polyvagal",
    "mirror neuron",
    "co-regulation",
    "experiential avoidance",
    "self-efficacy",
    "accountability partner",
    "committed suicide",
    "successful suicide",
    "failed attempt",
    "harshest judge",
    "glad to be asked",
]


def every_crisis_line_in_content() -> list[dict]:
    data = yaml.safe_load((CONTENT_DIR / "crisis.yaml").read_text(encoding="utf-8"))
    return [line for region in data["regions"] for line in region["resources"]]


def test_the_crisis_statement_and_every_crisis_page_name_suicide(client, content):
    statement = Statement.objects.get(is_crisis=True)
    assert "suicide" in statement.text.lower()
    panel = (TEMPLATES / "includes" / "crisis_panel.html").read_text()
    help_now = text_of(client.get("/help-now/"))
    assert "suicide" in panel.lower() and "suicide" in help_now.lower()
    assert "harming yourself" not in panel and "harming yourself" not in help_now


def test_no_page_thanks_a_person_for_telling_us():
    # Nobody reads the answers: thanking someone for "telling us" promises a reply that never
    # comes to a person who may be waiting for one.
    for path in TEMPLATES.rglob("*"):
        if path.is_file():
            assert "thank you for telling us" not in path.read_text().lower(), path


def test_the_crisis_panel_says_nobody_sees_the_answers_and_asks_for_contact_now(client, content):
    statement = Statement.objects.get(is_crisis=True)
    response = client.post("/checklist/", {"statements": [statement.pk]})
    text = text_of(client.get(response["Location"]))
    assert "Nobody at First Step sees your answers" in text
    assert "Please contact one of these people now" in text


@pytest.mark.parametrize("line", every_crisis_line_in_content(), ids=lambda line: line["name"])
def test_every_crisis_line_says_where_and_when_it_was_checked(line):
    assert line["source_url"].startswith(("https://", "http://"))
    assert isinstance(line["last_checked"], datetime.date)
    assert line["last_checked"] <= datetime.date.today()


def test_the_loader_refuses_a_crisis_line_with_no_source(tmp_path, db):
    (tmp_path / "guides").mkdir()
    (tmp_path / "crisis.yaml").write_text(
        "regions:\n  - code: XX\n    name: Somewhere\n    resources:\n"
        "      - name: A line\n        phone: '123'\n        last_checked: 2026-11-29\n"
    )
    with pytest.raises(ContentError, match="source_url"):
        load_content(tmp_path)
    assert not Region.objects.filter(code="XX").exists()


def test_every_region_has_an_emergency_route(content):
    for region in Region.objects.prefetch_related("resources"):
        emergency = [r for r in region.resources.all() if r.is_emergency]
        assert emergency, f"{region.name} has no emergency number"
        assert all(r.phone for r in emergency)


def test_anywhere_else_gives_112_and_the_emergency_department(client, content):
    text = text_of(client.get("/help-now/?region=INT"))
    assert "Call 112" in text
    assert "emergency department" in text


def test_the_988_chat_button_says_chat_online_and_opens_the_chat(client, content):
    html = client.get("/help-now/?region=US").content.decode()
    assert re.search(r'href="https://988lifeline.org/chat/"[^>]*>Chat online', html)
    assert 'href="https://988lifeline.org/"' not in html  # the home page, not the chat
    assert "Open the 988" not in html


def test_help_now_lists_lines_for_young_people_and_people_not_safe_at_home(client, content):
    text = text_of(client.get("/help-now/?region=UK"))
    assert text.index("Under 18?") < text.index("Childline") < text.index("Not safe at home?")
    assert "National Domestic Abuse Helpline" in text
    assert "Can’t talk on the phone?" in text and "emergencySMS" in text
    assert "What happens when I call?" in text and "Worried about someone else?" in text


def test_a_drinking_tick_shows_samhsa_in_the_us(client, content):
    client.cookies["region"] = "US"
    statement = Statement.objects.get(key="unhealthy-coping")
    response = client.post("/checklist/", {"statements": [statement.pk]})
    text = text_of(client.get(response["Location"]))
    assert "Lines that can help with this" in text and "SAMHSA" in text
    assert "Call 1-800-662-4357" in text
    assert "crisis-panel" not in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "path", sorted((CONTENT_DIR / "guides").glob("*/*.md")), ids=lambda path: path.name
)
def test_each_guide_section_reads_at_grade_8_or_below(path):
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert reading_grade(body) <= 8


def test_the_guide_uses_everyday_words_and_safe_messaging(content):
    for section in Section.objects.all():
        words = " ".join(
            [section.title, section.summary, section.body, section.key_points, section.action_text]
        ).lower()
        for phrase in NOT_IN_THE_GUIDE:
            assert phrase not in words, f"{section.slug}: {phrase!r}"


def test_a_crisis_line_can_be_reached_by_e_mail_alone(db):
    with approved_write():
        region = Region.objects.create(code="XX", name="Somewhere")
    line = CrisisResource(
        region=region,
        name="By e-mail",
        email="help@example.org",
        last_checked=datetime.date.today(),
        source_url="https://example.org/",
    )
    line.full_clean()
