"""Content kept in each process, and pages rendered once for anonymous readers.

The published guides, and anything else staff edit that many pages read (see `held`), are kept
per content version; so are whole pages that nothing personal went into (see `render_shared`).

A version number in the shared cache (the database, or Redis) says when they are stale:
`services.content_changed` sets a new one whenever staff or `load_content` change what readers
see, and each process looks at it at most every `CONTENT_CHECK_SECONDS`, then starts afresh.
"""

import logging
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Subquery
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.middleware.gzip import re_accepts_gzip
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from guides.models import Guide, Section, SiteSettings

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
# The name under which `held` keeps "Exit this page": its switch, and where it goes per language.
EXIT_BUTTON = "exit_this_page"
MAX_PAGES = 1000  # rendered pages kept per process; a page is about 10 KB
# Set on a request whose page shows a region's crisis lines, chosen perhaps by the browser's
# language: PrivatePagesMiddleware then adds Accept-Language to Vary (guides.regions).
SHOWS_REGION = "_shows_region"
MESSAGES_COOKIE = "messages"  # where django.contrib.messages keeps messages without a session
# The site settings' fields "Exit this page" reads: its switch, and an address per language.
EXIT_FIELDS = ["show_exit_button"] + [
    field.name for field in SiteSettings._meta.fields if field.name.startswith("exit_url_")
]
# Stands in for the CSRF token in a shared page; each reader's own token replaces it as the page
# is sent. Random, so that no words staff write can contain it.
CSRF_TOKEN_PLACEHOLDER = f"csrf-token-{secrets.token_hex(16)}"


@dataclass(frozen=True)
class PublishedGuide:
    guide: Guide
    steps: list[Section]  # its published sections in order, each with `guide` already set


@dataclass(frozen=True)
class PublishedContent:
    version: str
    guides: list[PublishedGuide]  # in the guides' order: the first one is the one at /guide/

    @property
    def main(self) -> PublishedGuide | None:
        return self.guides[0] if self.guides else None

    def guide(self, slug: str) -> PublishedGuide | None:
        return next((item for item in self.guides if item.guide.slug == slug), None)


@dataclass(frozen=True)
class SharedPage:
    content: bytes
    gzipped: bytes | None  # compressed once here, so GZipMiddleware need not do it each time
    content_type: str
    has_csrf_token: bool = False  # the placeholder is in it, to be replaced for each reader
    shows_region: bool = False  # it shows a region's crisis lines (see SHOWS_REGION)

    @classmethod
    def of(
        cls, response: HttpResponse, *, has_csrf_token: bool = False, shows_region: bool = False
    ) -> "SharedPage":
        if has_csrf_token:
            # Each reader's copy differs, so GZipMiddleware compresses it as it is sent.
            return cls(
                response.content,
                None,
                response["Content-Type"],
                has_csrf_token=True,
                shows_region=shows_region,
            )
        # No random padding against BREACH: nothing secret is in a shared page.
        gzipped: bytes | None = compress_string(response.content)
        if len(response.content) < 200 or len(gzipped or b"") >= len(response.content):
            gzipped = None  # as GZipMiddleware would decide
        return cls(response.content, gzipped, response["Content-Type"], shows_region=shows_region)

    def response(self, request: HttpRequest) -> HttpResponse:
        if self.shows_region:
            setattr(request, SHOWS_REGION, True)  # noqa: B010
        if self.has_csrf_token:
            return HttpResponse(_with_token(self.content, request), content_type=self.content_type)
        accepts_gzip = re_accepts_gzip.search(request.headers.get("Accept-Encoding", ""))
        if self.gzipped is None or not accepts_gzip:
            return HttpResponse(self.content, content_type=self.content_type)
        response = HttpResponse(self.gzipped, content_type=self.content_type)
        response["Content-Encoding"] = "gzip"
        patch_vary_headers(response, ["Accept-Encoding"])
        return response


