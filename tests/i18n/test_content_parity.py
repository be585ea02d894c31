"""content/ holds each section in every language: a file in one language and not the other fails."""

import shutil

import pytest
import yaml
from django.conf import settings

from guides.services.content_loading import language_gaps, read_guides
from tests.base import CONTENT_DIR

OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def test_every_section_is_written_in_every_language():
    guides = read_guides(CONTENT_DIR)
    assert guides and all(guide.translations for guide in guides)
    assert language_gaps(guides) == []


def test_a_section_missing_in_spanish_or_only_in_spanish_is_named(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copy)
    guide = copy / "guides" / "first-step"
    (guide / "es" / "04-barriers.md").unlink()
    (guide / "es" / "12-extra.md").write_text(
        "---\nslug: solo-en-espanol\norder: 12\ntitle: Solo en español\nsummary: Uno.\n---\nHola.\n"
    )
    assert language_gaps(read_guides(copy)) == [
        "first-step: “barriers” has no es file in es/.",
        "first-step/es: “solo-en-espanol” has no en file.",
    ]


@pytest.mark.parametrize("name", ["checklist.yaml", "planner.yaml", "crisis.yaml"])
def test_every_word_staff_wrote_in_english_has_its_spanish(name):
    """Where a file gives an item's words in Spanish (name_es), every item of the file does."""
    missing = []

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                for language in OTHER_LANGUAGES:
                    suffix = f"_{language}"
                    if key.endswith(suffix) or not isinstance(value, str):
                        continue
                    if key == "name" and where.endswith("]") and ".resources[" in where:
                        continue  # a service's own name (Samaritans) is the same in Spanish
                    if f"{key}{suffix}" in translated_keys and f"{key}{suffix}" not in node:
                        missing.append(f"{where}.{key}")
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{where}[{index}]")

    data = yaml.safe_load((CONTENT_DIR / name).read_text(encoding="utf-8"))
    translated_keys = set(keys_in(data))
    assert any(key.endswith("_es") for key in translated_keys)
    walk(data, name)
    assert missing == []


def keys_in(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from keys_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from keys_in(item)
