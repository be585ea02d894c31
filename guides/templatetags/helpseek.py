"""Template filters of First Step."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.forms import BaseForm
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from guides.content_cache import CACHE_ALIAS
from guides.content_version import current_version, known_version
from guides.helpers.dates import (
    date_in_words,
    day_in_words,
    deadline_in_words,
    time_in_words,
    weekday_date_in_words,
)
from guides.services.crisis.phrases import LINES_TAG, WATCHED
from guides.views.crisis import crisis_words_script_for
from guides.views.crisis_panel import crisis_lines_for, region_choice_for

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
    return _this_page_in(request.get_full_path(), get_language())


@lru_cache(maxsize=4096)
def _this_page_in(here: str, language: str | None) -> list[dict]:
    """Worked out once for each address in each language (the address is resolved in the
    language active), then kept; the oldest forgotten first. Shared: never changed."""
    return [
        {"code": code, "name": name, "url": translate_url(here, code)}
        for code, name in settings.LANGUAGES
    ]


class SharedFragmentNode(template.Node):
    """A part of a page that is the same for everyone who sees it in the same language, at the
    same content version, with the same values named after it: rendered once, then kept in the
    process's "content" cache (guides.content_cache) until staff change what readers see."""

    def __init__(self, name: str, vary: list, nodelist: template.NodeList):
        self.name, self.vary, self.nodelist = name, vary, nodelist

    def render(self, context: template.Context) -> str:
        # Under runserver templates change as it runs. A page that has not read the content
        # version, and would need a query to, renders the fragment afresh: it costs no query.
        version = None if settings.DEBUG else known_version()
        if version is None:
            return self.nodelist.render(context)
        vary = [get_language(), *(value.resolve(context) for value in self.vary)]
        return kept_fragment(self.name, vary, version, lambda: self.nodelist.render(context))


def kept_fragment(name: str, vary: list, version: str, render) -> SafeString:
    """The fragment `render` renders, kept for these values (as text) at this content version."""
    key = f"{version}:{make_template_fragment_key(name, [str(value) for value in vary])}"
    fragments = caches[CACHE_ALIAS]
    html = fragments.get(key)
    if html is None:
        html = render()
        if "csrfmiddlewaretoken" in html:
            raise template.TemplateSyntaxError(f"The shared fragment {name!r} holds a CSRF token.")
        fragments.set(key, html)
    return SafeString(html)


@register.tag
def shared_fragment(parser: template.base.Parser, token: template.base.Token) -> SharedFragmentNode:
    """{% shared_fragment "name" value … %}…{% endshared_fragment %}: see SharedFragmentNode.
    Name every value the fragment depends on, besides the language and the content version; never
    use it round anything personal, or a form (its CSRF token is each reader's own)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("shared_fragment needs a name.")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    vary = [parser.compile_filter(bit) for bit in bits[2:]]
    return SharedFragmentNode(bits[1].strip("\"'"), vary, nodelist)


@register.simple_tag(takes_context=True)
def crisis_words(context, *forms: BaseForm) -> SafeString:
    """On a page whose forms have free text: the script that checks what the person types, and
    the crisis phrases with the panel for their region, as a file the browser keeps
    (guides.views.crisis.crisis_words_script). Nothing at all (and no query) for a page without
    free text. The same for everyone in a region and language: rendered once per content version."""
    watching = any(
        WATCHED in field.widget.attrs for form in forms for field in form.fields.values()
    )
    if not watching:
        return SafeString("\n")  # what includes/crisis_words.html renders without free text
    region = region_choice_for(context["request"]).region
    language = get_language()

    def render() -> SafeString:
        page = {"watching": True, "phrases": crisis_words_script_for(region).url}
        return SafeString(render_to_string("includes/crisis_words.html", page))

    version = None if settings.DEBUG else current_version()
    if version is None:
        return render()
    return kept_fragment("crisis-words", [language, region.pk if region else None], version, render)


@register.inclusion_tag("includes/crisis_panel.html", takes_context=True)
def crisis_lines_after_words(context) -> dict:
    """The crisis panel at the top of the page after crisis phrases were sent without
    JavaScript (see guides.services.crisis.phrases.answer_crisis_words)."""
    request = context["request"]
    return {"words": True, "request": request, **crisis_lines_for(request)}


@register.filter
def asks_for_crisis_lines(messages) -> bool:
    return any(LINES_TAG in message.tags.split() for message in messages)


@register.filter
def notices(messages) -> list:
    """The messages to show as notices: all but the one that opens the crisis panel."""
    return [message for message in messages if LINES_TAG not in message.tags.split()]
