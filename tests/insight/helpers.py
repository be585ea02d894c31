"""Reading the weekly counts in tests."""

import datetime
from collections import Counter

from guides.models import WeeklyCount
from guides.services.insight.counts import this_week, week_of


def counts(**filters) -> Counter[str]:
    """Every count by metric, summed over weeks and languages unless filtered."""
    totals: Counter[str] = Counter()
    for metric, count in WeeklyCount.objects.filter(**filters).values_list("metric", "count"):
        totals[metric] += count
    return +totals  # without zeros


def by_week() -> dict[tuple[datetime.date, str, str], int]:
    return {
        (row.week, row.language, row.metric): row.count
        for row in WeeklyCount.objects.all()
        if row.count
    }


def fill(weeks: list[datetime.date], values: dict[str, int], language: str = "en") -> None:
    """Counts as if these had happened in each of the weeks."""
    WeeklyCount.objects.bulk_create(
        WeeklyCount(week=week, language=language, metric=metric, count=count)
        for week in weeks
        for metric, count in values.items()
    )


__all__ = ["by_week", "counts", "fill", "this_week", "week_of"]
