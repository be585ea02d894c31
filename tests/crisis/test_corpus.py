"""The crisis phrases against a corpus of sentences as people type them, in English and Spanish:
every sentence that must bring the lines does, and no other. The figures are printed (pytest -s)
and summed up at the end of the run."""

import pytest

from tests.crisis.phrase_corpus import LANGUAGES, SCORE_PROPERTY, Score, corpus, page_phrases


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_corpus_is_big_enough_and_says_each_sentence_once(language):
    sentences = corpus(language)
    assert len(sentences["must_match"]) >= 100
    assert len(sentences["must_not_match"]) >= 50
    every = sentences["must_match"] + sentences["must_not_match"]
    assert len(set(every)) == len(every), "a sentence is there twice"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_lines_come_for_every_crisis_sentence_and_for_no_other(language, record_property):
    phrases = page_phrases(language)
    sentences = corpus(language)
    answers = {s: phrases.matches(s) for s in sentences["must_match"] + sentences["must_not_match"]}
    score = Score.of(language, answers)
    print(score.line("Python"))
    record_property(SCORE_PROPERTY, score.line("Python"))
    assert score.missed == ()
    assert score.false_alarms == ()
