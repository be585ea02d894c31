"""Dates and times in words, as a person says them, on any day the tests run."""

import datetime

import pytest
import time_machine
from django.utils import translation
from hypothesis import example, given
from hypothesis import strategies as st

from guides.helpers.dates import (
    day_in_words,
    deadline_in_words,
    place_in_words,
    time_in_words,
    time_zone_choices,
    today_in,
    zone_in_words,
)

UTC = datetime.UTC


def test_a_deadline_reads_as_words(today):
    day = datetime.date(today.year + 1, 12, 1)
    words = deadline_in_words(day, datetime.time(9, 30), "Europe/London")
    assert words == f"{day:%A} 1 December {day.year}, 9:30 am, UK time"


def test_this_years_dates_leave_out_the_year(today):
    assert day_in_words(today) == f"{today:%A} {today.day} {today:%B}"


@pytest.mark.parametrize(
    ("day", "language", "new_years_eve", "new_years_day"),
    [
        # On New Year's Eve, tomorrow says its year; on New Year's Day, yesterday does.
        ((2026, 12, 31), "en", "Thursday 31 December", "Friday 1 January 2027"),
        ((2026, 12, 31), "es", "jueves, 31 de diciembre", "viernes, 1 de enero de 2027"),
        ((2027, 1, 1), "en", "Thursday 31 December 2026", "Friday 1 January"),
        ((2027, 1, 1), "es", "jueves, 31 de diciembre de 2026", "viernes, 1 de enero"),
    ],
)
def test_around_new_year_the_other_years_day_says_its_year(
    day, language, new_years_eve, new_years_day
):
    noon = datetime.datetime(*day, 12, 0, tzinfo=UTC)
    with time_machine.travel(noon), translation.override(language):
        assert day_in_words(datetime.date(2026, 12, 31)) == new_years_eve
        assert day_in_words(datetime.date(2027, 1, 1)) == new_years_day


def test_this_year_is_the_year_where_the_person_is():
    # 23:30 on 31 December in London is already 1 January in Tokyo.
    with time_machine.travel(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=UTC)):
        assert today_in("Europe/London") == datetime.date(2026, 12, 31)
        assert today_in("Asia/Tokyo") == datetime.date(2027, 1, 1)
        new_year = datetime.date(2027, 1, 4)
        assert deadline_in_words(new_year, None, "Asia/Tokyo") == "Monday 4 January, Tokyo time"
        assert deadline_in_words(new_year, None, "Europe/London") == (
            "Monday 4 January 2027, UK time"
        )


def test_a_leap_day_reads_as_any_other_day():
    with time_machine.travel(datetime.datetime(2032, 2, 29, 12, 0, tzinfo=UTC)):
        assert day_in_words(datetime.date(2032, 2, 29)) == "Sunday 29 February"
        with translation.override("es"):
            assert day_in_words(datetime.date(2033, 2, 28)) == "lunes, 28 de febrero de 2033"


def test_times_of_day():
    assert time_in_words(datetime.time(0, 5)) == "12:05 am"
    assert time_in_words(datetime.time(12, 0)) == "12:00 pm"
    assert time_in_words(datetime.time(18, 45)) == "6:45 pm"


def test_zones_are_named_as_people_name_them():
    assert zone_in_words("America/New_York") == "US Eastern time"
    assert zone_in_words("America/Argentina/Buenos_Aires") == "Buenos Aires time"
    assert zone_in_words("Europe/Madrid") == "Madrid time"


def test_a_citys_name_is_the_one_the_reader_knows():
    assert zone_in_words("America/St_Johns") == "St John’s time"  # not "St Johns"
    assert place_in_words("Antarctica/DumontDUrville") == "Dumont-d’Urville (Antarctica)"
    with translation.override("es"):
        assert zone_in_words("Asia/Tokyo") == "hora de Tokio"
        assert zone_in_words("America/Bogota") == "hora de Bogotá"
        assert place_in_words("America/North_Dakota/New_Salem") == (
            "New Salem, Dakota del Norte (América)"
        )
        # A zone CLDR names no city for is named from its own name, as before.
        assert place_in_words("America/Argentina/Salta").startswith("Salta, Argentina (")


@given(st.times())
@example(datetime.time(0, 0))
@example(datetime.time(23, 59))
def test_every_time_has_an_hour_from_1_to_12(moment):
    hour, rest = time_in_words(moment).split(":")
    assert 1 <= int(hour) <= 12 and rest.endswith(("am", "pm"))


def test_a_time_zone_is_offered_as_a_place():
    assert place_in_words("Europe/London") == "United Kingdom"
    assert place_in_words("America/Argentina/Buenos_Aires") == "Argentina"
    assert place_in_words("Africa/Lagos") == "Lagos (Africa)"
    assert place_in_words("America/Indiana/Knox") == "Knox, Indiana (the Americas)"


def test_the_places_offered_are_every_city_zone_once_and_a_plans_old_zone_is_kept():
    import zoneinfo

    known = frozenset(zoneinfo.available_timezones())
    (_, first), (_, others) = time_zone_choices(known)
    values = [zone for zone, _label in first + others]
    assert len(values) == len(set(values))
    assert "Europe/London" in values and "Asia/Tokyo" in values
    # An old name is not offered to choose, so no place is offered twice under one name.
    assert "US/Eastern" not in values and "Asia/Calcutta" not in values
    assert "Asia/Kolkata" in values
    labels = [label for _zone, label in first + others]
    assert len(labels) == len(set(labels))
    assert not any("_" in label or "/" in label for label in labels)
    (_, first), _ = time_zone_choices(known, current="US/Eastern")
    assert first[0] == ("US/Eastern", "US Eastern time")  # but a plan that has one keeps it
    (_, first), _ = time_zone_choices(known, current="Asia/Calcutta")
    assert first[0] == ("Asia/Calcutta", "Kolkata (Asia)")
