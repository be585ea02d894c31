"""Dates, times and time zones in words, as a person would say them: "Tuesday 1 December, 9:30 am,
UK time", never 2026-12-01 or Europe/London. Each language orders them its own way ("martes, 1 de
diciembre"): the date formats are translated strings, with contexts that say what they are."""

import datetime
import zoneinfo
from functools import lru_cache

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

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


# The places a plan's time zone is chosen from first, by the names people know them by. The
# value kept is the zone's IANA name; nobody has to know it.
PLACES = [
    ("Europe/London", gettext_lazy("United Kingdom")),
    ("Europe/Dublin", gettext_lazy("Ireland")),
    ("Europe/Madrid", gettext_lazy("Spain (mainland and Balearic Islands)")),
    ("Atlantic/Canary", gettext_lazy("Canary Islands")),
    ("America/Mexico_City", gettext_lazy("Mexico (most of the country)")),
    ("America/Cancun", gettext_lazy("Mexico: Quintana Roo (Cancún)")),
    ("America/Tijuana", gettext_lazy("Mexico: Baja California (Tijuana)")),
    ("America/New_York", gettext_lazy("US Eastern (New York, Miami)")),
    ("America/Chicago", gettext_lazy("US Central (Chicago, Houston)")),
    ("America/Denver", gettext_lazy("US Mountain (Denver)")),
    ("America/Phoenix", gettext_lazy("Arizona")),
    ("America/Los_Angeles", gettext_lazy("US Pacific (Los Angeles, Seattle)")),
    ("America/Anchorage", gettext_lazy("Alaska")),
    ("Pacific/Honolulu", gettext_lazy("Hawaii")),
    ("America/Puerto_Rico", gettext_lazy("Puerto Rico")),
    ("America/Toronto", gettext_lazy("Canada Eastern (Toronto, Montreal)")),
    ("America/Winnipeg", gettext_lazy("Canada Central (Winnipeg)")),
    ("America/Edmonton", gettext_lazy("Canada Mountain (Calgary, Edmonton)")),
    ("America/Vancouver", gettext_lazy("Canada Pacific (Vancouver)")),
    ("America/Halifax", gettext_lazy("Canada Atlantic (Halifax)")),
    ("Australia/Sydney", gettext_lazy("Australia: Sydney, Melbourne, Canberra")),
    ("Australia/Brisbane", gettext_lazy("Australia: Queensland (Brisbane)")),
    ("Australia/Adelaide", gettext_lazy("Australia: South Australia (Adelaide)")),
    ("Australia/Perth", gettext_lazy("Australia: Western Australia (Perth)")),
    ("Pacific/Auckland", gettext_lazy("New Zealand")),
    ("America/Guatemala", gettext_lazy("Guatemala")),
    ("America/El_Salvador", gettext_lazy("El Salvador")),
    ("America/Tegucigalpa", gettext_lazy("Honduras")),
    ("America/Costa_Rica", gettext_lazy("Costa Rica")),
    ("America/Panama", gettext_lazy("Panama")),
    ("America/Havana", gettext_lazy("Cuba")),
    ("America/Santo_Domingo", gettext_lazy("Dominican Republic")),
    ("America/Bogota", gettext_lazy("Colombia")),
    ("America/Caracas", gettext_lazy("Venezuela")),
    ("America/Guayaquil", gettext_lazy("Ecuador (mainland)")),
    ("America/Lima", gettext_lazy("Peru")),
    ("America/La_Paz", gettext_lazy("Bolivia")),
    ("America/Santiago", gettext_lazy("Chile (most of the country)")),
    ("America/Argentina/Buenos_Aires", gettext_lazy("Argentina")),
    ("America/Montevideo", gettext_lazy("Uruguay")),
    ("America/Asuncion", gettext_lazy("Paraguay")),
    ("America/Sao_Paulo", gettext_lazy("Brazil (São Paulo, Brasília)")),
    ("UTC", gettext_lazy("UTC (coordinated universal time)")),
]

# The first part of a zone's name, for the places not listed above: "Lagos (Africa)".
AREAS = {
    "Africa": gettext_lazy("Africa"),
    "America": gettext_lazy("the Americas"),
    "Antarctica": gettext_lazy("Antarctica"),
    "Asia": gettext_lazy("Asia"),
    "Atlantic": gettext_lazy("Atlantic Ocean"),
    "Australia": gettext_lazy("Australia"),
    "Europe": gettext_lazy("Europe"),
    "Indian": gettext_lazy("Indian Ocean"),
    "Pacific": gettext_lazy("Pacific Ocean"),
}


def place_in_words(time_zone: str) -> str:
    """A zone as a place: "United Kingdom", or for the rest "Lagos (Africa)"."""
    for zone, name in PLACES:
        if zone == time_zone:
            return str(name)
    area, _slash, rest = time_zone.partition("/")
    if area not in AREAS or not rest:
        return zone_in_words(time_zone)
    parts = [part.replace("_", " ") for part in reversed(rest.split("/"))]
    return _("%(place)s (%(area)s)") % {"place": ", ".join(parts), "area": AREAS[area]}


def time_zone_choices(known: frozenset[str], current: str = "") -> list:
    """The choices of a <select> of places: those most people choose, then every other place
    (zones named after a city, not old aliases such as US/Eastern) in alphabetical order. A
    current zone that is neither is kept at the top, so a plan's own zone is never lost."""
    listed = {zone for zone, _name in PLACES}
    first = [(zone, str(name)) for zone, name in PLACES if zone in known]
    others = sorted(
        (
            (zone, place_in_words(zone))
            for zone in known
            if zone not in listed and "/" in zone and zone.partition("/")[0] in AREAS
        ),
        key=lambda choice: choice[1].casefold(),
    )
    if current in known and current not in listed and all(zone != current for zone, _ in others):
        first.insert(0, (current, place_in_words(current)))
    return [
        (_("Places many people choose"), first),
        (_("Every other place"), others),
    ]


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
    return _day_in_words(day, day.year == today_in(time_zone).year, get_language())


# Words for a day, and for a time, are worked out once per language and kept: a plan page says
# its date twice (the sentence and the summary), and every page of plans says each plan's.
@lru_cache(maxsize=4096)
def _day_in_words(day: datetime.date, this_year: bool, language: str | None) -> str:
    if this_year:
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
    return _time_in_words(moment, get_language())


@lru_cache(maxsize=4096)
def _time_in_words(moment: datetime.time, language: str | None) -> str:
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
