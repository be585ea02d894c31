"""The session engine: Django's database sessions, stored with the account they belong to."""

import json
from typing import TYPE_CHECKING, cast

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from guides.middleware import is_database_unavailable

if TYPE_CHECKING:
    from guides.models.accounts import Session


class SessionStore(DatabaseSessionStore):
    _written: tuple[str, str] | None = None  # the key and data this request last wrote

    @classmethod
    def get_model_class(cls):
        from guides.models.accounts import Session

        return Session

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
