"""The plan's deadline as an iCalendar file (RFC 5545), made with the icalendar library."""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from guides.models import Plan

TIMED_ALARM_BEFORE = datetime.timedelta(minutes=30)
# For an all-day deadline, remind at 9 in the morning of the day.
ALL_DAY_ALARM_AFTER_MIDNIGHT = datetime.timedelta(hours=9)


def plan_ics(plan: Plan) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//First Step//Plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")

    event = Event()
    event.add("uid", f"{plan.pk}@first-step")
    event.add("dtstamp", timezone.now())
    # Only the title the person chose: never the contact, the script or the barriers. It is in the
    # language the plan was made in (a new plan's title starts as that language's "Reach out").
    in_its_language = {"language": plan.language or settings.LANGUAGE_CODE}
    event.add("summary", plan.event_title, parameters=in_its_language)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", plan.event_title, parameters=in_its_language)
    if plan.due_time is None:
        event.add("dtstart", plan.due_date)
        event.add("dtend", plan.due_date + datetime.timedelta(days=1))
        alarm.add("trigger", ALL_DAY_ALARM_AFTER_MIDNIGHT)
    else:
        start = datetime.datetime.combine(plan.due_date, plan.due_time, tzinfo=plan.zone)
        event.add("dtstart", start)
        event.add("dtend", start + datetime.timedelta(minutes=30))
        alarm.add("trigger", -TIMED_ALARM_BEFORE)
    event.add_component(alarm)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
