"""The crisis-phrase matcher: whole words, whatever the case, accents, apostrophes and spacing,
the three small patterns of a phrase, and the everyday sayings that must not bring the crisis
lines."""

import pytest
import yaml
from django.test import override_settings
from django.utils import translation

from guides.helpers.phrase_matching import (
    PhraseList,
    compile_phrase,
    normalise,
    phrase_lists,
    phrase_problem,
)
from guides.models import CrisisPhrase
from guides.models.base import approved_write
from guides.services.crisis.phrases import phrases_for
from tests.base import CONTENT_DIR
from tests.crisis.phrase_corpus import PHRASES_FILE, shipped

PLANNER_FILE = yaml.safe_load((CONTENT_DIR / "planner.yaml").read_text(encoding="utf-8"))
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
        ("Kill Myself", " kil myself "),
        ("  kill \t\n  myself  ", " kil myself "),
        ("KILL-MYSELF!!!", " kil myself "),
        ("hacerme DAÑO", " hacerme dano "),
        ("Quiero morír", " quiero morir "),
        ("don’t want to live", " do not want to live "),
        ("don't want to live", " do not want to live "),
        ("don´t want to live", " do not want to live "),
        ("dont want to live", " do not want to live "),
        ("I cannot go on", " i can not go on "),
        ("I wanna dieeee", " i want to die "),
        ("KMS", " kil myself "),
        ("better off", " beter of "),  # a letter typed twice counts once, in phrases too
        ("kiero morirme", " quiero morirme "),
        ("room 1001", " rom 1001 "),  # digits stay as typed
        ("Straße", " strase "),
        ("ＫＩＬＬ　ｍｙｓｅｌｆ", " kil myself "),  # full-width letters and space
        ("self_harm", " self harm "),
        ("...", ""),
        ("", ""),
    ],
)
def test_normalising_folds_case_accents_spaces_and_punctuation(text, plain):
    assert normalise(text) == plain


def examples(phrase: str) -> list[str]:
    """Sentences a phrase stands for: each choice of each word in turn, a word that goes on as
    it starts, and "..." as nothing or one word."""
    slots = [token.split("/") for token in phrase.replace("...", " ... ").split()]
    widest = max(len(choices) for choices in slots)
    return [
        " ".join(
            ("really" if turn % 2 else "") if choices == ["..."] else choices[turn % len(choices)]
            for choices in slots
        ).replace("*", "")
        for turn in range(max(widest, 2))
    ]


@pytest.mark.parametrize("phrase", PHRASES_FILE["en"]["match"])
def test_every_english_phrase_brings_the_lines_in_a_sentence(phrase):
    for example in examples(phrase):
        assert ENGLISH.matches(example), example
        assert ENGLISH.matches(f"Honestly, some days I {example.upper()}. I don't know."), example


@pytest.mark.parametrize("phrase", PHRASES_FILE["es"]["match"])
def test_every_spanish_phrase_brings_the_lines_in_a_sentence(phrase):
    for example in examples(phrase):
        assert SPANISH.matches(f"A veces pienso: {example}."), example


@pytest.mark.parametrize(
    "language, phrase",
    [
        (language, phrase)
        for language in ("en", "es")
        for phrase in PHRASES_FILE[language]["must_not_match"]
    ],
)
def test_no_must_not_match_phrase_brings_the_lines(language, phrase):
    phrases = ENGLISH if language == "en" else SPANISH + ENGLISH
    for example in examples(phrase):
        assert not phrases.matches(example), example
        assert not phrases.matches(f"Ha, {example.upper()}!"), example


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
        "i skilled myself up",  # "kill*" starts a word; "skilled" starts with "s"
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


def test_a_phrase_with_no_pattern_takes_only_its_own_words():
    assert not only("kill myself").matches("I keep thinking of killing myself")
    assert only("kill myself", "killing myself").matches("I keep thinking of killing myself")


