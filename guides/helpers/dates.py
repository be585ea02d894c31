"""Dates, times and time zones in words, as a person would say them: "Tuesday 1 December, 9:30 am,
UK time", never 2026-12-01 or Europe/London. Each language orders them its own way ("martes, 1 de
diciembre"). Babel (CLDR's data) says times, dates and cities in the reader's language; a day
with its weekday is a translated format, as Babel's shortens the Spanish weekday ("mar, 1 de")."""

import datetime
import zoneinfo
from functools import lru_cache

from babel.core import get_global
from babel.dates import format_date, format_skeleton, get_timezone_location
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy, pgettext, to_locale
from django.utils.translation import gettext as _

# Old names of zones, each with the one it became: Asia/Calcutta is Asia/Kolkata, and Babel names
# both "Kolkata". Only the new name is offered.
ALIASES = get_global("zone_aliases")

# Babel's name for each language; English as the site writes it: "1 December", "9:30 am".
BABEL_LOCALES = {"en": "en_GB", "es": "es"}

# The zones most people here choose (by their new names: US/Eastern is America/New_York), named as
# they would name them. Any other zone is named after its city: "Buenos Aires time".
ZONE_NAMES = {
    "Europe/London": gettext_lazy("UK time"),
    "Europe/Dublin": gettext_lazy("Irish time"),
    "America/New_York": gettext_lazy("US Eastern time"),
    "America/Chicago": gettext_lazy("US Central time"),
    "America/Denver": gettext_lazy("US Mountain time"),
    "America/Phoenix": gettext_lazy("Arizona time"),
    "America/Los_Angeles": gettext_lazy("US Pacific time"),
    "America/Anchorage": gettext_lazy("Alaska time"),
    "Pacific/Honolulu": gettext_lazy("Hawaii time"),
    "America/Toronto": gettext_lazy("Eastern time in Canada"),
    "America/Vancouver": gettext_lazy("Pacific time in Canada"),
    "Australia/Sydney": gettext_lazy("Sydney time"),
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
    place = city_in_words(time_zone, babel_locale())
    return _("%(place)s (%(area)s)") % {"place": place, "area": AREAS[area]}


def time_zone_choices(known: frozenset[str], current: str = "") -> list:
    """The choices of a <select> of places: those most people choose, then every other place
    (zones named after a city, not old names such as US/Eastern or Asia/Calcutta) in alphabetical
    order. A current zone that is neither is kept at the top, so a plan's own zone is never lost."""
    first = [(zone, str(name)) for zone, name in PLACES if zone in known]
    others = list(_other_places(known, babel_locale()))
    if current in known and all(zone != current for zone, _ in first + others):
        first.insert(0, (current, place_in_words(current)))
    return [
        (_("Places many people choose"), first),
        (_("Every other place"), others),
    ]


# Kept per language: some 400 places, named and sorted, for each page that offers them.
@lru_cache(maxsize=8)
def _other_places(known: frozenset[str], locale: str) -> tuple[tuple[str, str], ...]:
    listed = {zone for zone, _name in PLACES}
    zones = (zone for zone in known if zone not in listed and zone not in ALIASES)
    places = [(zone, place_in_words(zone)) for zone in zones if zone.partition("/")[0] in AREAS]
    return tuple(sorted(places, key=lambda choice: choice[1].casefold()))


def zone_in_words(time_zone: str) -> str:
    if (name := ZONE_NAMES.get(ALIASES.get(time_zone, time_zone))) is not None:
        return str(name)
    city = city_in_words(time_zone, babel_locale())
    return _("%(city)s time") % {"city": city.partition(", ")[0]}  # "Knox", not "Knox, Indiana"


def babel_locale() -> str:
    language = get_language() or settings.LANGUAGE_CODE
    return BABEL_LOCALES.get(language) or to_locale(language)


@lru_cache(maxsize=2048)
def city_in_words(time_zone: str, locale: str) -> str:
    """The zone's city in the reader's language: "Tokio", "Knox, Indiana", "St John’s"."""
    city = get_timezone_location(time_zone, locale=locale, return_city=True)
    return ", ".join(reversed(city.split("/")))  # one CLDR has no name for: "Argentina/Salta"


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
    return format_date(_local_date(value), "long", locale=babel_locale())


def weekday_date_in_words(value: datetime.date | datetime.datetime) -> str:
    """'Tuesday 1 December 2026' (a datetime: its date where the site is)."""
    return date_format(
        _local_date(value), pgettext("a day in words, with the weekday and the year", "l j F Y")
    )


def time_in_words(moment: datetime.time) -> str:
    """'9:30 am'; noon is '12:00 pm'; '9:30 a. m.' in Spanish, never broken across two lines."""
    return _time_in_words(moment, get_language())


@lru_cache(maxsize=4096)
def _time_in_words(moment: datetime.time, language: str | None) -> str:
    return format_skeleton("hmm", moment, locale=babel_locale())


def deadline_in_words(day: datetime.date, moment: datetime.time | None, time_zone: str) -> str:
    """'Tuesday 1 December, 9:30 am, UK time', or 'Tuesday 1 December, UK time'."""
    parts = [day_in_words(day, time_zone)]
    if moment is not None:
        parts.append(time_in_words(moment))
    parts.append(zone_in_words(time_zone))
    return ", ".join(parts)