def _with_token(content: bytes, request: HttpRequest) -> bytes:
    # get_token masks the reader's secret afresh, and has the CSRF cookie sent if it is new.
    return content.replace(CSRF_TOKEN_PLACEHOLDER.encode(), get_token(request).encode())


class _ProcessState:
    """What this process holds, all of it for one content version."""

    def __init__(self):
        self.lock = threading.Lock()
        self.forget()

    def forget(self) -> None:
        self.version: str | None = None
        self.checked_at = float("-inf")
        self.content: PublishedContent | None = None
        self.pages: dict[tuple, SharedPage] = {}
        self.held: dict[tuple[str, str | tuple], object] = {}


_state = _ProcessState()


def forget_content() -> None:
    """Drop what this process holds, so the next request reads the shared version again."""
    with _state.lock:
        _state.forget()


def publish_new_version() -> None:
    """Make every process drop its copy: now, and again once the surrounding transaction commits.

    The second time is for a cache outside the database (Redis): a process that looked in between
    may have read the content as it was before the commit.
    """
    _set_new_version()
    if connection.in_atomic_block:
        transaction.on_commit(_set_new_version)


def _set_new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    with _state.lock:
        _state.checked_at = float("-inf")  # this process sees the change at once


def content_version(request: HttpRequest) -> str:
    """The shared content version, read at most every CONTENT_CHECK_SECONDS, once per request."""
    version = getattr(request, "_content_version", None)
    if version is None:
        version = _current_version()
        setattr(request, "_content_version", version)  # noqa: B010
    return version


def known_content_version(request: HttpRequest) -> str | None:
    """The content version if finding it costs no query (this request read it, or this process
    did less than CONTENT_CHECK_SECONDS ago), else None."""
    version = getattr(request, "_content_version", None)
    fresh = time.monotonic() - _state.checked_at < settings.CONTENT_CHECK_SECONDS
    if version is None and _state.version is not None and fresh:
        version = _state.version
        setattr(request, "_content_version", version)  # noqa: B010
    return version


def _current_version() -> str:
    now = time.monotonic()
    if _state.version is not None and now - _state.checked_at < settings.CONTENT_CHECK_SECONDS:
        return _state.version
    try:
        version = cache.get(VERSION_KEY)
        if version is None:  # a new or emptied cache: the first process to look sets one
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception:
        # Without the shared cache nothing can be reused safely; the pages still work.
        logger.warning("The cache is unavailable; guide pages are read afresh.", exc_info=True)
        version = None
    if version is None:
        return uuid.uuid4().hex
    with _state.lock:
        if version != _state.version:
            _state.version, _state.content, _state.pages, _state.held = version, None, {}, {}
        _state.checked_at = now
    return version


def published_content(request: HttpRequest) -> PublishedContent:
    """Every published guide with its published sections: two queries when the version moved."""
    version = content_version(request)
    content = _state.content
    if content is not None and content.version == version:
        return content
    # Every guide page shows "Exit this page" if staff leave it on: the switch and its
    # addresses come with the guides, in the same query, and are held as if `held` had read them.
    site = SiteSettings.objects.filter(pk=1)
    guides = {
        guide.pk: PublishedGuide(guide, [])
        for guide in Guide.objects.published().annotate(
            **{name: Subquery(site.values(name)[:1]) for name in EXIT_FIELDS}
        )
    }
    for section in Section.objects.published().order_by("order", "id"):
        section.guide = guides[section.guide_id].guide
        guides[section.guide_id].steps.append(section)
    content = PublishedContent(version, list(guides.values()))
    first = next(iter(guides.values()), None)
    with _state.lock:
        if _state.version == version:
            _state.content = content
            if first is not None:
                values = {name: getattr(first.guide, name) for name in EXIT_FIELDS}
                _state.held[(version, EXIT_BUTTON)] = ExitThisPage.of(values)
    return content


