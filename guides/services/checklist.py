"""Saving a person's checklist answers."""

import uuid
from dataclasses import dataclass
from functools import cache
from typing import cast

from django.db import connections, models, router, transaction
from django.utils import timezone

from guides.helpers.owners import Owner
from guides.models import ChecklistResult, Statement, StatementGroup
from guides.services.insight import counts


@dataclass(frozen=True)
class _Inserts:
    result: str  # the result's row, every column a parameter
    tick: str  # one tick's row (checklistresult, statement), repeated for each


@cache
def _inserts(alias: str) -> _Inserts:
    """The two INSERTs, made once per process from the models' own table and column names: the
    ORM's create and bulk_create took more work than the rest of the request (as the plan pages'
    reads in guides.services.owned_reads)."""
    quote = connections[alias].ops.quote_name
    fields = ChecklistResult._meta.concrete_fields
    columns = ", ".join(quote(cast(str, field.column)) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    tick = ChecklistResult.statements.through
    ticked = (
        cast(models.Field, tick._meta.get_field(name)) for name in ("checklistresult", "statement")
    )
    return _Inserts(
        f"INSERT INTO {quote(ChecklistResult._meta.db_table)} ({columns}) VALUES ({marks})",  # noqa: S608
        f"INSERT INTO {quote(tick._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(cast(str, field.column)) for field in ticked)}) VALUES ",
    )


def checklist_result_create(*, owner: Owner, statements: list[Statement]) -> ChecklistResult:
    """Save one set of answers, all of it or nothing: the result, its ticks and the week's count."""
    kinds = [statement.group.kind for statement in statements]
    result = ChecklistResult(
        **owner.fields(),
        id=uuid.uuid4(),
        signs_count=kinds.count(StatementGroup.Kind.SIGNS),
        readiness_count=kinds.count(StatementGroup.Kind.READINESS),
        created_at=timezone.now(),
    )
    alias = router.db_for_write(ChecklistResult)
    connection = connections[alias]
    inserts = _inserts(alias)
    # Each value as its field would save it (a UUID as SQLite's text, a time in UTC).
    fields = ChecklistResult._meta.concrete_fields
    row = [field.get_db_prep_save(getattr(result, field.attname), connection) for field in fields]
    tick = ChecklistResult.statements.through._meta
    result_field = cast(models.Field, tick.get_field("checklistresult"))
    result_id = result_field.get_db_prep_save(result.pk, connection)
    statement_id = cast(models.Field, tick.get_field("statement"))
    ticks: list = []
    for statement in statements:
        ticks += [result_id, statement_id.get_db_prep_save(statement.pk, connection)]
    writes = [(inserts.result, row)]
    if statements:
        writes.append((inserts.tick + ", ".join(["(%s, %s)"] * len(statements)), ticks))
    week = counts.checklist_sent(crisis=any(s.is_crisis for s in statements)).statement()
    if week is not None:
        writes.append(week)
    if connection.vendor == "postgresql":
        # One statement, the INSERTs before the last in its WITH, is all or nothing by itself:
        # one round trip, with no BEGIN and COMMIT around it. With the transaction and its three
        # statements, saving was 781 of the POST's 3,084 function calls; now 404 (#27).
        *first, (sql, params) = writes
        if first:
            ahead = ", ".join(f"write_{i} AS ({text})" for i, (text, _) in enumerate(first))
            sql = f"WITH {ahead} {sql}"
            params = [value for _, values in first for value in values] + params
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    else:
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            for sql, params in writes:
                cursor.execute(sql, params)
    result._state.adding, result._state.db = False, alias
    return result
