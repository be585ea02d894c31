"""Crisis phrases in what a person types, met at once with the crisis lines.

The phrases are content (CrisisPhrase, per language). A match is worked out in memory, on submit
here and as the person types in static/js/crisis-words.js, which follows the same rules: nothing
about a match is kept, logged or counted. The one trace is a one-shot message in the person's
own cookie that shows the crisis panel on the next page.

Text and phrases are read the same way (normalise): no case, accents, apostrophes or punctuation,
a letter typed twice or more counts once ("dieee" is "die"), and a few words typed for others
are read as those (SAME_WORDS: "dont" is "do not", "kms" is "kill myself"). A phrase may hold three
small patterns (compile_phrase): "kill*" (a word that starts so), "kill/hurt" (either word) and
"want to ... die" (up to three words between). The server compiles each phrase once into a
regular expression that Python and the browser both run.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from guides.content_version import kept

# The mark on a form field a person types words into: the server checks what it sends, and the
# page's script watches it. Add it to any new free-text field.
WATCHED = "data-crisis-words"
# The message tag that makes the next page open with the crisis panel (templates/base.html).
LINES_TAG = "crisis-lines"
# Posted by the script when the panel was already shown beside a field of the form.
SEEN_FIELD = "crisis_lines_seen"

# Apostrophes join the letters around them ("don't" is "dont"). Taken out before Unicode
# decomposition, which turns the acute accent ´ into a space and a mark.
_APOSTROPHES = re.compile("['\u2018\u2019\u02bc`\u00b4\u2032\uff07]")
_NOT_A_LETTER_OR_DIGIT = re.compile(r"[\W_]+")
_REPEATED = re.compile(r"(\D)\1+")  # within a word; digits stay as typed

# Words as people type them, read as the words after them, in what they type and in phrases
# alike. Only what the phrases need: a word here must mean the same in every language checked.
SAME_WORDS_AS_TYPED = {
    # English, typed without the apostrophe (which normalise takes out) or short
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "cant": "can not",
    "cannot": "can not",
    "couldnt": "could not",
    "wont": "will not",
    "wouldnt": "would not",
    "isnt": "is not",
    "wasnt": "was not",
    "arent": "are not",
    "werent": "were not",
    "im": "i am",
    "ive": "i have",
    "wanna": "want to",
    "gonna": "going to",
    "u": "you",
    "ur": "your",
    "noone": "no one",
    "anymore": "any more",
    "selfharm": "self harm",
    "myslef": "myself",
    "kms": "kill myself",
    "kmsl": "killing myself laughing",
    # Spanish, as typed in messages
    "q": "que",
    "k": "que",
    "ke": "que",
    "kiero": "quiero",
    "qiero": "quiero",
    "kisiera": "quisiera",
    "xq": "porque",
    "pq": "porque",
    "porq": "porque",
    "aki": "aqui",
}


def _fold(text: str) -> str:
    """No case, the dotless ı too: its capital is I, whose lower case is i."""
    return text.casefold().replace("ı", "i")


def _words(text: str) -> list[str]:
    """The words of a text, folded, before SAME_WORDS."""
    decomposed = unicodedata.normalize("NFKD", _fold(_APOSTROPHES.sub("", text)))
    unmarked = "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))
    # Again: a few letters decompose into capitals (ℌ is H) or an apostrophe (ŉ is ʼn).
    unquoted = _APOSTROPHES.sub("", _fold(unmarked))
    words = _NOT_A_LETTER_OR_DIGIT.sub(" ", unquoted).split()
    return [_REPEATED.sub(r"\1", word) for word in words]


SAME_WORDS = {
    " ".join(_words(typed)): " ".join(_words(meant)) for typed, meant in SAME_WORDS_AS_TYPED.items()
}


def normalise(text: str) -> str:
    """Words in a plain form, with one space between words and one at each end, so a phrase
    matches whole words only. crisis-words.js does the same."""
    words = " ".join(SAME_WORDS.get(word, word) for word in _words(text))
    return f" {words} " if words else ""


# In a phrase: "..." stands for up to this many words, "/" separates choices for one word, and
# "*" ends a word that may go on ("kill*" is kill, kills, killing, killed).
GAP = "..."
GAP_WORDS = 3
WILDCARD_LETTERS = 3
_GAP = re.compile(r"\.{3,}|\u2026")
_CHOICE = re.compile(r"\s*/\s*")


class PhraseProblem(ValueError):
    """A phrase that cannot be used, with what to write instead (shown in the admin)."""

    def __init__(self, message: str | Promise):
        super().__init__(str(message))
        self.message = message


def _choice(text: str) -> str:
    """One choice for a word, as a regular expression: whole words, or a word that goes on."""
    wildcard = text.endswith("*")
    typed = _words(text.removesuffix("*"))
    if "*" in text.removesuffix("*") or (wildcard and len((typed or [""])[-1]) < WILDCARD_LETTERS):
        raise PhraseProblem(
            gettext_lazy(
                "Put “*” only at the end of a word of three letters or more, as in “kill*”."
            )
        )
    if not typed:
        raise PhraseProblem(gettext_lazy("Write a word on each side of “/”, as in “kill/hurt”."))
    if not wildcard:
        return normalise(text).strip()
    # A word that goes on starts as typed ("selfharm*": selfharming); one of SAME_WORDS is
    # also that word as read ("selfharm" alone is "self harm").
    start, last = normalise(" ".join(typed[:-1])).strip(), typed[-1]
    ends = [f"{last}[^ ]*"] + ([SAME_WORDS[last]] if last in SAME_WORDS else [])
    end = ends[0] if len(ends) == 1 else f"(?:{'|'.join(ends)})"
    return f"{start} {end}" if start else end


def compile_phrase(text: str) -> str:
    """A phrase as a regular expression over normalised text that Python and JavaScript read
    alike: letters, spaces, (?:a|b), [^ ]* and a lazy count. Raises PhraseProblem."""
    parts = _CHOICE.sub("/", _GAP.sub(f" {GAP} ", text)).split()
    if not normalise(text.replace("*", " ")):
        raise PhraseProblem(gettext_lazy("Write at least one word."))
    if GAP in (parts[0], parts[-1]) or f" {GAP} {GAP} " in f" {' '.join(parts)} ":
        raise PhraseProblem(
            gettext_lazy("Put “...” only between two words, as in “want to ... die”.")
        )
    source = " "
    for part in parts:
        if part == GAP:
            source += f"(?:[^ ]+ ){{0,{GAP_WORDS}}}?"
            continue
        choices = list(dict.fromkeys(_choice(choice) for choice in part.split("/")))
        source += (choices[0] if len(choices) == 1 else f"(?:{'|'.join(choices)})") + " "
    return source


def phrase_problem(text: str) -> str | Promise | None:
    """What is wrong with a phrase, in words for staff, or None."""
    try:
        compile_phrase(text)
    except PhraseProblem as problem:
        return problem.message
    return None


def _spans(text: str, pattern: re.Pattern[str]) -> Iterable[tuple[int, int]]:
    """Where a compiled phrase is in a normalised text, from each place it starts."""
    for found in pattern.finditer(text):
        yield found.span(1)


def _compiled(sources: tuple[str, ...]) -> list[re.Pattern[str]]:
    # A lookahead, so that overlapping places are all found; crisis-words.js does the same.
    return [re.compile(f"(?=({source}))") for source in sources]


@dataclass(frozen=True)
class PhraseList:
    """Compiled phrases (compile_phrase): those that bring the crisis lines, and those that must
    not."""

    match: tuple[str, ...] = ()
    must_not_match: tuple[str, ...] = ()

    @cached_property
    def _patterns(self) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
        return _compiled(self.match), _compiled(self.must_not_match)

    def matches(self, text: str) -> bool:
        """A phrase is in the text, and no must-not-match phrase around it covers it."""
        plain = normalise(text)
        if not plain:
            return False
        match, must_not_match = self._patterns
        covers = [span for pattern in must_not_match for span in _spans(plain, pattern)]
        return any(
            not any(start <= hit_start and hit_end <= end for start, end in covers)
            for pattern in match
            for hit_start, hit_end in _spans(plain, pattern)
        )

    def __add__(self, other: "PhraseList") -> "PhraseList":
        return PhraseList(
            tuple(dict.fromkeys(self.match + other.match)),
            tuple(dict.fromkeys(self.must_not_match + other.must_not_match)),
        )

    def for_script(self) -> dict[str, object]:
        """What the page sends to the browser: the compiled phrases and SAME_WORDS."""
        return {
            "match": list(self.match),
            "mustNot": list(self.must_not_match),
            "words": SAME_WORDS,
        }


def phrase_lists(rows: Iterable[tuple[str, str, str]]) -> dict[str, PhraseList]:
    """(language, kind, text) rows as a PhraseList per language code. A phrase that cannot be
    compiled is left out (the admin and the loader refuse one)."""
    found: dict[str, dict[str, list[str]]] = {}
    for language, kind, text in rows:
        try:
            source = compile_phrase(text)
        except PhraseProblem:
            continue
        found.setdefault(language, {"match": [], "must_not_match": []})[kind].append(source)
    return {
        language: PhraseList(
            tuple(dict.fromkeys(lists["match"])), tuple(dict.fromkeys(lists["must_not_match"]))
        )
        for language, lists in found.items()
    }


def base_language(code: str | None) -> str:
    return (code or settings.LANGUAGE_CODE).split("-")[0].lower()


def _all_lists() -> dict[str, PhraseList]:
    from guides.models import CrisisPhrase  # the models use this module's normalise()

    return kept(
        "crisis_phrases",
        lambda: phrase_lists(CrisisPhrase.objects.active().values_list("language", "kind", "text")),
    )


def phrases_for(language: str | None) -> PhraseList:
    """The phrases of a page's language, and of the site's own language too: people mix
    languages, and a missed phrase costs more than a panel shown once too often."""
    lists = _all_lists()
    language, site_language = base_language(language), base_language(None)
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
    phrases = phrases_for(get_language())
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
