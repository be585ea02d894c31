"""The session engine: Django's database sessions, stored with the account they belong to, and
read with it: one query finds who a signed-in request is from (see `user_of`)."""

import json
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from guides.helpers.database import is_database_unavailable
from guides.helpers.rows import ModelRows

if TYPE_CHECKING:
    from guides.models.accounts import Session


@dataclass(frozen=True)
class _SessionQuery:
    sql: str
    rows: ModelRows  # the account's fields, in the order the SELECT has them after the data

    def account(self, alias: str, values):
        return self.rows.instance(alias, values)


@cache
def _session_query(alias: str) -> _SessionQuery:
    from guides.models.accounts import Session

    connection = connections[alias]
    quote = connection.ops.quote_name
    user = get_user_model()
    fields = [field for field in user._meta.concrete_fields]
    columns = ", ".join(f"u.{quote(cast(str, field.column))}" for field in fields)
    session_table, user_table = quote(Session._meta.db_table), quote(user._meta.db_table)
    # Only the models' own table and column names go into the SQL; the key and time are params.
    pk_column = cast(str, user._meta.pk.column)
    sql = (
        f"SELECT s.{quote('session_data')}, {columns} FROM {session_table} s "  # noqa: S608
        f"LEFT OUTER JOIN {user_table} u ON u.{quote(pk_column)} = s.{quote('user_id')} "
        f"WHERE s.{quote('session_key')} = %s AND s.{quote('expire_date')} > %s"
    )
    return _SessionQuery(sql, ModelRows.of(user, alias, "u"))


class SessionStore(DatabaseSessionStore):
    _written: tuple[str, str] | None = None  # the key and data this request last wrote
    account = None  # the account of the session's row, read with it (see user_of)

    @classmethod
    def get_model_class(cls):
        from guides.models.accounts import Session

        return Session

    def _get_session_from_db(self):
        # What Django's own does (the unexpired row with this key), with the session's account
        # in the same query: one plain SELECT with a join, its SQL made once per process, since
        # the ORM's select_related took more work than the second query it saved. The row is
        # still read on every request, so a session deleted (an account deleted, a session
        # purged) ends at once.
        self.account = None
        model = self.model
        alias = router.db_for_read(model)
        query = _session_query(alias)
        now = connections[alias].ops.adapt_datetimefield_value(timezone.now())
        with connections[alias].cursor() as cursor:
            cursor.execute(query.sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        session = model(session_key=cast(str, self.session_key), session_data=row[0])
        session.user_id = row[1]  # type: ignore[attr-defined]
        if row[1] is not None:
            self.account = query.account(alias, row[1:])
        return session

    def create_model_instance(self, data):
        session = cast("Session", super().create_model_instance(data))
        try:
            session.user_id = int(data.get("_auth_user_id"))
        except (TypeError, ValueError):
            session.user_id = None
        return session

    def save(self, must_create=False):
        # A view that saved the session itself (to have its key, or inside its transaction) has
        # written what SessionMiddleware would write again: skip that. A write after the view's
        # commit could fail alone, and the person would be told nothing was saved when it was.
        if not must_create and self.session_key and self._written == self._fingerprint():
            return
        try:
            super().save(must_create=must_create)
        except UpdateError as error:
            # Django takes any database error in an update for "the session was deleted", which
            # SessionMiddleware answers with a 400. A database that cannot be reached is an
            # outage: raise that, so the person gets the friendly 503 and can try again.
            cause = error.__context__
            if cause is not None and is_database_unavailable(cause):
                raise cause from None
            raise
        self._written = self._fingerprint()

    def _fingerprint(self) -> tuple[str, str] | None:
        data = getattr(self, "_session_cache", None)
        if data is None or self.session_key is None:
            return None
        return self.session_key, json.dumps(data, sort_keys=True, default=str)


MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def user_of(request: HttpRequest):
    """Who the request is from, as django.contrib.auth.get_user finds it, but with the account
    the session's row brought (no second query) when the default backend is the one that signed
    the person in. The same checks follow: an inactive account is nobody, and a session whose
    password hash no longer matches (the password changed) is flushed."""
    session = request.session
    user_id = session.get(auth.SESSION_KEY)  # reads the session, and its account with it
    account = getattr(session, "account", None)
    if (
        user_id is None
        or account is None
        or str(account.pk) != str(user_id)
        or session.get(auth.BACKEND_SESSION_KEY) != MODEL_BACKEND
        or MODEL_BACKEND not in settings.AUTHENTICATION_BACKENDS
    ):
        return auth.get_user(request)
    if not ModelBackend().user_can_authenticate(account):
        return AnonymousUser()
    session_hash = session.get(auth.HASH_SESSION_KEY)
    if session_hash and constant_time_compare(session_hash, account.get_session_auth_hash()):
        return account
    # Not the current secret's hash: Django's own checks (the fallback secrets, then a flush).
    return auth.get_user(request)
