"""Crisis phrases in what a person types, met at once with the crisis lines.

The phrases are content (CrisisPhrase, per language). A match is worked out in memory, on submit
here and as the person types in static/js/crisis-words.js, which follows the same rules: nothing
about a match is kept, logged or counted. The one trace is a one-shot message in the person's
own cookie that shows the crisis panel on the next page.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# The mark on a form field a person types words into: the server checks what it sends, and the
# page's script watches it. Add it to any new free-text field.
WATCHED = "data-crisis-words"
# The message tag that makes the next page open with the crisis panel (templates/base.html).
LINES_TAG = "crisis-lines"
# Posted by the script when the panel was already shown beside a field of the form.
SEEN_FIELD = "crisis_lines_seen"

_NOT_A_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Words in a plain form: no accents or case, and one space between words, with one at
    each end, so a phrase matches whole words only. crisis-words.js does the same."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    unmarked = "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))
    # Again: a few letters decompose into capitals (ℌ is H).
    words = _NOT_A_LETTER_OR_DIGIT.sub(" ", unmarked.casefold()).strip()
    return f" {words} " if words else ""


def _spans(text: str, phrase: str) -> Iterable[tuple[int, int]]:
    """Where a normalised phrase is in a normalised text (both with a space at each end)."""
    start = text.find(phrase)
    while start != -1:
        yield start, start + len(phrase)
        start = text.find(phrase, start + 1)


@dataclass(frozen=True)
class PhraseList:
    """Normalised phrases: those that bring the crisis lines, and those that must not."""

    match: tuple[str, ...] = ()
    must_not_match: tuple[str, ...] = ()

    def matches(self, text: str) -> bool:
        """A phrase is in the text, and no must-not-match phrase around it covers it."""
        plain = normalise(text)
        if not plain:
            return False
        covers = [span for phrase in self.must_not_match for span in _spans(plain, phrase)]
        return any(
            not any(start <= hit_start and hit_end <= end for start, end in covers)
            for phrase in self.match
            for hit_start, hit_end in _spans(plain, phrase)
        )

    def __add__(self, other: "PhraseList") -> "PhraseList":
        return PhraseList(
            tuple(dict.fromkeys(self.match + other.match)),
            tuple(dict.fromkeys(self.must_not_match + other.must_not_match)),
        )

    def for_script(self) -> dict[str, list[str]]:
        """What the page sends to the browser, already normalised, without the outer spaces."""
        return {
            "match": [phrase.strip() for phrase in self.match],
            "mustNot": [phrase.strip() for phrase in self.must_not_match],
        }


def phrase_lists(rows: Iterable[tuple[str, str, str]]) -> dict[str, PhraseList]:
    """(language, kind, text) rows as a PhraseList per language code."""
    found: dict[str, dict[str, list[str]]] = {}
    for language, kind, text in rows:
        plain = normalise(text)
        if plain:
            found.setdefault(language, {"match": [], "must_not_match": []})[kind].append(plain)
    return {
        language: PhraseList(tuple(lists["match"]), tuple(lists["must_not_match"]))
        for language, lists in found.items()
    }


def base_language(code: str | None) -> str:
    return (code or settings.LANGUAGE_CODE).split("-")[0].lower()


def _all_lists(request: HttpRequest) -> dict[str, PhraseList]:
    # Imported here: the models use this module's normalise().
    from guides.content_cache import held
    from guides.models import CrisisPhrase

    return held(
        request,
        "crisis_phrases",
        lambda: phrase_lists(CrisisPhrase.objects.active().values_list("language", "kind", "text")),
    )


def phrases_for(request: HttpRequest) -> PhraseList:
    """The phrases of the page's language, and of the site's own language too: people mix
    languages, and a missed phrase costs more than a panel shown once too often."""
    lists = _all_lists(request)
    language, site_language = base_language(get_language()), base_language(None)
    phrases = lists.get(language, PhraseList())
    if language != site_language:
        phrases = phrases + lists.get(site_language, PhraseList())
    return phrases


def watch(field: forms.Field) -> forms.Field:
    """Mark a form field as free text for the crisis phrases."""
    field.widget.attrs[WATCHED] = ""
    return field


def watched_text(form: forms.BaseForm) -> list[str]:
    """What the person sent in the form's free-text fields, as typed (valid or not)."""
    return [
        str(form.data.get(form.add_prefix(name)) or "")
        for name, field in form.fields.items()
        if WATCHED in field.widget.attrs
    ]


def heard_crisis_words(request: HttpRequest, *forms_sent: forms.BaseForm) -> bool:
    """What the person typed in these forms has a crisis phrase, and the script has not already
    shown the crisis lines beside it. Worked out in memory: nothing is kept."""
    texts = [text for form in forms_sent for text in watched_text(form) if text.strip()]
    if not texts or request.POST.get(SEEN_FIELD):
        return False
    phrases = phrases_for(request)
    return any(phrases.matches(text) for text in texts)


def answer_crisis_words(request: HttpRequest, *forms_sent: forms.BaseForm) -> None:
    """If what the person typed has a crisis phrase, this page, or the next one after a redirect,
    opens with the crisis lines at the top. The one-shot message that says so lives in the
    person's own messages cookie until that page shows it; nothing else is done with the match."""
    if heard_crisis_words(request, *forms_sent):
        # The words the panel opens with; base.html shows the panel in the message's place.
        messages.info(
            request,
            _("It sounds like things may be very hard right now. You can talk to someone today:"),
            extra_tags=LINES_TAG,
        )
