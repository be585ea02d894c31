"""Middleware for what Django does not do on its own."""

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from guides.content_cache import SHOWS_REGION

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Adds the Permissions-Policy header, which Django has no setting for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PathLanguageMiddleware:
    """The language is the one the address names (/es/…), else English: never a guess from the
    browser's Accept-Language or a cookie, so nothing needs to vary on them. Cheaper than
    LocaleMiddleware, which reads those too before i18n_patterns' prefix overrides them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PrivatePagesMiddleware:
    """Pages are per reader (reading progress, answers), so no shared cache may keep them.

    Someone with a session (signed in, or with saved answers or plans) is shown their own data:
    their pages are never stored. Anyone else's browser may keep a page but must ask again before
    showing it, which the ETag makes a cheap 304. A view that sets Cache-Control itself keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            if not response.has_header("Cache-Control"):
                session = getattr(request, "session", None)
                if session is not None and session.session_key:
                    add_never_cache_headers(response)
                else:
                    response["Cache-Control"] = "private, no-cache"
            patch_vary_headers(response, ["Cookie"])
            if getattr(request, SHOWS_REGION, False):
                # Its crisis lines may be those of the region of the browser's language.
                patch_vary_headers(response, ["Accept-Language"])
        return response


def is_database_unavailable(exception: BaseException | None) -> bool:
    return isinstance(exception, (OperationalError, InterfaceError)) or (
        isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
    )


def database_unavailable_response() -> HttpResponse:
    # No request context: it would read the session or the user, from the database that is down.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "5"
    return response


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached is a friendly 503, never a traceback or a 500.

    This catches what views raise. What middleware raises (loading or saving the session, say)
    never reaches process_exception: Django turns it into handler500, which answers the same 503
    (guides.views.pages.server_error).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            logger.warning("Database unavailable: %s", exception)
            # What the view wrote is rolled back, so a log-in in it did not happen either: keep
            # the CSRF cookie it rotated unsent, so that sending the same form again works.
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
            return database_unavailable_response()
        return None
