"""Who owns a per-person object: an account, or before sign-up the browser's session.

Every per-person lookup in a view goes through `owned_by`, so another person's object is a 404.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest


@dataclass(frozen=True)
class Owner:
    user_id: int | None = None
    session_key: str | None = None

    def fields(self) -> dict:
        """The owner fields to set on a new object."""
        if self.user_id:
            return {"user_id": self.user_id, "session_key": None}
        return {"user_id": None, "session_key": self.session_key}

    def filter(self, queryset: QuerySet) -> QuerySet:
        if self.user_id:
            return queryset.filter(user_id=self.user_id)
        if self.session_key:
            return queryset.filter(user__isnull=True, session_key=self.session_key)
        return queryset.none()


def owner_for(request: HttpRequest, *, create_session: bool = False) -> Owner:
    """The owner behind this request. Only a save creates an anonymous session, never a read."""
    if request.user.is_authenticated:
        return Owner(user_id=request.user.pk)
    if create_session and not request.session.session_key:
        request.session["anonymous"] = True
        request.session.save()
    return Owner(session_key=request.session.session_key)


def owned_by(request: HttpRequest, queryset: QuerySet) -> QuerySet:
    return owner_for(request).filter(queryset)


def session_has_expired(request: HttpRequest) -> bool:
    """The browser sent a session cookie that the server no longer knows (expired or purged)."""
    if request.user.is_authenticated or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    request.session.is_empty()  # loads the session, which forgets an unknown key
    return request.session.session_key is None
