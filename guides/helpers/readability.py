"""How hard a text is to read, without the Markdown: the Flesch-Kincaid grade of English, and the
Fernández-Huerta ease of Spanish (0-100, higher is easier; 70 or more reads as plain)."""

import re

import textstat
from textstat.textstat import textstatistics

from guides.helpers.markdown import render_markdown


def plain_words(markdown: str) -> str:
    html = render_markdown(markdown)
    # Headings and list items are sentences of their own to a reader.
    html = re.sub(r"</(h\d|li|p)>", ".\n", html)
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\.(\s*\.)+", ".", text)


def reading_grade(markdown: str) -> float:
    return textstat.flesch_kincaid_grade(plain_words(markdown))


# Its own instance: textstat's language is state, and the module-level one reads English.
_spanish = textstatistics()
_spanish.set_lang("es")


def reading_ease_es(markdown: str) -> float:
    return _spanish.fernandez_huerta(plain_words(markdown))
