"""The crisis part's pages: help now, with the lines of the reader's region, and choosing the
region from a crisis panel."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from guides.services.crisis.regions import crisis_regions
from guides.views.crisis_panel import region_choice_for, remember_region
from guides.views.types import HtmxHttpRequest


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
        "crisis/help_now.html",
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
