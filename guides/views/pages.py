"""The site's own pages: home, about, privacy, health checks and error pages."""

import sys

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from guides.content_cache import published_content, render_shared
from guides.helpers.database import is_database_unavailable
from guides.middleware import database_unavailable_response
from guides.services.guide.reading import read_section_ids
from guides.services.insight import counts


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    read_ids = read_section_ids(request)
    continue_step = None
    main = published_content().main if read_ids else None
    if main is not None and main.steps:
        # The first step not yet read, or the last one when every step is read.
        steps = main.steps
        continue_step = next((s for s in steps if s.pk not in read_ids), None) or steps[-1]
    return render_shared(request, "pages/home.html", {"continue_step": continue_step})


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/about.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    # The weekly counts listed from the code that keeps them, so a new one is never left out.
    return render(request, "pages/privacy.html", {"kept_counts": counts.KEPT_COUNTS.values()})


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up. Touches no database, so a database outage does not restart it."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready for traffic: the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception, wherever it was raised (middleware too).
    if is_database_unavailable(sys.exception()):
        return database_unavailable_response()
    # No request context: whatever broke may break again while rendering.
    return HttpResponse(render_to_string("500.html"), status=500)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    # No request context: the request itself may be what is broken (too big, a bad Host).
    return HttpResponse(render_to_string("400.html"), status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return HttpResponse(render_to_string("403_csrf.html"), status=403)
