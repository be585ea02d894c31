"""Template filters of First Step."""

from django import template
from django.forms import BaseForm

from guides.crisis_words import LINES_TAG, WATCHED, phrases_for
from guides.dates import day_in_words, deadline_in_words, time_in_words
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
