"""The crisis-phrase matcher: whole words, whatever the case, accents and spacing, and the
everyday sayings that must not bring the crisis lines."""

import pytest
import yaml
from django.test import RequestFactory, override_settings
from django.utils import translation

from guides.crisis_words import PhraseList, normalise, phrase_lists, phrases_for
from guides.models import CrisisPhrase
from guides.models.base import approved_write
from tests.base import CONTENT_DIR

PHRASES_FILE = yaml.safe_load((CONTENT_DIR / "crisis_phrases.yaml").read_text(encoding="utf-8"))
PLANNER_FILE = yaml.safe_load((CONTENT_DIR / "planner.yaml").read_text(encoding="utf-8"))


def shipped(language: str) -> PhraseList:
    """The phrases of a language as content/ ships them, as the site reads them."""
    lists = PHRASES_FILE[language]
    rows = [(language, kind, text) for kind in lists for text in lists[kind] or []]
    return phrase_lists(rows)[language]


ENGLISH = shipped("en")
SPANISH = shipped("es")


def only(*match: str, must_not_match: tuple[str, ...] = ()) -> PhraseList:
    return phrase_lists(
        [("en", "match", text) for text in match]
        + [("en", "must_not_match", text) for text in must_not_match]
    )["en"]


@pytest.mark.parametrize(
    "text, plain",
    [
        ("Kill Myself", " kill myself "),
        ("  kill \t\n  myself  ", " kill myself "),
        ("KILL-MYSELF!!!", " kill myself "),
        ("hacerme DAÑO", " hacerme dano "),
        ("Quiero morír", " quiero morir "),
        ("don’t want to live", " don t want to live "),
        ("don't want to live", " don t want to live "),
        ("Straße", " strasse "),
        ("ＫＩＬＬ　ｍｙｓｅｌｆ", " kill myself "),  # full-width letters and space
        ("self_harm", " self harm "),
        ("...", ""),
        ("", ""),
    ],
)
def test_normalising_folds_case_accents_spaces_and_punctuation(text, plain):
    assert normalise(text) == plain


@pytest.mark.parametrize(
    "phrase",
    [phrase for kind in ("match",) for phrase in PHRASES_FILE["en"][kind]],
)
def test_every_english_phrase_brings_the_lines_in_a_sentence(phrase):
    assert ENGLISH.matches(phrase)
    assert ENGLISH.matches(f"Honestly, some days I {phrase.upper()}. I don't know.")


@pytest.mark.parametrize("phrase", PHRASES_FILE["es"]["match"])
def test_every_spanish_phrase_brings_the_lines_in_a_sentence(phrase):
    assert SPANISH.matches(f"A veces pienso: {phrase}.")


@pytest.mark.parametrize("phrase", PHRASES_FILE["en"]["must_not_match"])
def test_no_must_not_match_phrase_brings_the_lines(phrase):
    assert not ENGLISH.matches(phrase)
    assert not ENGLISH.matches(f"Ha, {phrase.upper()}!")


@pytest.mark.parametrize(
    "text",
    [
        "KILL MYSELF",
        "kill     myself",
        "kill\nmyself",
        "I want to kill-myself.",
        "i WANT to DIE",
        "Suicidal thoughts again",
        "I've been thinking about suicide.",
        "I self harm sometimes",
        "I SELF-HARM sometimes",
        "i dont want to live like this",
        "I don’t want to live",  # a curly apostrophe, as phones type it
        "Hacerme dano",  # typed with no tilde
        "QUIERO MORIR",
    ],
)
def test_case_accents_spacing_and_punctuation_do_not_hide_a_phrase(text):
    assert (ENGLISH + SPANISH).matches(text)


@pytest.mark.parametrize(
    "text",
    [
        "skill myself up on spreadsheets",
        "I'd like to upskill myself",
        "suicides",  # not a phrase staff added: whole words only
        "the weekend my life began",
        "unhurt myself",
        "this deadline is killing me",
        "I nearly killed myself laughing",
        "I've been cutting myself off from friends",
        "I’ve been having a hard time and I think I need some help.",
        "",
        "   ",
    ],
)
def test_benign_words_do_not_bring_the_lines(text):
    assert not (ENGLISH + SPANISH).matches(text)


@pytest.mark.parametrize("kind", PLANNER_FILE["contact_kinds"], ids=lambda kind: kind["slug"])
def test_no_script_the_planner_starts_with_brings_the_lines(kind):
    assert not ENGLISH.matches(kind["script_template"])


def test_a_must_not_match_phrase_only_covers_the_match_inside_it():
    phrases = only("kill myself", must_not_match=("kill myself laughing",))
    assert not phrases.matches("I could kill myself laughing at that")
    assert phrases.matches("I could kill myself laughing at that, but really I want to kill myself")
    assert phrases.matches("kill myself")
    # A saying beside the phrase, not around it, covers nothing.
    assert only("want to die", must_not_match=("laughing",)).matches("laughing, I want to die")


def test_a_variant_staff_add_is_matched_as_a_phrase_of_its_own():
    assert not only("kill myself").matches("I keep thinking of killing myself")
    assert only("kill myself", "killing myself").matches("I keep thinking of killing myself")


def test_the_list_sent_to_the_browser_is_already_normalised():
    phrases = only("Don't want to LIVE", must_not_match=("Kill myself laughing",))
    assert phrases.for_script() == {
        "match": ["don t want to live"],
        "mustNot": ["kill myself laughing"],
    }


def test_a_phrase_with_no_words_is_never_used():
    assert phrase_lists([("en", "match", "!!!")]) == {}


@pytest.fixture
def three_languages():
    """Translation on, as it is once the site has a second language."""
    from django.utils.translation import _trans

    languages = [("en", "English"), ("es", "Español"), ("fr", "Français")]
    with override_settings(USE_I18N=True, LANGUAGES=languages):
        _trans.__dict__.clear()  # so translation reads USE_I18N again (see its docstring)
        yield
    _trans.__dict__.clear()


@pytest.mark.django_db
def test_a_page_checks_its_own_language_and_english(three_languages):
    with approved_write():
        CrisisPhrase.objects.create(language="en", text="kill myself")
        CrisisPhrase.objects.create(language="es", text="quiero morir")
        CrisisPhrase.objects.create(language="es", text="no más", is_active=False)
    request = RequestFactory().get("/")
    with translation.override("es-mx"):
        spanish_page = phrases_for(request)
    with translation.override("en"):
        english_page = phrases_for(request)
    with translation.override("fr"):
        french_page = phrases_for(request)  # a language with no phrases yet
    assert spanish_page.matches("quiero morir") and spanish_page.matches("kill myself")
    assert not spanish_page.matches("no más")  # not active
    assert english_page.matches("kill myself") and not english_page.matches("quiero morir")
    assert french_page.matches("kill myself")
