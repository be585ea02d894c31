"""'I did it, but it didn't go well': an honest button that leads kindly to the backup and help."""

import datetime

import pytest

from guides.models import ContactKind, Plan
from tests.base import make_plan, text_of

pytestmark = pytest.mark.django_db


def test_it_is_offered_beside_i_did_it(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice)
    html = client.get(f"/plan/{plan.pk}/").content.decode()
    assert f'action="/plan/{plan.pk}/done-not-well/"' in html
    assert html.index(f"/plan/{plan.pk}/done/") < html.index(f"/plan/{plan.pk}/done-not-well/")


def test_it_keeps_that_they_reached_out_and_offers_the_backup_and_help(client, content, alice):
    client.force_login(alice)
    plan = make_plan(
        user=alice, backup_kind=ContactKind.objects.get(slug="helpline"), backup_name="Samaritans"
    )
    response = client.post(f"/plan/{plan.pk}/done-not-well/", {"outcome_note": "They laughed."})
    assert response.status_code == 302 and response["Location"] == f"/plan/{plan.pk}/"
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DONE_NOT_WELL
    assert plan.outcome_note == "They laughed."
    page = client.get(response["Location"])
    text = text_of(page)
    assert "says nothing about whether you deserve help" in text
    assert "Plan to try my backup: Samaritans" in text
    assert 'href="/help-now/"' in page.content.decode()

    backup = client.post(f"/plan/{plan.pk}/backup/")
    assert backup["Location"] == "/plan/new/how/"
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DONE_NOT_WELL  # they did reach out; that stays true


def test_without_a_backup_it_offers_someone_else(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice, status=Plan.Status.DONE_NOT_WELL)
    assert "Plan to try someone else" in text_of(client.get(f"/plan/{plan.pk}/"))
    assert client.post(f"/plan/{plan.pk}/backup/")["Location"] == "/plan/new/who/"


def test_it_refuses_a_get(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice)
    assert client.get(f"/plan/{plan.pk}/done-not-well/").status_code == 405
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PLANNED


def test_the_plan_card_says_when_in_words(client, today, content, alice):
    client.force_login(alice)
    a_year_on = today.replace(year=today.year + 1)
    plan = make_plan(user=alice, due_date=a_year_on, due_time=datetime.time(9, 30))
    text = text_of(client.get(f"/plan/{plan.pk}/"))
    assert "Tuesday 7 December 2027, 9:30 am, UK time" in text
    assert "On Tuesday 7 December 2027 at 9:30 am, I will call Dr Lee's office." in text
    assert "Europe/London" not in text and "2027-12-07" not in text
