"""Ask the database how it would run the statements a view or a service really sent.

`statements_sent()` records each statement with its parameters as Django sends them, and
`accesses()` asks the database for its plan of one: EXPLAIN (FORMAT JSON) on PostgreSQL,
EXPLAIN QUERY PLAN on SQLite, with the same parameters bound the same way.

On PostgreSQL the EXPLAIN runs with enable_seqscan off, in the test's transaction. A test database
holds a handful of rows, and for those a sequential scan is the right plan and says nothing about
100,000. With sequential scans priced out, the planner still falls back to one when no index can
serve the query, so the plan answers "can an index serve this?", which does not depend on row
counts or statistics. Inserting enough rows instead would make each test slow, and its answer
would turn on ANALYZE's statistics. SQLite's planner, without statistics, always searches an index
for an equality on an indexed column, so it needs nothing.
"""

import contextlib
import json
import re
from dataclasses import dataclass

from django.db import connection

# Where the rows of people live: a page or a run that reads one of these whole gets slower with
# every person who signs up.
PER_PERSON_TABLES = {
    "guides_user",
    "guides_session",
    "guides_plan",
    "guides_planbarrier",
    "guides_reminder",
    "guides_sharelink",
    "guides_checklistresult",
    "guides_checklistresult_statements",
    "guides_readingprogress",
}
# SQLite's "SEARCH t USING INDEX i (a=? AND b>?)", "SCAN t", "SEARCH t USING INTEGER PRIMARY KEY".
SQLITE_STEP = re.compile(
    r"^(?:SEARCH|SCAN) (?P<table>\w+)(?: AS \w+)?"
    r"(?: USING (?:COVERING )?INDEX (?P<index>\w+)| USING (?P<rowid>INTEGER PRIMARY KEY))?"
    r"(?: \((?P<condition>.*)\))?$"
)


@dataclass(frozen=True)
class Statement:
    sql: str
    params: tuple

    def reads(self, table: str) -> bool:
        return f'FROM "{table}"' in self.sql or f'JOIN "{table}"' in self.sql

    def writes(self, table: str) -> bool:
        starts = (f'UPDATE "{table}"', f'DELETE FROM "{table}"')  # noqa: S608 - only compared
        return self.sql.startswith(starts)


@dataclass(frozen=True)
class Access:
    """How one step of a plan reaches a table's rows."""

    table: str
    index: str | None  # None: every row of the table is read
    condition: str  # what the index is searched by; empty when the whole index is read

    @property
    def served_by_index(self) -> bool:
        return self.index is not None and bool(self.condition)


@contextlib.contextmanager
def statements_sent():
    sent: list[Statement] = []

    def record(execute, sql, params, many, context):
        sent.append(Statement(sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield sent


def primary_key(table: str) -> str:
    """The name of a table's primary key index (a UUID or a text key: not SQLite's rowid)."""
    if connection.vendor == "postgresql":
        return f"{table}_pkey"
    return f"sqlite_autoindex_{table}_1"


def accesses(statement: Statement) -> list[Access]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            assert connection.in_atomic_block, "SET LOCAL needs the test's transaction"
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN (FORMAT JSON) " + statement.sql, statement.params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            return list(_postgresql_accesses(plan[0]["Plan"]))
        cursor.execute("EXPLAIN QUERY PLAN " + statement.sql, statement.params)
        return [_sqlite_access(row[-1]) for row in cursor.fetchall() if SQLITE_STEP.match(row[-1])]


def _postgresql_accesses(node: dict):
    kind = node["Node Type"]
    if kind == "Seq Scan":
        yield Access(node["Relation Name"], None, "")
    elif kind in ("Index Scan", "Index Only Scan"):
        yield Access(node["Relation Name"], node["Index Name"], node.get("Index Cond", ""))
    elif kind == "Bitmap Heap Scan":
        for scan in _bitmap_index_scans(node):
            yield Access(node["Relation Name"], scan["Index Name"], scan.get("Index Cond", ""))
        return
    for child in node.get("Plans", []):
        yield from _postgresql_accesses(child)


def _bitmap_index_scans(node: dict):
    for child in node.get("Plans", []):
        if child["Node Type"] == "Bitmap Index Scan":
            yield child
        else:  # BitmapAnd, BitmapOr
            yield from _bitmap_index_scans(child)


def _sqlite_access(detail: str) -> Access:
    step = SQLITE_STEP.match(detail)
    index = "PRIMARY KEY" if step["rowid"] else step["index"]
    return Access(step["table"], index, step["condition"] or "")


def describe(statement: Statement) -> str:
    return f"{statement.sql} {statement.params!r}\n" + "\n".join(
        f"  {access}" for access in accesses(statement)
    )


def assert_served_by(
    statements: list[Statement], *, table: str, by: dict[str, str], writes: bool = False
) -> list[Access]:
    """Each statement on `table` finds its rows through an index, and one of the indexes in `by`
    serves a lookup by its column (index name: column) in at least one of them. Returns those
    accesses, for further checks."""
    relevant = [s for s in statements if (s.writes(table) if writes else s.reads(table))]
    assert relevant, f"no statement {'wrote' if writes else 'read'} {table}"
    found = []
    for statement in relevant:
        on_table = [access for access in accesses(statement) if access.table == table]
        assert on_table and all(access.served_by_index for access in on_table), describe(statement)
        found += [a for a in on_table if a.index in by and by[a.index] in a.condition]
    assert found, f"none of {by} served the lookup:\n" + "\n".join(
        describe(statement) for statement in relevant
    )
    return found


def assert_no_full_scans(statements: list[Statement]) -> None:
    """No statement reads a whole table of people's rows."""
    for statement in statements:
        if not statement.sql.startswith(("SELECT", "UPDATE", "DELETE")):
            continue
        for access in accesses(statement):
            if access.table in PER_PERSON_TABLES:
                assert access.served_by_index, describe(statement)
