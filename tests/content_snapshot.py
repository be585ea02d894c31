"""The real content for each test that asks for it, loaded from content/ once per process.

Loading content/ (reading the files, hashing, a version in the history) takes half a second or
more, and some 400 tests ask for it. The first test loads it for real; the rows it made are kept
in memory, and the next test gets exactly those rows again with one bulk insert per table. The
SQL those inserts sent is kept too, and later tests get it sent again as it is: building the
inserts' SQL and quoting their values took more time than the database took to run them. (So a
section's `updated_at` is when it was first put back, where a real load would say now.)

A copy is only used when it can be exactly what a load would make: the tables it fills must be
empty (a test may have made a guide of its own first), and every content type its history rows
point at must be there. A flush without serialized rollback makes the content types again under
new ids (a browser test's, on either database), so the copy's rows are pointed at the content
types of the same app and model, whatever their ids now. Otherwise the content is loaded for
real, and kept anew.
"""

import copy
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.test.utils import CaptureQueriesContext

from guides.content_version import content_changed
from tests.base import load_real_content


@dataclass
class Snapshot:
    content_types: dict[int, tuple[str, str]]  # id -> (app label, model), when the rows were kept
    rows: dict[type[models.Model], list[models.Model]]
    # The statements that put the rows back, as the database received them, by the content types
    # (id, app label, model) there were then: the ids are in the history rows.
    sent: dict[frozenset, list[str]] = field(default_factory=dict)

    def rows_for(self, content_types: dict[int, tuple[str, str]]):
        """Copies of the rows, pointing at these content types (None if one is missing)."""
        ids_now = {natural_key: pk for pk, natural_key in content_types.items()}
        if not set(self.content_types.values()) <= set(ids_now):
            return None
        new_id = {pk: ids_now[natural_key] for pk, natural_key in self.content_types.items()}
        copies = {}
        for model, rows in self.rows.items():
            pointers = [
                model_field.attname
                for model_field in model._meta.concrete_fields
                if model_field.is_relation and model_field.related_model is ContentType
            ]
            copies[model] = []
            for row in rows:
                row = copy.copy(row)
                for attname in pointers:
                    if getattr(row, attname) is not None:
                        setattr(row, attname, new_id[getattr(row, attname)])
                copies[model].append(row)
        return copies


_snapshots: dict[str, Snapshot] = {}


def _all_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _content_types() -> dict[int, tuple[str, str]]:
    return {
        pk: (app, model)
        for pk, app, model in ContentType.objects.values_list("pk", "app_label", "model")
    }


def _all_empty(model_list) -> bool:
    """Whether none of these tables has a row, in one query."""
    quote = connection.ops.quote_name
    tables = (quote(model._meta.db_table) for model in model_list)  # the models', not input
    checks = " OR ".join(f"EXISTS (SELECT 1 FROM {table})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {checks}")
        return not cursor.fetchone()[0]


def _counts() -> dict[type[models.Model], int]:
    return {model: model._base_manager.count() for model in _all_models()}


def _load_and_keep(key: str) -> None:
    before = _counts()
    load_real_content()
    grown = {model for model, count in _counts().items() if count != before[model]}
    if any(before[model] for model in grown):
        return  # the test had rows of its own in a content table: this load is not the norm
    rows = {model: list(model._base_manager.order_by("pk")) for model in grown}
    _snapshots[key] = Snapshot(_content_types(), rows)


def load_content_for_test() -> None:
    """The content as `load_content content/` makes it, in the test's database."""
    # A flush makes the content types again; the cache must not name the old ids.
    ContentType.objects.clear_cache()
    key = f"{connection.vendor}:{connection.settings_dict['NAME']}"
    snapshot = _snapshots.get(key)
    if snapshot is None or not _all_empty(snapshot.rows):
        _load_and_keep(key)
        return
    content_types = _content_types()
    these_content_types = frozenset(content_types.items())
    sent_before = snapshot.sent.get(these_content_types)
    if sent_before is None:
        rows = snapshot.rows_for(content_types)
        if rows is None:
            _load_and_keep(key)
            return
    with transaction.atomic():  # foreign keys are checked once every table is filled
        if sent_before is not None:
            _send_again(sent_before)
        else:
            snapshot.sent[these_content_types] = _insert(rows)
        content_changed()


def _insert(rows: dict[type[models.Model], list[models.Model]]) -> list[str]:
    """Insert the rows, and move the tables' id sequences past them; the SQL that was sent."""
    with CaptureQueriesContext(connection) as sent:
        for model, copies in rows.items():
            model._base_manager.bulk_create(copies)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(rows)):
                cursor.execute(sql)
    return [query["sql"] for query in sent.captured_queries]


def _send_again(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # several statements in one round trip
            cursor.execute(";\n".join(statements))
        else:
            for sql in statements:
                cursor.execute(sql)
