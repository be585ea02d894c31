"""Template filters of First Step."""

from django import template
from django.conf import settings
from django.forms import BaseForm
from django.urls import translate_url

from guides.crisis_words import LINES_TAG, WATCHED, phrases_for
from guides.dates import (
    date_in_words,
    day_in_words,
    deadline_in_words,
    time_in_words,
    weekday_date_in_words,
)
from guides.regions import crisis_lines_for

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
register.filter("date_in_words", date_in_words)
register.filter("weekday_date_in_words", weekday_date_in_words)


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


@register.inclusion_tag("includes/crisis_words.html", takes_context=True)
def crisis_words(context, *forms: BaseForm) -> dict:
    """On a page whose forms have free text: the crisis phrases and the panel for the browser's
    check as the person types. Nothing at all (and no query) for a page without free text."""
    watching = any(
        WATCHED in field.widget.attrs for form in forms for field in form.fields.values()
    )
    if not watching:
        return {"watching": False}
    request = context["request"]
    return {
        "watching": True,
        "request": request,
        "phrases": phrases_for(request).for_script(),
        **crisis_lines_for(request),
    }


@register.inclusion_tag("includes/crisis_panel.html", takes_context=True)
def crisis_lines_after_words(context) -> dict:
    """The crisis panel at the top of the page after crisis phrases were sent without
    JavaScript (see guides.crisis_words.answer_crisis_words)."""
    request = context["request"]
    return {"words": True, "request": request, **crisis_lines_for(request)}


@register.filter
def asks_for_crisis_lines(messages) -> bool:
    return any(LINES_TAG in message.tags.split() for message in messages)


@register.filter
def notices(messages) -> list:
    """The messages to show as notices: all but the one that opens the crisis panel."""
    return [message for message in messages if LINES_TAG not in message.tags.split()]
