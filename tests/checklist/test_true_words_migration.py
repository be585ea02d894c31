"""Migration 0015: rows that still hold the default words as shipped take the new, true words;
a row staff edited keeps theirs."""

import importlib

import pytest
from django.apps import apps

from guides.models import Barrier, ContactKind, Statement

pytestmark = pytest.mark.django_db

migration = importlib.import_module("guides.migrations.0016_support_person_words")


def test_the_words_as_shipped_become_the_new_ones_and_staff_edits_stay(content):
    Statement.objects.filter(key="lasted-two-weeks").update(
        text="It has lasted more than two weeks.",
        text_en="It has lasted more than two weeks.",
        text_es="Ha durado más de dos semanas.",
    )
    Statement.objects.filter(key="gets-in-the-way").update(text_en="Staff wrote this.")
    ContactKind.objects.filter(slug="gp").update(
        name_es="Un médico de cabecera o de atención primaria"
    )
    shipped_cost = next(
        old
        for model, _lookup, slug, field, old, _new in migration.TRUE_WORDS
        if (model, slug, field) == ("Barrier", "cost", "suggestion")
    )
    Barrier.objects.filter(slug="cost").update(suggestion=shipped_cost, suggestion_en=shipped_cost)
    migration.true_words(apps, None)
    two_weeks = Statement.objects.get(key="lasted-two-weeks")
    assert two_weeks.text_en == "Feeling this way has lasted more than two weeks."
    assert two_weeks.text_es == "Me he sentido así por más de dos semanas."
    assert Statement.objects.get(key="gets-in-the-way").text_en == "Staff wrote this."
    assert ContactKind.objects.get(slug="gp").name_es == "Un médico de atención primaria"
    assert "England only" in Barrier.objects.get(slug="cost").suggestion_en
