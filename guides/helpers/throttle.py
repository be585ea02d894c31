"""Log-in throttling: failures counted per account and per address in the shared cache.

The default cache is the database (or Redis with REDIS_URL), so every worker and every instance
sees the same counts.
"""

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address the request came from, behind TRUSTED_PROXY_COUNT proxies.

    Each proxy appends the address it got the request from to X-Forwarded-For, so the client is
    that many entries from the right: whatever a client sends itself is further left, and never
    read. Without proxies, or if the header is not as the proxies would write it, REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR", "unknown")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote


def _keys(request: HttpRequest, username: str) -> list[str]:
    account = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    address = client_address(request)
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
