"""Dates, times and time zones in words, as a person would say them: "Tuesday 1 December, 9:30 am,
UK time", never 2026-12-01 or Europe/London. Each language orders them its own way ("martes, 1 de
diciembre"): the date formats are translated strings, with contexts that say what they are."""

import datetime
import zoneinfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

# The zones most people here choose, named as they would name them. Any other zone is named after
# its city: America/Argentina/Buenos_Aires is "Buenos Aires time".
ZONE_NAMES = {
    "Europe/London": gettext_lazy("UK time"),
    "Europe/Belfast": gettext_lazy("UK time"),
    "Europe/Dublin": gettext_lazy("Irish time"),
    "America/New_York": gettext_lazy("US Eastern time"),
    "US/Eastern": gettext_lazy("US Eastern time"),
    "America/Chicago": gettext_lazy("US Central time"),
    "US/Central": gettext_lazy("US Central time"),
    "America/Denver": gettext_lazy("US Mountain time"),
    "US/Mountain": gettext_lazy("US Mountain time"),
    "America/Phoenix": gettext_lazy("Arizona time"),
    "America/Los_Angeles": gettext_lazy("US Pacific time"),
    "US/Pacific": gettext_lazy("US Pacific time"),
    "America/Anchorage": gettext_lazy("Alaska time"),
    "Pacific/Honolulu": gettext_lazy("Hawaii time"),
    "America/Toronto": gettext_lazy("Eastern time in Canada"),
    "America/Vancouver": gettext_lazy("Pacific time in Canada"),
    "Australia/Sydney": gettext_lazy("Sydney time"),
    "UTC": gettext_lazy("UTC"),
    "Etc/UTC": gettext_lazy("UTC"),
}


def zone_in_words(time_zone: str) -> str:
    if time_zone in ZONE_NAMES:
        return str(ZONE_NAMES[time_zone])
    city = time_zone.rsplit("/", 1)[-1].replace("_", " ")
    return _("%(city)s time") % {"city": city}


def today_in(time_zone: str | None = None) -> datetime.date:
    """Today where the person is (their plan's time zone), else where the site is."""
    if time_zone:
        return timezone.now().astimezone(zoneinfo.ZoneInfo(time_zone)).date()
    return timezone.localdate()


def day_in_words(day: datetime.date, time_zone: str | None = None) -> str:
    """'Tuesday 1 December', with the year only when it is not this year where the person is:
    on 31 December, a plan for 2 January says its year."""
    if day.year == today_in(time_zone).year:
        return date_format(day, pgettext("a day in words, this year", "l j F"))
    return weekday_date_in_words(day)


def _local_date(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def date_in_words(value: datetime.date | datetime.datetime) -> str:
    """'1 December 2026' (a datetime: its date where the site is)."""
    return date_format(_local_date(value), pgettext("a date in words, with the year", "j F Y"))


def weekday_date_in_words(value: datetime.date | datetime.datetime) -> str:
    """'Tuesday 1 December 2026' (a datetime: its date where the site is)."""
    return date_format(
        _local_date(value), pgettext("a day in words, with the weekday and the year", "l j F Y")
    )


def time_in_words(moment: datetime.time) -> str:
    """'9:30 am'; noon is '12:00 pm'."""
    hour = moment.hour % 12 or 12
    if moment.hour < 12:
        return _("%(hour)d:%(minute)02d am") % {"hour": hour, "minute": moment.minute}
    return _("%(hour)d:%(minute)02d pm") % {"hour": hour, "minute": moment.minute}


def deadline_in_words(day: datetime.date, moment: datetime.time | None, time_zone: str) -> str:
    """'Tuesday 1 December, 9:30 am, UK time', or 'Tuesday 1 December, UK time'."""
    parts = [day_in_words(day, time_zone)]
    if moment is not None:
        parts.append(time_in_words(moment))
    parts.append(zone_in_words(time_zone))
    return ", ".join(parts)
