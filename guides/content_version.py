"""The content version: which edition of what staff edit each process may keep and reuse.

A value in the shared cache (the database, or Redis) that `content_changed` moves whenever staff
or `load_content` change what readers see. Each process looks at it at most every
`CONTENT_CHECK_SECONDS`, and once per request at most, so that every worker, on every instance,
shows an edit within that time. What a process keeps for a version (`kept`, and the pages and
fragments of guides.content_cache) is not used again once the version has moved.

No models are imported here: models call `content_changed` when they are saved.
"""

import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"

# The version this process last read from the shared cache, and when (time.monotonic()).
_seen: tuple[str | None, float] = (None, float("-inf"))
# Within one request the version is read once, so its page and the content in it agree: "" in a
# request that has not read it yet, None outside a request.
_this_request: ContextVar[str | None] = ContextVar("content_version", default=None)
# What `kept` keeps: the version it is for, and the values by name.
_kept: tuple[str | None, dict] = (None, {})
# Inside `one_change_for_all`, changes wait to be told once, at its end.
_holding_changes: ContextVar[bool] = ContextVar("holding_content_changes", default=False)


def content_changed(**_signal) -> None:
    """Readers see a change: every process drops what it keeps, now and again once the
    surrounding transaction commits.

    Saving or deleting a content object calls it (models.base.ReadersSeeThis), and it receives
    m2m_changed for content's many-to-many fields. Call it after a write that saves no object: a
    queryset's update() or delete(), a bulk create. The second time is for a cache outside the
    database (Redis): a process that looked in between may have read the content as it was.
    """
    if _holding_changes.get():
        return
    _set_new_version()
    if connection.in_atomic_block:
        transaction.on_commit(_set_new_version)


@contextmanager
def one_change_for_all() -> Iterator[None]:
    """Readers see a change once, when this ends (`content_changed`), whatever was written
    inside, for a write of many objects: load_content saves hundreds, and telling each would
    write the shared cache twice an object."""
    token = _holding_changes.set(True)
    try:
        yield
    finally:
        _holding_changes.reset(token)
        content_changed()


def _set_new_version() -> None:
    global _seen
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    _seen = (_seen[0], float("-inf"))  # this process sees the change at its next request


def current_version() -> str | None:
    """The shared content version (None when the shared cache cannot be reached: then nothing
    may be reused)."""
    pinned = _this_request.get()
    if pinned:
        return pinned
    version = _fresh_version() or _read_shared_version()
    if pinned == "" and version is not None:
        _this_request.set(version)
    return version


def known_version() -> str | None:
    """The content version if finding it costs no query, else None."""
    return _this_request.get() or _fresh_version()


def _fresh_version() -> str | None:
    version, checked_at = _seen
    if time.monotonic() - checked_at < settings.CONTENT_CHECK_SECONDS:
        return version
    return None


def _read_shared_version() -> str | None:
    global _seen
    now = time.monotonic()
    try:
        version = cache.get(VERSION_KEY)
        if version is None:  # a new or emptied cache: the first process to look sets one
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception:
        # Without the shared cache nothing can be reused safely; the pages still work.
        logger.warning("The cache is unavailable; content is read afresh.", exc_info=True)
        return None
    _seen = (version, now)
    return version


def kept[T](name: str | tuple, load: Callable[[], T]) -> T:
    """What `load` returns, kept in this process until the content version moves.

    For what staff edit and many pages read (the site settings, the checklist's statements, the
    crisis regions): a query on the first request after a change, none after. The objects
    themselves are kept, not copies, so nobody may change them. Not in the local-memory cache
    alias (guides.content_cache): it pickles what it keeps, and unpickling model objects on each
    request costs more than the queries it saves (the regions with their lines: 5.6 ms).
    """
    global _kept
    version = current_version()
    if version is None:
        return load()
    kept_version, values = _kept  # a new version replaces the pair: read from one
    if kept_version == version and name in values:
        return cast(T, values[name])
    value = load()
    kept_version, values = _kept  # `load` may have kept something itself
    if kept_version != version:
        values = {}
        _kept = (version, values)
    values[name] = value
    return value


def forget() -> None:
    """Drop what this process knows, so that the next request reads the shared version again."""
    global _seen, _kept
    _seen, _kept = (None, float("-inf")), (None, {})
    _this_request.set(None)


def _pin_for_request(**_signal) -> None:
    _this_request.set("")


def _unpin(**_signal) -> None:
    _this_request.set(None)


request_started.connect(_pin_for_request, dispatch_uid="content_version_pin")
request_finished.connect(_unpin, dispatch_uid="content_version_unpin")
