"""The crisis panel's region, as a request names it: its cookies and its browser's language.
guides.services.crisis.regions chooses from these plain values; this is where a request is read
for it."""

from django.http import HttpRequest, HttpResponse

from guides.content_cache import SHOWS_REGION
from guides.services.crisis.regions import (
    REGION_COOKIE,
    ZONE_REGION_COOKIE,
    RegionChoice,
    choose_region,
    crisis_lines,
    crisis_regions,
)


def region_choice_for(request: HttpRequest, asked: str = "") -> RegionChoice:
    """The region whose lines this request's page shows, or the one the person `asked` for."""
    # Perhaps the region of the browser's language: the page varies on Accept-Language.
    setattr(request, SHOWS_REGION, True)  # noqa: B010
    return choose_region(
        crisis_regions(),
        asked=asked,
        chosen=request.COOKIES.get(REGION_COOKIE, ""),
        zone=request.COOKIES.get(ZONE_REGION_COOKIE, ""),
        accept_language=request.headers.get("Accept-Language", ""),
    )


def crisis_lines_for(request: HttpRequest) -> dict:
    """The context of the crisis panel for this request (services.crisis.regions.crisis_lines)."""
    return crisis_lines(region_choice_for(request))


def remember_region(request: HttpRequest, response: HttpResponse, code: str) -> None:
    response.set_cookie(
        REGION_COOKIE,
        code,
        max_age=60 * 60 * 24 * 365,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
