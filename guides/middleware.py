"""Middleware for what Django does not do on its own."""

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Adds the Permissions-Policy header, which Django has no setting for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PrivatePagesMiddleware:
    """Pages are per reader (reading progress, answers, the session), so only their browser may
    keep one, and it must ask again before showing it (the ETag makes that a cheap 304).

    A view that sets its own Cache-Control (never_cache on personal pages) keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = "private, no-cache"
            patch_vary_headers(response, ["Cookie"])
        return response


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached is a friendly 503, never a traceback or a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)) or (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
        ):
            logger.warning("Database unavailable: %s", exception)
            response = HttpResponse(render_to_string("503.html"), status=503)
            response["Retry-After"] = "5"
            return response
        return None
