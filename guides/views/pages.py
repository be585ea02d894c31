"""The site's own pages: home, crisis help, about, privacy, health checks and error pages."""

import sys

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from guides.content_cache import published_content, render_shared
from guides.middleware import database_unavailable_response, is_database_unavailable
from guides.models import Region
from guides.models.content import pick_region
from guides.services import read_section_ids

REGION_COOKIE = "region"


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    read_ids = read_section_ids(request)
    continue_step = None
    main = published_content(request).main if read_ids else None
    if main is not None and main.steps:
        # The first step not yet read, or the last one when every step is read.
        steps = main.steps
        continue_step = next((s for s in steps if s.pk not in read_ids), None) or steps[-1]
    return render_shared(request, "pages/home.html", {"continue_step": continue_step})


def region_for(request: HttpRequest) -> Region | None:
    """The region this person chose (remembered in a cookie), else the site's default."""
    return Region.objects.pick(request.COOKIES.get(REGION_COOKIE, "")[:8])


@require_safe
def help_now(request: HttpRequest) -> HttpResponse:
    asked_for = request.GET.get("region", "").strip().upper()[:8]
    regions = list(Region.objects.prefetch_related("resources"))
    region = pick_region(regions, asked_for or request.COOKIES.get(REGION_COOKIE, "")[:8])
    error = ""
    if asked_for and (region is None or region.code != asked_for):
        error = _("We don’t have a list for that region yet. Here are the lines we do have.")
    response = render(
        request,
        "pages/help_now.html",
        {"regions": regions, "region": region, "error": error},
    )
    if asked_for and not error:
        response.set_cookie(
            REGION_COOKIE,
            asked_for,
            max_age=60 * 60 * 24 * 365,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/about.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


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
