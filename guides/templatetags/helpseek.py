"""Template filters of First Step."""

from django import template
from django.conf import settings
from django.urls import translate_url

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


@register.simple_tag(takes_context=True)
def this_page_in(context) -> list[dict]:
    """This page in each language: its code, its own name for itself, and the address."""
    request = context.get("request")
    if request is None:
        return []
    here = request.get_full_path()
    return [
        {"code": code, "name": name, "url": translate_url(here, code)}
        for code, name in settings.LANGUAGES
    ]
