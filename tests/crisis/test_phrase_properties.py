"""Properties of the crisis-phrase matcher, over the corpus and over made-up phrases: however a
sentence is typed (case, accents, apostrophes, letters held down, punctuation), it is read the
same; a phrase finds itself; a crisis sentence is heard in the middle of other words. The "ci"
profile (tests/conftest.py) runs the same examples every time; an example that once failed is
kept with @example."""

from hypothesis import assume, example, given
from hypothesis import strategies as st

from guides.helpers.phrase_matching import normalise, phrase_lists, phrase_problem
from tests.crisis.phrase_corpus import LANGUAGES, corpus, page_phrases

PHRASES = {language: page_phrases(language) for language in LANGUAGES}
SENTENCES = [
    (language, sentence, must_match)
    for language in LANGUAGES
    for must_match in (True, False)
    for sentence in corpus(language)["must_match" if must_match else "must_not_match"]
]
ACCENTED = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ü", "n": "ñ", "c": "ç"}
BETWEEN_WORDS = [" ", "  ", ", ", "... ", " - ", "\n", "! ", "? ", " / ", "\t"]


@st.composite
def typed_as(draw, sentence: str) -> str:
    """The sentence as another person might type it: each letter in either case, some held
    down or given an accent, apostrophes put in, and other marks between the words."""
    words = []
    for word in sentence.split():
        letters = []
        for letter in word:
            if letter.isalpha():
                letter = draw(st.sampled_from([letter, letter.upper()]))
                letter *= draw(st.integers(1, 3))
                if draw(st.integers(0, 5)) == 0:
                    letter = ACCENTED.get(letter.lower(), letter)
            letters.append(letter)
        if draw(st.integers(0, 4)) == 0:
            letters.insert(draw(st.integers(0, len(letters))), draw(st.sampled_from("'’ʼ")))
        words.append("".join(letters))
    separators = [draw(st.sampled_from(BETWEEN_WORDS)) for _ in words]
    return "".join(word + separator for word, separator in zip(words, separators, strict=True))


@given(st.sampled_from(SENTENCES).flatmap(lambda s: st.tuples(st.just(s), typed_as(s[1]))))
@example((("en", "i want to die", True), "I  wANT - tooo   DÍEE!"))
@example((("en", "i cant go on", True), "i c’ant go on"))
@example((("es", "me muero de risa", False), "ME MUERO de... RRRISA"))
def test_a_sentence_is_heard_the_same_however_it_is_typed(case):
    (language, sentence, must_match), typed = case
    assert normalise(typed) == normalise(sentence)
    assert PHRASES[language].matches(typed) is must_match


NEUTRAL_BEFORE = ["", "honestly", "ok so", "sorry i dont know how to say this but", "hola", "mira"]
NEUTRAL_AFTER = ["", "idk", "please help", "i dont know what to do", "no se que hacer", "ayuda"]


@given(
    st.sampled_from([(lang, s) for lang, s, must_match in SENTENCES if must_match]),
    st.sampled_from(NEUTRAL_BEFORE),
    st.sampled_from(NEUTRAL_AFTER),
)
def test_a_crisis_sentence_is_heard_among_other_words(case, before, after):
    language, sentence = case
    assert PHRASES[language].matches(f"{before}. {sentence}. {after}")


WORD = st.text(st.characters(categories=["Ll", "Lu", "Lo"]), min_size=1, max_size=8)


@given(st.lists(WORD, min_size=1, max_size=5))
@example(["kms"])
@example(["selfharm"])
@example(["ı"])  # dotless: its capital I was read as i, and the phrase as ı
@example(["ŉ"])  # its capital is ʼN, and ʼ was an apostrophe only before decomposing
def test_a_phrase_finds_itself_among_other_words(words):
    phrase = " ".join(words)
    assume(phrase_problem(phrase) is None)
    phrases = phrase_lists([("en", "match", phrase)])["en"]
    assert phrases.matches(phrase)
    assert phrases.matches(f"123 {phrase.upper()}, 456")
    assert not phrase_lists([("en", "must_not_match", phrase)]).get("en", phrases).matches("123")


@given(st.lists(WORD, min_size=1, max_size=3), st.text("abcdefghij", max_size=4))
@example(["kms"], "")
@example(["selfharm"], "ing")
def test_a_word_that_may_go_on_finds_itself_and_its_endings(words, ending):
    phrase = " ".join(words) + "*"
    assume(phrase_problem(phrase) is None)
    phrases = phrase_lists([("en", "match", phrase)])["en"]
    typed = " ".join(words) + ending
    assert phrases.matches(f"so {typed} then")


@given(
    st.lists(WORD, min_size=2, max_size=4),
    st.lists(st.sampled_from(["1", "22", "333"]), max_size=5),
)
# Words between that are the phrase's own last word can end it early: the words between are
# digits, which no made-up phrase holds.
@example(["A", "X"], ["1", "1", "1", "1"])
def test_dots_take_up_to_three_words_and_no_more(words, between):
    phrase = f"{words[0]} ... {' '.join(words[1:])}"
    assume(phrase_problem(phrase) is None)
    assume(all(len(normalise(word).split()) == 1 for word in words))
    phrases = phrase_lists([("en", "match", phrase)])["en"]
    typed = " ".join([words[0], *between, *words[1:]])
    assert phrases.matches(typed) is (len(between) <= 3)