def test_a_star_ends_a_word_that_may_go_on():
    phrases = only("kill* myself")
    for text in [
        "kill myself",
        "killing myself",
        "killed myself",
        "kills myself",
        "KILLLLING myself",
    ]:
        assert phrases.matches(text), text
    for text in ["skill myself", "kill my self", "kill myselfie", "killing"]:
        assert not phrases.matches(text), text


def test_a_slash_gives_choices_for_one_word():
    phrases = only("me quiero matar/morir/suicidar")
    for text in ["me quiero matar", "Me quiero MORIR", "me quiero suicidar ya"]:
        assert phrases.matches(text), text
    for text in ["me quiero matar/morir", "me quiero ir", "me quiero", "quiero morir"]:
        assert phrases.matches(text) == text.startswith("me quiero matar"), text


def test_dots_stand_for_up_to_three_words_and_take_the_fewest():
    phrases = only("want to ... die")
    for text in ["want to die", "want to just die", "want to go and just die", "want to a b c die"]:
        assert phrases.matches(text), text
    for text in ["want to a b c d die", "want die", "to die", "want to died"]:
        assert not phrases.matches(text), text
    # The fewest words, so a saying that covers the short match cancels it. It starts where the
    # match does, or before: "to die hard" would not cover "want to die hard".
    assert not only("want to ... die", must_not_match=("want to die and",)).matches(
        "want to die and die"  # the match is "want to die", not "want to die and die"
    )
    assert not only("want to ... die", must_not_match=("want to ... die hard",)).matches(
        "want to see die hard"
    )
    assert only("want to ... die", must_not_match=("want to ... die hard",)).matches(
        "want to die hard but really i want to just die"
    )


def test_patterns_fold_as_text_does():
    assert compile_phrase("Don't want to LIVE") == compile_phrase("dont  want to live")
    assert compile_phrase("KMS") == compile_phrase("kill myself")
    assert compile_phrase("kill / hurt myself") == " (?:kil|hurt) myself "
    assert compile_phrase("want to…die") == compile_phrase("want to ... die")
    # "selfharm" alone is "self harm", but a word that goes on is the start of a word as typed.
    assert only("selfharm*").matches("selfharming") and only("self harm*").matches("selfharm")


@pytest.mark.parametrize(
    "phrase, problem",
    [
        ("!!!", "at least one word"),
        ("... ...", "at least one word"),
        ("*", "at least one word"),
        ("me*", "three letters"),
        ("ki*ll myself", "three letters"),
        ("od* on pills", "three letters"),
        ("kill/ /hurt myself", "each side"),
        ("... want to die", "between two words"),
        ("want to die ...", "between two words"),
        ("want ... ... die", "between two words"),
    ],
)
def test_a_phrase_with_a_pattern_that_cannot_work_is_refused(phrase, problem):
    assert problem in str(phrase_problem(phrase))
    assert phrase_lists([("en", "match", phrase)]) == {}


def test_the_list_sent_to_the_browser_is_already_compiled():
    phrases = only("Don't want to LIVE", must_not_match=("Kill* myself laughing",))
    sent = phrases.for_script()
    assert sent["match"] == [" do not want to live "]
    assert sent["mustNot"] == [" kil[^ ]* myself laughing "]
    assert sent["words"]["dont"] == "do not" and sent["words"]["wana"] == "want to"


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
    with translation.override("es-mx"):
        spanish_page = phrases_for(translation.get_language())
    with translation.override("en"):
        english_page = phrases_for(translation.get_language())
    with translation.override("fr"):
        french_page = phrases_for(translation.get_language())  # a language with no phrases yet
    assert spanish_page.matches("quiero morir") and spanish_page.matches("kill myself")
    assert not spanish_page.matches("no más")  # not active
    assert english_page.matches("kill myself") and not english_page.matches("quiero morir")
    assert french_page.matches("kill myself")
