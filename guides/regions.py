"""Which region's crisis lines a person sees: the one they chose, kept in a cookie (never a
server session), else the site's default region."""

from django.http import HttpRequest, HttpResponse

from guides.content_cache import held
from guides.models import Region
from guides.models.content import pick_region

REGION_COOKIE = "region"


def crisis_lines_for(request: HttpRequest) -> dict:
    """The context of the crisis panel: the region this person chose (remembered in a cookie),
    else the site's default, and every region to choose from. Kept with the content: two
    queries on the first request after staff change it, none after."""
    regions = held(request, "crisis_regions", lambda: list(Region.objects.for_readers()))
    return {
        "region": pick_region(regions, request.COOKIES.get(REGION_COOKIE, "")[:8]),
        "regions": regions,
    }


def remember_region(request: HttpRequest, response: HttpResponse, code: str) -> None:
    response.set_cookie(
        REGION_COOKIE,
        code,
        max_age=60 * 60 * 24 * 365,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