@dataclass(frozen=True)
class ExitThisPage:
    """The staff's settings for "Exit this page"."""

    shown: bool
    urls: dict[str, str]  # by language code: staff's address, or "" for the default

    @classmethod
    def of(cls, values: dict | None) -> "ExitThisPage":
        """From the site settings' row, or None before staff have saved any."""
        if not values or values.get("show_exit_button") is None:
            return cls(SiteSettings.EXIT_BUTTON_DEFAULT, {})
        return cls(
            bool(values["show_exit_button"]),
            {
                name.removeprefix("exit_url_"): value or ""
                for name, value in values.items()
                if name.startswith("exit_url_")
            },
        )

    def url_for(self, language: str) -> str:
        return SiteSettings.exit_url_for(self.urls, language)


def exit_this_page(request: HttpRequest) -> ExitThisPage:
    """The settings of "Exit this page", kept with the content: a query on the first request
    after staff change them, none after (and none when a guide page has read them)."""
    return held(
        request,
        EXIT_BUTTON,
        lambda: ExitThisPage.of(SiteSettings.objects.filter(pk=1).values(*EXIT_FIELDS).first()),
    )


def held[T](request: HttpRequest, name: str | tuple, load: Callable[[], T]) -> T:
    """What `load` returns, kept in this process until the content version moves.

    For what staff edit and many pages read (the site settings, the checklist's statements):
    a query on the first request after a change, none after. What it returns is shared between
    threads, so nobody may change it.
    """
    version = content_version(request)
    key = (version, name)
    held_now = _state.held  # a new version replaces the dict: read from one
    if key in held_now:
        return cast(T, held_now[key])
    value = load()
    with _state.lock:
        if _state.version == version:
            _state.held[key] = value
    return value


def render_shared(
    request: HttpRequest, template_name: str, context: dict, *, has_form: bool = False
) -> HttpResponse:
    """`render`, but a page that nothing personal went into is rendered once and then reused.

    Only for a reader without a session (so not signed in, with no messages), and keyed by
    everything else the page can depend on: the content version, the address and the cookies.
    A page with a form (`has_form`) is kept with a placeholder for its CSRF token, and each
    reader gets their own token in it.
    """
    key = _shared_page_key(request, template_name)
    if key is None:
        return render(request, template_name, context)
    page = _state.pages.get(key)
    if page is not None:
        return page.response(request)
    if has_form:
        context = {**context, "csrf_token": CSRF_TOKEN_PLACEHOLDER}
    response = render(request, template_name, context)
    if not _nothing_personal_in(request, response):
        if has_form:
            response.content = _with_token(response.content, request)
        return response
    page = SharedPage.of(
        response, has_csrf_token=has_form, shows_region=getattr(request, SHOWS_REGION, False)
    )
    with _state.lock:
        if _state.version == key[0]:
            if len(_state.pages) >= MAX_PAGES:
                del _state.pages[next(iter(_state.pages))]  # the oldest
            _state.pages[key] = page
    return page.response(request)


def _shared_page_key(request: HttpRequest, template_name: str) -> tuple | None:
    cookies = request.COOKIES
    if request.method != "GET" or settings.SESSION_COOKIE_NAME in cookies:
        return None
    if settings.DEBUG:  # templates change under runserver without a restart
        return None
    if MESSAGES_COOKIE in cookies:
        return None
    from guides.services.crisis.regions import region_from_accept_language  # it imports this module

    return (
        content_version(request),
        template_name,
        request.is_secure(),
        request.get_host(),
        request.get_full_path(),
        getattr(request, "LANGUAGE_CODE", ""),
        # The region of the browser's language, which may choose the crisis lines a page shows
        # (the region cookies are among the cookies below).
        region_from_accept_language(request.headers.get("Accept-Language")),
        request.headers.get("HX-Request", ""),
        # A shared page holds no CSRF token (see below), at most the placeholder for one, so
        # the CSRF cookie does not matter.
        tuple(sorted((k, v) for k, v in cookies.items() if k != settings.CSRF_COOKIE_NAME)),
    )


def _nothing_personal_in(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
        and not get_nonce(request)  # the page holds a CSP nonce
        and not (session is not None and session.modified)
    )
