"""The calendar file, parsed back with icalendar."""

import datetime
import zoneinfo

import pytest
from icalendar import Calendar

from tests.base import make_plan

pytestmark = pytest.mark.django_db


def fetch(client, plan) -> Calendar:
    response = client.get(f"/plan/{plan.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    return Calendar.from_ical(response.content)


def test_a_timed_deadline_in_the_persons_time_zone_with_an_alarm(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice, time_zone="America/New_York", event_title="Dentist")
    calendar = fetch(client, plan)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Dentist"
    start = event.decoded("DTSTART")
    assert start == datetime.datetime.combine(
        plan.due_date, datetime.time(9, 30), tzinfo=zoneinfo.ZoneInfo("America/New_York")
    )
    assert str(event["DTSTART"].params["TZID"]) == "America/New_York"
    assert str(event["UID"]) == f"{plan.pk}@first-step"
    assert calendar.walk("VTIMEZONE"), "the time zone is defined in the file"
    [alarm] = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == -datetime.timedelta(minutes=30)


def test_a_deadline_without_a_time_is_all_day(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice, due_time=None)
    [event] = fetch(client, plan).walk("VEVENT")
    assert event.decoded("DTSTART") == plan.due_date
    assert event.decoded("DTEND") == plan.due_date + datetime.timedelta(days=1)
    assert event.walk("VALARM")


def test_the_file_never_carries_the_contact_or_the_script(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice)
    body = client.get(f"/plan/{plan.pk}/calendar.ics").content.decode()
    assert "Dr Lee" not in body and "struggling" not in body and "020 7946" not in body
    assert "Reach out" in body
