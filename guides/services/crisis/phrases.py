"""Crisis phrases in what a person types, met at once with the crisis lines: the phrases of the
page's language from the content, the free-text fields watched, and the one-shot message that
opens the crisis panel. The matching rules themselves are guides.helpers.phrase_matching's, which
the models' validation shares."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guides.content_version import kept
from guides.helpers.phrase_matching import PhraseList, phrase_lists
from guides.models import CrisisPhrase

# The mark on a form field a person types words into: the server checks what it sends, and the
# page's script watches it. Add it to any new free-text field.
WATCHED = "data-crisis-words"
# The message tag that makes the next page open with the crisis panel (templates/base.html).
LINES_TAG = "crisis-lines"
# Posted by the script when the panel was already shown beside a field of the form.
SEEN_FIELD = "crisis_lines_seen"


def base_language(code: str | None) -> str:
    return (code or settings.LANGUAGE_CODE).split("-")[0].lower()


def _all_lists() -> dict[str, PhraseList]:
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
