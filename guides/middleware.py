"""Middleware for what Django does not do on its own."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.functional import SimpleLazyObject

from guides.content_cache import SHOWS_REGION
from guides.helpers.database import is_database_unavailable
from guides.sessions import user_of

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


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, finding who the request is from with the account the session brought with it
    (guides.sessions.user_of): one query for a signed-in request, not two."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user_of(request))


def _user_of(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = user_of(request)  # where Django's own get_user keeps it
    return request._cached_user


class AdminRefusalMiddleware:
    """A refusal inside the admin stays inside the admin: a write the two-person rule refuses
    (guides.models.base.NeedsSecondPerson), from any admin page or action the admin classes did
    not foresee, is an admin message on an admin page, never a 500 or a public error page.
    Nothing was saved: the admin's views write inside a transaction the refusal rolled back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from guides.models.base import NeedsSecondPerson

        if not isinstance(exception, NeedsSecondPerson):
            return None
        admin_root = reverse("admin:index")
        if not request.path.startswith(admin_root):
            return None
        return admin_refusal(request, exception)


def admin_refusal(request, refusal) -> HttpResponse:
    """The message, on the page the person was on, or the admin's front page when that page
    itself was refused, so nothing loops. (A content admin's form and list fields come back as
    typed instead: guides.admin.base.ContentAdmin; this is for a bulk action and the rest.)"""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.http import url_has_allowed_host_and_scheme
    from django.utils.translation import gettext as _

    messages.error(
        request,
        _(
            "Nothing was saved: this change needs a second person’s approval. "
            "Propose it from its own page, where it waits for approval. (%(detail)s)"
        )
        % {"detail": refusal},
    )
    admin_root = reverse("admin:index")
    if request.method == "POST":
        return redirect(request.get_full_path())
    referer = request.META.get("HTTP_REFERER", "")
    if (
        referer
        and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()})
        and urlsplit(referer).path.startswith(admin_root)
        and urlsplit(referer).path != request.path
    ):
        return redirect(referer)
    return redirect(admin_root)
