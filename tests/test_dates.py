"""Dates and times in words, as a person says them."""

import datetime

from hypothesis import example, given
from hypothesis import strategies as st

from guides.dates import day_in_words, deadline_in_words, time_in_words, zone_in_words


def test_a_deadline_reads_as_words():
    day = datetime.date(datetime.date.today().year + 1, 12, 1)
    words = deadline_in_words(day, datetime.time(9, 30), "Europe/London")
    assert words == f"{day:%A} 1 December {day.year}, 9:30 am, UK time"


def test_this_years_dates_leave_out_the_year():
    today = datetime.date.today()
    assert day_in_words(today) == f"{today:%A} {today.day} {today:%B}"


def test_times_of_day():
    assert time_in_words(datetime.time(0, 5)) == "12:05 am"
    assert time_in_words(datetime.time(12, 0)) == "12:00 pm"
    assert time_in_words(datetime.time(18, 45)) == "6:45 pm"


def test_zones_are_named_as_people_name_them():
    assert zone_in_words("America/New_York") == "US Eastern time"
    assert zone_in_words("America/Argentina/Buenos_Aires") == "Buenos Aires time"
    assert zone_in_words("Europe/Madrid") == "Madrid time"


@given(st.times())
@example(datetime.time(0, 0))
@example(datetime.time(23, 59))
def test_every_time_has_an_hour_from_1_to_12(moment):
    hour, rest = time_in_words(moment).split(":")
    assert 1 <= int(hour) <= 12 and rest.endswith(("am", "pm"))
