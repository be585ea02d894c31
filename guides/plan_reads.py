"""The plan page's one query: the person's plan, whether a link to it is out, and its barriers'
notes, as plain SQL made once per process (as guides.sessions does for the session): the ORM's
filter, annotate and get took more work than everything else the page does.

Scoped to the owner like every per-person lookup (guides.owners): another person's plan is not
found."""

from dataclasses import dataclass
from functools import cache
from typing import cast

from django.db import connections, router

from guides.models import Plan, PlanBarrier, ShareLink
from guides.owners import Owner


@dataclass(frozen=True)
class PlanRead:
    plan: Plan
    has_share_link: bool  # a link to it is out (not switched off)
    barrier_notes: list[tuple[int, str]]  # (barrier id, the person's note), in no order


@dataclass(frozen=True)
class _PlanQuery:
    sql: str
    names: list[str]  # the plan's fields, in the order the SELECT has them
    columns: list  # each as an expression, for its converters
    converters: list[list]  # for each field, the database's and the field's

    def plan(self, alias: str, values) -> Plan:
        connection = connections[alias]
        converted = []
        for value, column, converters in zip(values, self.columns, self.converters, strict=True):
            for convert in converters:
                value = convert(value, column, connection)  # noqa: PLW2901
            converted.append(value)
        return Plan.from_db(alias, self.names, converted)


@cache
def _plan_query(alias: str, by_account: bool) -> _PlanQuery:
    connection = connections[alias]
    quote = connection.ops.quote_name
    fields = list(Plan._meta.concrete_fields)

    def column(model, name: str) -> str:
        return quote(cast(str, model._meta.get_field(name).column))

    plan_columns = ", ".join(f"p.{quote(cast(str, field.column))}" for field in fields)
    owner = (
        f"p.{column(Plan, 'user')} = %s"
        if by_account
        else f"p.{column(Plan, 'user')} IS NULL AND p.{column(Plan, 'session_key')} = %s"
    )
    # Only the models' own table and column names go into the SQL; the id and owner are params.
    sql = (
        f"SELECT {plan_columns}, EXISTS (SELECT 1 FROM {quote(ShareLink._meta.db_table)} l "  # noqa: S608
        f"WHERE l.{column(ShareLink, 'plan')} = p.{column(Plan, 'id')} "
        f"AND l.{column(ShareLink, 'revoked_at')} IS NULL), "
        f"b.{column(PlanBarrier, 'barrier')}, b.{column(PlanBarrier, 'note')} "
        f"FROM {quote(Plan._meta.db_table)} p "
        f"LEFT OUTER JOIN {quote(PlanBarrier._meta.db_table)} b "
        f"ON b.{column(PlanBarrier, 'plan')} = p.{column(Plan, 'id')} "
        f"WHERE p.{column(Plan, 'id')} = %s AND {owner}"
    )
    columns = [field.get_col("p") for field in fields]
    converters = [
        connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        for field, column in zip(fields, columns, strict=True)
    ]
    return _PlanQuery(sql, [field.attname for field in fields], columns, converters)


def owned_plan(owner: Owner, plan_id) -> PlanRead | None:
    """The owner's plan with this id, or None (not theirs, or no such plan)."""
    if not (owner.user_id or owner.session_key):
        return None
    alias = router.db_for_read(Plan)
    connection = connections[alias]
    query = _plan_query(alias, bool(owner.user_id))
    params = [
        Plan._meta.pk.get_db_prep_value(plan_id, connection),
        owner.user_id or owner.session_key,
    ]
    with connection.cursor() as cursor:
        cursor.execute(query.sql, params)
        rows = cursor.fetchall()
    if not rows:
        return None
    count = len(query.names)
    plan = query.plan(alias, rows[0][:count])
    notes = [(row[count + 1], row[count + 2]) for row in rows if row[count + 1] is not None]
    return PlanRead(plan, bool(rows[0][count]), notes)
