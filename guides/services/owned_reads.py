"""The plan page's one query (the person's plan, whether a link to it is out, and its barriers'
notes) and the safety plan's (the plan, and whether a link to it is out), as plain SQL made once
per process (as guides.sessions does for the session): the ORM's filter, annotate and get took
more work than everything else these pages do.

Scoped to the owner like every per-person lookup (guides.helpers.owners): another person's plan is
not found."""

import secrets
from dataclasses import dataclass
from functools import cache
from typing import cast

from django.db import connections, router

from guides.helpers.owners import Owner
from guides.helpers.rows import ModelRows
from guides.models import Plan, PlanBarrier, SafetyPlan, SafetyPlanShare, ShareLink
from guides.models.planner import PlanQuerySet


@dataclass(frozen=True)
class PlanRead:
    plan: Plan
    has_share_link: bool  # a link to it is out (not switched off)
    barrier_notes: list[tuple[int, str]]  # (barrier id, the person's note), in no order


@dataclass(frozen=True)
class _PlanQuery:
    sql: str
    rows: ModelRows  # the plan's fields, in the order the SELECT has them

    def plan(self, alias: str, values):
        return self.rows.instance(alias, values)


@cache
def _plan_query(alias: str, by_account: bool, safety_plan: bool = False) -> _PlanQuery:
    """The plan's (a safety plan's) columns and whether a link is out; a plan's barriers' notes."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    model, link_model = (SafetyPlan, SafetyPlanShare) if safety_plan else (Plan, ShareLink)
    fields = list(model._meta.concrete_fields)

    def column(of, name: str) -> str:
        return quote(cast(str, of._meta.get_field(name).column))

    # Each column named with its table, not an alias, so EXPLAIN names the tables it reads
    # (tests/scale/test_indexes.py).
    plan, link = quote(model._meta.db_table), quote(link_model._meta.db_table)
    barrier = quote(PlanBarrier._meta.db_table)
    plan_columns = ", ".join(f"{plan}.{quote(cast(str, field.column))}" for field in fields)
    user, session_key = f"{plan}.{column(model, 'user')}", f"{plan}.{column(model, 'session_key')}"
    owner = f"{user} = %s" if by_account else f"{user} IS NULL AND {session_key} = %s"
    # Only the models' own table and column names go into the SQL; the id and owner are params.
    sql = (
        f"SELECT {plan_columns}, EXISTS (SELECT 1 FROM {link} "  # noqa: S608
        f"WHERE {link}.{column(link_model, 'plan')} = {plan}.{column(model, 'id')} "
        f"AND {link}.{column(link_model, 'revoked_at')} IS NULL)"
    )
    if safety_plan:  # one per person: no id needed
        sql += f" FROM {plan} WHERE {owner}"
    else:
        sql += (
            f", {barrier}.{column(PlanBarrier, 'barrier')}, "
            f"{barrier}.{column(PlanBarrier, 'note')} "
            f"FROM {plan} LEFT OUTER JOIN {barrier} "
            f"ON {barrier}.{column(PlanBarrier, 'plan')} = {plan}.{column(model, 'id')} "
            f"WHERE {plan}.{column(model, 'id')} = %s AND {owner}"
        )
    return _PlanQuery(sql, ModelRows.of(model, alias, "p"))


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
    count = len(query.rows.names)
    plan = query.plan(alias, rows[0][:count])
    notes = [(row[count + 1], row[count + 2]) for row in rows if row[count + 1] is not None]
    return PlanRead(plan, bool(rows[0][count]), notes)


def owned_safety_plan(owner: Owner) -> tuple[SafetyPlan, bool] | None:
    """The owner's safety plan, and whether a link to it is out; None before they have one."""
    if not (owner.user_id or owner.session_key):
        return None
    alias = router.db_for_read(SafetyPlan)
    query = _plan_query(alias, bool(owner.user_id), safety_plan=True)
    with connections[alias].cursor() as cursor:
        cursor.execute(query.sql, [owner.user_id or owner.session_key])
        row = cursor.fetchone()
    if row is None:
        return None
    count = len(query.rows.names)
    return query.plan(alias, row[:count]), bool(row[count])


# Owners no row has, that the list's SQL is compiled with, then found among its parameters and
# replaced by the person's own: an account id below any, and a key no session has.
_ACCOUNT_STAND_IN, _SESSION_STAND_IN = -(2**62), f"stand-in-{secrets.token_hex(16)}"


@dataclass(frozen=True)
class _ListQuery:
    sql: str
    params: tuple  # the query's own parameters, with the owner's place held
    owner_at: int
    rows: _PlanQuery  # the plan's columns, in the same order, and their converters


@cache
def _list_query(alias: str, by_account: bool) -> _ListQuery:
    """The ORM's SQL for the list of plans (upcoming_first), compiled once with a stand-in for
    the owner, whose place among the parameters is filled per request."""
    stand_in: int | str
    if by_account:
        stand_in, owner = _ACCOUNT_STAND_IN, Owner(user_id=_ACCOUNT_STAND_IN)
    else:
        stand_in, owner = _SESSION_STAND_IN, Owner(session_key=_SESSION_STAND_IN)
    rows = _plan_query(alias, by_account)
    plans = cast(PlanQuerySet, owner.filter(Plan.objects.all()))
    queryset = plans.upcoming_first().values_list(*rows.rows.names)
    sql, params = queryset.query.get_compiler(alias).as_sql()
    return _ListQuery(sql, tuple(params), list(params).index(stand_in), rows)


def owned_plans(owner: Owner) -> list[Plan]:
    """The owner's plans, open ones first by deadline, then the rest (upcoming_first)."""
    if not (owner.user_id or owner.session_key):
        return []
    alias = router.db_for_read(Plan)
    query = _list_query(alias, bool(owner.user_id))
    params = list(query.params)
    params[query.owner_at] = owner.user_id or owner.session_key
    with connections[alias].cursor() as cursor:
        cursor.execute(query.sql, params)
        rows = cursor.fetchall()
    return [query.rows.plan(alias, row) for row in rows]
