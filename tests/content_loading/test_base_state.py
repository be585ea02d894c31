"""The test databases' content (tests/base_state.py): loaded once, and the same for every test."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

from guides.models import CrisisResource, Guide, Section
from tests import conftest
from tests.base import load_real_content
from tests.base_state import _all_models

# Ids and moments differ from one load to the next on PostgreSQL, whose sequences a rollback
# does not move back; the history's copies of each object name those ids.
NOT_COMPARED = (models.AutoField, models.BigAutoField, models.ForeignKey, models.DateTimeField)


def rows_by_table() -> dict[str, list[str] | int]:
    found: dict[str, list[str] | int] = {}
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


def every_row() -> dict[str, list[dict]]:
    """Every row of every table, as it is, but for the moments a save sets to now (auto_now)."""
    return {
        model._meta.db_table: list(
            model._base_manager.order_by("pk").values(
                *(
                    field.attname
                    for field in model._meta.concrete_fields
                    if not (
                        getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
                    )
                )
            )
        )
        for model in _all_models()
    }


def empty_every_table() -> None:
    """As a flush does (here inside the test's transaction)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in _all_models():
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608


@pytest.mark.django_db
def test_the_kept_content_is_what_loading_content_makes():
    assert conftest._base_state.put_back_what_a_flush_took()  # the content this test did not want
    kept = rows_by_table()
    conftest._base_state.remove_the_content()
    load_real_content()
    assert rows_by_table() == kept
    assert len(kept["guides_section"]) > 10
    assert len(kept["reversion_version"]) > 100


@pytest.mark.django_db
def test_a_test_that_does_not_ask_for_it_finds_none():
    assert not Guide.objects.exists()
    assert not CrisisResource.objects.exists()
    assert tuple(rows_by_table().values()).count(0) >= len(conftest._base_state.content)


@pytest.mark.django_db
def test_what_a_flush_took_is_put_back_as_it_was():
    """As after a browser test's flush, every table empty."""
    conftest._base_state.put_back_what_a_flush_took()
    before = every_row()
    empty_every_table()
    assert not ContentType.objects.exists()
    assert conftest._base_state.put_back_what_a_flush_took()
    assert every_row() == before
    assert not conftest._base_state.put_back_what_a_flush_took()  # nothing missing now
    new = Section.objects.create(guide=Guide.objects.get(), slug="new", title="New", order=99)
    assert new.pk > max(row["id"] for row in before[Section._meta.db_table])


@pytest.mark.django_db
def test_content_types_made_again_under_new_ids_are_put_back_as_they_were():
    """As after a flush that let post_migrate make the content types again."""
    conftest._base_state.put_back_what_a_flush_took()
    before = every_row()
    empty_every_table()
    ContentType.objects.create(app_label="guides", model="guide")  # under a new id
    assert conftest._base_state.put_back_what_a_flush_took()
    assert every_row() == before


@pytest.mark.django_db
def test_after_a_flush_a_test_without_the_content_finds_the_migrations_rows_only():
    """What a transactional test that does not ask for `content` starts from (tests/conftest.py):
    serialized rollback keeps no rows here, so the kept ones are all it has."""
    from django.contrib.auth.models import Group

    empty_every_table()
    assert conftest._base_state.put_back_what_a_flush_took(content=False)
    assert Group.objects.filter(name="Content editors").exists()
    assert ContentType.objects.exists()
    assert not Guide.objects.exists() and not CrisisResource.objects.exists()
    assert not conftest._base_state.put_back_what_a_flush_took(content=False)  # nothing missing
