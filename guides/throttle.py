"""Log-in throttling: failures counted per account and per address in the shared cache.

The default cache is the database (or Redis with REDIS_URL), so every worker and every instance
sees the same counts.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _keys(request: HttpRequest, username: str) -> list[str]:
    account = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    address = request.META.get("REMOTE_ADDR", "unknown")
    return [f"login-failures:account:{account}", f"login-failures:address:{address}"]


def is_locked_out(request: HttpRequest, username: str) -> bool:
    counts = cache.get_many(_keys(request, username))
    return any(count >= settings.LOGIN_FAILURE_LIMIT for count in counts.values())


def record_failure(request: HttpRequest, username: str) -> None:
    for key in _keys(request, username):
        # add() starts the window; incr() keeps its expiry, so the window does not slide.
        cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW)


def clear_account(request: HttpRequest, username: str) -> None:
    cache.delete(_keys(request, username)[0])
