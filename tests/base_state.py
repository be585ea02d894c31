"""What every test database holds before a test: the migrations' rows and the real content.

`django_db_setup` (tests/conftest.py) loads content/ into each test database once and keeps
every row of it here, as model instances. A test on pytest-django's `db` runs in a transaction
that is rolled back, so it leaves the database as it found it. A test on a transactional
database (a browser test, a live server, gunicorn) ends with Django's flush, which empties every
table; `put_back_what_a_flush_took` puts the rows back, with one bulk insert per table: what the
migrations made before each transactional test (tests/conftest.py), and the content too where the
test asks for it. Django's serialized rollback would put back the migrations' rows itself, by
saving them one by one: a tenth of a second for each browser test, five times this bulk insert.

The ids are the ones the first load got, and so are the content types'. The flush leaves the id
sequences where they were, past the kept rows, so a new row never takes a kept row's id.
"""

import copy
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, models, transaction

from guides.content_version import content_changed
from tests.base import load_real_content


def _all_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def tables_with_rows(model_list: list[type[models.Model]]) -> set[type[models.Model]]:
    """Which of these models' tables have a row, in one query."""
    if not model_list:
        return set()
    quote = connection.ops.quote_name
    tables = (quote(model._meta.db_table) for model in model_list)  # the models', not input
    checks = ", ".join(f"EXISTS (SELECT 1 FROM {table})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {checks}")
        found = cursor.fetchone()
    return {model for model, has_rows in zip(model_list, found, strict=True) if has_rows}


@dataclass
class BaseState:
    rows: dict[type[models.Model], list[models.Model]]  # every table that has rows
    content: list[type[models.Model]]  # the tables content/ filled (none had a row before)

    @classmethod
    def load_and_keep(cls) -> "BaseState":
        """Load content/ into this (migrated, otherwise empty) test database, and keep it all."""
        made_by_migrations = tables_with_rows(_all_models())
        load_real_content()
        rows = {
            model: list(model._base_manager.order_by("pk"))
            for model in tables_with_rows(_all_models())
        }
        return cls(rows=rows, content=[model for model in rows if model not in made_by_migrations])

    def put_back_what_a_flush_took(self, *, content: bool = True) -> bool:
        """Fill every table a flush emptied with its kept rows (but for the content's, if not
        `content`); whether anything was missing."""
        wanted = [model for model in self.rows if content or model not in self.content]
        filled = tables_with_rows(wanted)
        missing = [model for model in wanted if model not in filled]
        if not missing:
            return False
        # Once Playwright runs its event loop in this thread, asgiref gives the thread a new
        # connection object, without Django's serialized rows: the flush then lets post_migrate
        # make the content types and permissions again under new ids, and no groups. Those rows
        # go, and the kept ones come back.
        remade = [
            model
            for model in filled
            if model not in self.content
            and set(model._base_manager.values_list("pk", flat=True))
            != {row.pk for row in self.rows[model]}
        ]
        quote = connection.ops.quote_name
        with transaction.atomic():  # foreign keys are checked once every table is filled
            with connection.cursor() as cursor:
                for model in remade:
                    cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608
            for model in missing + remade:
                model._base_manager.bulk_create(copy.copy(row) for row in self.rows[model])
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        content_changed()
        return True

    def remove_the_content(self) -> None:
        """Empty the tables content/ filled, for a test that did not ask for the content."""
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for model in self.content:
                cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608
        content_changed()
