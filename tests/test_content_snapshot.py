"""The `content` fixture's kept copy (tests/content_snapshot.py) is what load_content makes."""

import pytest
from django.db import models, transaction

from tests import content_snapshot
from tests.base import load_real_content
from tests.content_snapshot import _all_models, load_content_for_test

# Ids and moments differ from one load to the next on PostgreSQL, whose sequences a rollback
# does not move back; the history's copies of each object name those ids.
NOT_COMPARED = (models.AutoField, models.BigAutoField, models.ForeignKey, models.DateTimeField)


def rows_by_table() -> dict[str, list[tuple]]:
    found = {}
    for model in _all_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if not isinstance(field, NOT_COMPARED)
            and field.name not in {"object_id", "serialized_data"}
        ]
        rows = sorted(map(repr, model._base_manager.values_list(*fields))) if fields else []
        found[model._meta.db_table] = rows or model._base_manager.count()
    return found


def after(load) -> dict[str, list[tuple]]:
    with transaction.atomic():
        load()
        rows = rows_by_table()
        transaction.set_rollback(True)
    return rows


@pytest.mark.django_db
def test_the_kept_copy_of_the_content_is_what_loading_content_makes(monkeypatch):
    monkeypatch.setattr(content_snapshot, "_snapshots", {})  # as if first in this process
    after(load_content_for_test)  # loads for real, and keeps a copy
    restored = after(load_content_for_test)  # by bulk inserts, whose SQL is kept
    sent_again = after(load_content_for_test)  # by that SQL
    loaded = after(load_real_content)
    assert restored == loaded
    assert sent_again == loaded
    assert len(restored["guides_section"]) > 10 and len(restored["reversion_version"]) > 100


@pytest.mark.django_db
def test_a_guide_made_before_the_content_is_kept_and_the_content_loaded_around_it():
    from tests.base import make_guide

    make_guide(slug="mine")
    load_content_for_test()
    from guides.models import Guide

    assert sorted(Guide.objects.values_list("slug", flat=True)) == ["first-step", "mine"]


@pytest.mark.django_db
def test_the_kept_copy_follows_content_types_made_again_under_new_ids():
    """As after a browser test's flush: the history rows of the copy point at the content types
    of the same models, under their new ids, and nothing is loaded for real."""
    from unittest import mock

    from django.contrib.contenttypes.models import ContentType
    from reversion.models import Version

    from guides.models import Section

    after(load_content_for_test)  # kept, if no test in this process did it first
    old = list(ContentType.objects.values_list("pk", "app_label", "model"))
    ContentType.objects.all().delete()
    ContentType.objects.clear_cache()
    # Made again, as a flush's post_migrate does, under ids that are not the old ones (and in
    # another order).
    ContentType.objects.bulk_create(
        ContentType(pk=10_000 - pk, app_label=app_label, model=model)
        for pk, app_label, model in old
    )

    with mock.patch("tests.content_snapshot.load_real_content", side_effect=AssertionError):
        load_content_for_test()
    sections = Section.objects.count()
    assert sections > 10
    assert Version.objects.get_for_model(Section).count() >= sections
    for version in Version.objects.select_related("content_type"):
        assert version.object is not None, version.content_type
