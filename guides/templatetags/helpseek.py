"""Template filters of First Step."""

from django import template

from guides.dates import day_in_words, deadline_in_words, time_in_words

register = template.Library()


@register.filter
def lines_for(region, audiences: list[str]) -> list:
    """A region's crisis lines for these audiences, from its prefetched resources."""
    return region.lines_for(audiences) if region else []


@register.filter
def deadline(plan) -> str:
    """A plan's date, time and zone in words: 'Tuesday 1 December, 9:30 am, UK time'."""
    return deadline_in_words(plan.due_date, plan.due_time, plan.time_zone)


register.filter("day_in_words", day_in_words)
register.filter("time_in_words", time_in_words)


@register.filter
def item(mapping: dict, key):
    """mapping[key], or None: for a dict a template looks up by a variable."""
    return mapping.get(key) if mapping else None
