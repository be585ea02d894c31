"""The site's own pages: home, crisis help, about, privacy, health checks and error pages."""

import sys
from urllib.parse import urlencode

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from guides.content_cache import published_content, render_shared
from guides.middleware import database_unavailable_response, is_database_unavailable
from guides.regions import crisis_regions
from guides.services import counts, read_section_ids
from guides.views.crisis_panel import region_choice_for, remember_region
from guides.views.types import HtmxHttpRequest


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
def help_now(request: HttpRequest) -> HttpResponse:
    asked = request.GET.get("region", "").strip()
    regions = crisis_regions()
    choice = region_choice_for(request, asked=asked)
    error = ""
    if asked and choice.has_no_list:
        error = _("We don’t have a list for that region yet. Here is help that works anywhere.")
    response = render(
        request,
        "pages/help_now.html",
        {"regions": regions, "region": choice.region, "region_choice": choice, "error": error},
    )
    if asked and not error and choice.region is not None:
        remember_region(request, response, choice.region.code)
    return response


@require_safe
def choose_region(request: HtmxHttpRequest) -> HttpResponse:
    """Choose the region of the crisis lines from a crisis panel, then go back to that page.

    With htmx, the panel alone comes back, so nothing else on the page (ticks) is touched.
    """
    asked = request.GET.get("region", "").strip()[:8]
    regions = crisis_regions()
    choice = region_choice_for(request, asked=asked)
    region = choice.region
    if not asked or choice.has_no_list or region is None:
        return redirect(reverse("help_now") + "?" + urlencode({"region": asked}))
    if request.htmx:
        response = render(
            request,
            "includes/crisis_panel.html",
            {
                "region": region,
                "regions": regions,
                "region_choice": choice,
                "panel_next": safe_next(request.htmx.current_url_abs_path, request),
            },
        )
    else:
        next_url = safe_next(request.GET.get("next", ""), request)
        response = redirect(next_url or reverse("help_now"))
    remember_region(request, response, region.code)
    return response


def safe_next(url: str | None, request: HttpRequest) -> str:
    """A path on this site to go back to, or "" for anything else."""
    if (
        url
        and url.startswith("/")
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return url
    return ""


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
