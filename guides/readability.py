"""How hard a text is to read: the Flesch-Kincaid grade of its words, without the Markdown."""

import re

import textstat

from guides.markdown import render_markdown


def plain_words(markdown: str) -> str:
    html = render_markdown(markdown)
    # Headings and list items are sentences of their own to a reader.
    html = re.sub(r"</(h\d|li|p)>", ".\n", html)
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\.(\s*\.)+", ".", text)


def reading_grade(markdown: str) -> float:
    return textstat.flesch_kincaid_grade(plain_words(markdown))
