"""Insight counts only "safety plans made" and "safety plans updated" each week, suppressed
under 10, and nothing of what the plan says."""

import datetime
from collections import Counter

import pytest
import time_machine

from guides.models import WeeklyCount
from guides.services.insight import report
from guides.services.insight.counts import SAFETY_PLAN, SAFETY_PLAN_UPDATED, rebuild_counts, week_of

from .helpers import make_safety_plan

pytestmark = pytest.mark.django_db
MONDAY = datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)


def _counts() -> dict[tuple[datetime.date, str], int]:
    return {(row.week, row.metric): row.count for row in WeeklyCount.objects.all() if row.count}


def test_a_plan_is_counted_made_once_however_many_steps(client, content):
    with time_machine.travel(MONDAY, tick=False):
        make_safety_plan(client)
    assert _counts() == {(MONDAY.date(), SAFETY_PLAN): 1}


def test_a_change_in_a_later_week_is_counted_once_that_week(client, content):
    with time_machine.travel(MONDAY, tick=False):
        make_safety_plan(client)
    later = MONDAY + datetime.timedelta(days=8)
    with time_machine.travel(later, tick=False):
        client.post("/safety-plan/on-my-own/", {"words": "Tea.", "change": "1"})
        client.post("/safety-plan/people-and-places/", {"words": "Park.", "change": "1"})
    assert _counts() == {
        (MONDAY.date(), SAFETY_PLAN): 1,
        (week_of(later.date()), SAFETY_PLAN_UPDATED): 1,
    }


def test_a_save_that_changes_nothing_is_not_an_update(client, content):
    with time_machine.travel(MONDAY, tick=False):
        make_safety_plan(client)
    with time_machine.travel(MONDAY + datetime.timedelta(days=8), tick=False):
        client.post("/safety-plan/on-my-own/", {"words": "Walk round the block.", "change": "1"})
    assert SAFETY_PLAN_UPDATED not in {metric for _week, metric in _counts()}


def test_the_weekly_counts_hold_nothing_of_the_plan(client, content):
    make_safety_plan(client)
    rows = list(WeeklyCount.objects.values_list("week", "language", "metric", "count"))
    assert all("Luna" not in str(row) and "Ana" not in str(row) for row in rows)


def test_insight_shows_both_counts_and_hides_numbers_under_10(content):
    columns = {column.label: column for column in report.activity_columns()}
    figures = report.Figures(counts=Counter({SAFETY_PLAN: 12, SAFETY_PLAN_UPDATED: 3}))
    assert columns["Safety plans made"].value(figures) == "12"
    assert columns["Safety plans updated"].value(figures) == "fewer than 10"


def test_rebuilding_the_counts_finds_the_plans_made(client, content):
    with time_machine.travel(MONDAY, tick=False):
        make_safety_plan(client)
    WeeklyCount.objects.all().delete()
    rebuild_counts()
    assert _counts()[(MONDAY.date(), SAFETY_PLAN)] == 1
