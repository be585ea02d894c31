"""Words a reader sees that were false, pressing or not neutral Spanish, and must not come back:
in the templates, the content files and the Spanish catalog."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
# What a reader sees, except the crisis lines' own data (content/crisis.yaml), which is checked
# against each service's page.
WORDS_READERS_SEE = [
    *sorted((BASE / "templates").rglob("*.html")),
    *sorted((BASE / "templates").rglob("*.txt")),
    *sorted((BASE / "content" / "guides").rglob("*.md")),
    BASE / "content" / "checklist.yaml",
    BASE / "content" / "planner.yaml",
    BASE / "content" / "safety_plan.yaml",
]

NEVER_SAID = [
    # Services may send emergency help without asking first.
    "usually tell you first",
    "normalmente te lo dicen primero",
    "casi siempre te lo dicen",
    # Not every line is free.
    "These services are free",
    "These lines are free",
    "They are free and confidential",
    "Anywhere:** helplines are free",
    "En cualquier lugar:** las líneas de ayuda son gratis",
    # Nobody at First Step reads the answers.
    "You told us",
    "Nos dijiste",
    # Answers and plans are kept on the server.
    "nothing you do here is sent to anyone",
    "se le envía a nadie",
    "Nothing you do here is shared with anyone",
    # Lines for young people and for people not safe at home exist only in some regions.
    "there is help just for you",
    "hay ayuda pensada para ti",
    "Many of the lines above take texts too",
    # Overclaims, guilt and fear.
    "gets easier each time",
    "one of the best things you ever do",
    "passed on to their children",
    "take a toll on your body",
    # Support, not surveillance.
    "keep you to it",
    "keep me to it",
    "Keeping me to it",
    "keep them to it",
    "accountability partner",
    # "It" says what it is.
    "It has lasted more than two weeks",
    # Neutral Latin American Spanish.
    "médico de cabecera",
    "Lo estoy pasando mal",
    "Ayúdale",
]


@pytest.mark.parametrize("path", WORDS_READERS_SEE, ids=lambda path: str(path.relative_to(BASE)))
def test_no_file_readers_see_says_what_is_not_true(path):
    text = path.read_text(encoding="utf-8").lower()
    for words in NEVER_SAID:
        assert words.lower() not in text, words


def test_no_spanish_translation_says_what_is_not_true():
    catalog = polib.pofile(str(BASE / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    said = " ".join(f"{e.msgid} {e.msgstr}" for e in catalog if not e.obsolete).lower()
    for words in NEVER_SAID:
        assert words.lower() not in said, words


def test_nhs_talking_therapies_is_marked_england_only_wherever_it_appears():
    for path in WORDS_READERS_SEE:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "nhs talking therapies" in line.lower():
                assert "england" in line.lower() or "inglaterra" in line.lower(), (path, line)
