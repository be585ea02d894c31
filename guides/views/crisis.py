"""The crisis part's pages: help now, with the lines of the reader's region, choosing the
region from a crisis panel, and the crisis phrases and panel as a script the browser keeps."""

import hashlib
import json
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from guides.content_version import kept
from guides.models import Region
from guides.models.crisis import pick_region
from guides.services.crisis.phrases import phrases_for
from guides.services.crisis.regions import RegionChoice, crisis_lines, crisis_regions
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


# The address's region when there is none to show (staff removed "anywhere else" too).
NO_REGION = "-"
# A year: the address names the file's digest, so what it holds never changes.
FOREVER = 60 * 60 * 24 * 365


@dataclass(frozen=True)
class CrisisWordsScript:
    """The crisis phrases of a language and the panel shown beside a field as a person types
    them, for one region: what static/js/crisis-words.js reads, sent as a file of its own that
    the browser (and the service worker, for no signal) keeps, not inside every page."""

    region_code: str
    body: bytes
    digest: str

    @property
    def url(self) -> str:
        return reverse("crisis_words_script", args=[self.region_code, self.digest])


def crisis_words_script_for(region: Region | None) -> CrisisWordsScript:
    """The script for a region in the active language, made once per content version."""
    language = get_language()
    code = region.code if region else NO_REGION

    def make() -> CrisisWordsScript:
        choice = RegionChoice(region, "chosen", code)
        panel = {"words": True, "beside": True, **crisis_lines(choice)}
        data = {
            "phrases": phrases_for(language).for_script(),
            "panel": render_to_string("includes/crisis_panel.html", panel),
        }
        body = f"self.firstStepCrisisData = {json.dumps(data, sort_keys=True)};\n".encode()
        return CrisisWordsScript(code, body, hashlib.sha256(body).hexdigest()[:16])

    # Under runserver templates change as it runs.
    return make() if settings.DEBUG else kept(("crisis_words_script", language, code), make)


@require_safe
def crisis_words_script(request: HttpRequest, region: str, digest: str) -> HttpResponse:
    """The crisis phrases and panel as a page with free text names them. Kept by the browser
    for good under its digest; an address whose digest is no longer the current one (a page kept
    from before staff changed a phrase or a line) gets the current phrases, to be asked again."""
    found = None if region == NO_REGION else pick_region(crisis_regions(), region)
    script = crisis_words_script_for(found)
    response = HttpResponse(script.body, content_type="text/javascript; charset=utf-8")
    if digest == script.digest:
        response["Cache-Control"] = f"public, max-age={FOREVER}, immutable"
    else:
        response["Cache-Control"] = "no-cache"
    return response
