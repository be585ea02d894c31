"""The published content each process keeps, and pages rendered once for anonymous readers.

Both are kept for the content version (guides.content_version): once staff change what readers
see, nothing kept for the version before is used again. The published guides are kept as objects
(`content_version.kept`); whole pages (`render_shared`) and `{% shared_fragment %}`s are text, in
the local-memory cache alias "content" (settings.CACHES), with the version in each key.
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db.models import Subquery
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import CSRF_TOKEN_LENGTH, get_token
from django.middleware.gzip import re_accepts_gzip
from django.shortcuts import render

from guides.content_version import current_version, forget, kept
from guides.helpers.deflate import (
    GZIP_FRAMING,
    compressing_pays,
    deflated_parts,
    gzip_between,
    stored_size,
)
from guides.models import Guide, Section, SiteSettings
from guides.services.crisis.regions import region_from_accept_language

CACHE_ALIAS = "content"
# The name under which `kept` keeps "Exit this page": its switch, and where it goes per language.
EXIT_BUTTON = "exit_this_page"
# Set on a request whose page shows a region's crisis lines, chosen perhaps by the browser's
# language: PrivatePagesMiddleware then adds Accept-Language to Vary (guides.views.crisis_panel).
SHOWS_REGION = "_shows_region"
MESSAGES_COOKIE = "messages"  # where django.contrib.messages keeps messages without a session
# The site settings' fields "Exit this page" reads: its switch, and an address per language.
EXIT_FIELDS = ["show_exit_button"] + [
    field.name for field in SiteSettings._meta.fields if field.name.startswith("exit_url_")
]
# Stands in for the CSRF token while a shared page is rendered; the page is kept cut at it.
# Random, so that no words staff write can contain it.
CSRF_TOKEN_PLACEHOLDER = f"csrf-token-{secrets.token_hex(16)}"


@dataclass(frozen=True)
class PublishedGuide:
    guide: Guide
    steps: list[Section]  # its published sections in order, each with `guide` already set


@dataclass(frozen=True)
class PublishedContent:
    guides: list[PublishedGuide]  # in the guides' order: the first one is the one at /guide/

    @property
    def main(self) -> PublishedGuide | None:
        return self.guides[0] if self.guides else None

    def guide(self, slug: str) -> PublishedGuide | None:
        return next((item for item in self.guides if item.guide.slug == slug), None)


def published_content() -> PublishedContent:
    """Every published guide with its published sections: two queries when the version moved."""
    return kept("published_content", _read_published_content)


def _read_published_content() -> PublishedContent:
    # Every guide page shows "Exit this page" if staff leave it on: the switch and its
    # addresses come with the guides, in the same query, and are kept as if `exit_this_page`
    # had read them.
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
    first = next(iter(guides.values()), None)
    if first is not None:
        values = {name: getattr(first.guide, name) for name in EXIT_FIELDS}
        kept(EXIT_BUTTON, lambda: ExitThisPage.of(values))
    return PublishedContent(list(guides.values()))


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


def exit_this_page() -> ExitThisPage:
    """The settings of "Exit this page", kept with the content: a query on the first request
    after staff change them, none after (and none when a guide page has read them)."""
    return kept(
        EXIT_BUTTON,
        lambda: ExitThisPage.of(SiteSettings.objects.filter(pk=1).values(*EXIT_FIELDS).first()),
    )


def forget_content() -> None:
    """Drop what this process keeps, so the next request reads the shared version again."""
    forget()
    caches[CACHE_ALIAS].clear()


# A shared page is sent compressed as it was kept, not compressed again for each reader: on a
# page with a CSRF token, each reader's token goes in between the compressed parts as a stored
# (uncompressed) deflate block. Kept because `make bench` says so (CPU per request against
# /healthz's, two runs each, 2 busy cores): /guide/faq/ compressed once 0.86× and 0.73×, compressed
# for each reader by GZipMiddleware 0.56× and 0.44×; /checklist/ 0.62× and 0.81×, compressed for
# each reader 0.42× and 0.41×, rendered for each reader (no kept page to put a token in) 0.20× and
# 0.16×. Through the test client, alternating, the guide page: 0.69-0.72× against 0.35-0.39×.
@dataclass(frozen=True)
class SharedPage:
    parts: list[bytes]  # the page, cut where each reader's CSRF token goes (one part: none)
    # The parts compressed (guides.helpers.deflate); None when compressing does not pay.
    deflated: list[bytes] | None
    content_type: str
    shows_region: bool = False  # it shows a region's crisis lines (see SHOWS_REGION)

    @classmethod
    def of(cls, response: HttpResponse, *, shows_region: bool = False) -> "SharedPage":
        content = response.content
        parts = content.split(CSRF_TOKEN_PLACEHOLDER.encode())
        tokens = len(parts) - 1
        deflated = deflated_parts(parts, [CSRF_TOKEN_LENGTH] * tokens)
        size = sum(map(len, parts)) + tokens * CSRF_TOKEN_LENGTH
        compressed_size = (
            GZIP_FRAMING + sum(map(len, deflated)) + tokens * stored_size(CSRF_TOKEN_LENGTH)
        )
        pays = compressing_pays(size, compressed_size)  # as GZipMiddleware would decide
        return cls(parts, deflated if pays else None, response["Content-Type"], shows_region)

    def response(self, request: HttpRequest) -> HttpResponse:
        if self.shows_region:
            setattr(request, SHOWS_REGION, True)  # noqa: B010
        # get_token masks the reader's secret afresh, and has the CSRF cookie sent if it is new.
        token = get_token(request).encode() if len(self.parts) > 1 else b""
        accepts_gzip = re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if self.deflated is None or not accepts_gzip:
            return HttpResponse(token.join(self.parts), content_type=self.content_type)
        response = HttpResponse(
            gzip_between(self.parts, self.deflated, [token] * (len(self.parts) - 1)),
            content_type=self.content_type,
        )
        response["Content-Encoding"] = "gzip"
        response["Vary"] = "Accept-Encoding"  # a new response: nothing to patch
        return response


def render_shared(
    request: HttpRequest, template_name: str, context: dict, *, has_form: bool = False
) -> HttpResponse:
    """`render`, but a page that nothing personal went into is rendered once and then reused.

    Only for a reader without a session (so not signed in, with no messages), and keyed by
    everything else the page can depend on: the content version, the address and the cookies.
    A page with a form (`has_form`) is kept cut where its CSRF token goes, and each reader gets
    their own token in it.
    """
    key, version, page = _kept_page(request, template_name)
    if page is not None:
        return page.response(request)
    if key is None or version is None:
        return render(request, template_name, context)
    if has_form:
        context = {**context, "csrf_token": CSRF_TOKEN_PLACEHOLDER}
    response = render(request, template_name, context)
    if not _nothing_personal_in(request, response):
        if has_form:
            token = get_token(request).encode()
            response.content = response.content.replace(CSRF_TOKEN_PLACEHOLDER.encode(), token)
        return response
    page = SharedPage.of(response, shows_region=getattr(request, SHOWS_REGION, False))
    caches[CACHE_ALIAS].set(f"{version}:{key}", page)
    return page.response(request)


def shared_page(request: HttpRequest, template_name: str) -> HttpResponse | None:
    """The page `render_shared` kept for this request, if it kept one: for a view that can
    answer with it before doing any work of its own."""
    page = _kept_page(request, template_name)[2]
    return page.response(request) if page is not None else None


def _kept_page(
    request: HttpRequest, template_name: str
) -> tuple[str | None, str | None, SharedPage | None]:
    key = _shared_page_key(request, template_name)
    version = current_version() if key is not None else None
    if key is None or version is None:
        return key, version, None
    return key, version, caches[CACHE_ALIAS].get(f"{version}:{key}")


def _shared_page_key(request: HttpRequest, template_name: str) -> str | None:
    cookies = request.COOKIES
    if request.method != "GET" or settings.SESSION_COOKIE_NAME in cookies:
        return None
    if settings.DEBUG:  # templates change under runserver without a restart
        return None
    if MESSAGES_COOKIE in cookies:
        return None
    # Headers read from META, as in SharedPage.response: request.headers would parse them all.
    parts = (
        template_name,
        request.is_secure(),
        request.get_host(),
        request.get_full_path(),
        getattr(request, "LANGUAGE_CODE", ""),
        # The region of the browser's language, which may choose the crisis lines a page shows
        # (the region cookies are among the cookies below).
        region_from_accept_language(request.META.get("HTTP_ACCEPT_LANGUAGE")),
        request.META.get("HTTP_HX_REQUEST", ""),
        # A shared page holds no CSRF token (see below), at most the places for one, so the
        # CSRF cookie does not matter.
        sorted((k, v) for k, v in cookies.items() if k != settings.CSRF_COOKIE_NAME),
    )
    return "page:" + hashlib.md5(repr(parts).encode(), usedforsecurity=False).hexdigest()


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
