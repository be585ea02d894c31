"""The phrase corpus (tests/crisis/corpus/<language>.yaml): sentences as people type them, that
must and must not bring the crisis lines, and the phrases a page in that language checks."""

from dataclasses import dataclass
from pathlib import Path

import yaml

from guides.helpers.phrase_matching import PhraseList, phrase_lists
from tests.base import CONTENT_DIR

CORPUS_DIR = Path(__file__).parent / "corpus"
LANGUAGES = ("en", "es")
# The name under which a test's figures reach the terminal summary (tests/conftest.py).
SCORE_PROPERTY = "crisis_phrase_corpus"

PHRASES_FILE = yaml.safe_load((CONTENT_DIR / "crisis_phrases.yaml").read_text(encoding="utf-8"))


def shipped(language: str) -> PhraseList:
    """The phrases of a language as content/ ships them, as the site reads them."""
    lists = PHRASES_FILE[language]
    rows = [(language, kind, text) for kind in lists for text in lists[kind] or []]
    return phrase_lists(rows)[language]


def page_phrases(language: str) -> PhraseList:
    """What a page in the language checks: its own phrases, then English (phrases_for)."""
    return shipped(language) if language == "en" else shipped(language) + shipped("en")


def corpus(language: str) -> dict[str, list[str]]:
    text = (CORPUS_DIR / f"{language}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@dataclass(frozen=True)
class Score:
    """How the phrases did on a language's corpus."""

    language: str
    must_match: int
    must_not_match: int
    missed: tuple[str, ...]
    false_alarms: tuple[str, ...]

    @classmethod
    def of(cls, language: str, answers: dict[str, bool]) -> "Score":
        """The score of a matcher's answers (sentence: brings the lines) on the corpus."""
        sentences = corpus(language)
        return cls(
            language,
            len(sentences["must_match"]),
            len(sentences["must_not_match"]),
            tuple(s for s in sentences["must_match"] if not answers[s]),
            tuple(s for s in sentences["must_not_match"] if answers[s]),
        )

    @property
    def precision(self) -> float:
        found = self.must_match - len(self.missed)
        return found / (found + len(self.false_alarms)) if found else 0.0

    @property
    def recall(self) -> float:
        return (self.must_match - len(self.missed)) / self.must_match

    def line(self, matcher: str) -> str:
        return (
            f"{self.language} ({matcher}): precision {self.precision:.3f}, recall "
            f"{self.recall:.3f}; {self.must_match} sentences must bring the lines "
            f"({len(self.missed)} missed), {self.must_not_match} must not "
            f"({len(self.false_alarms)} did)"
        )
