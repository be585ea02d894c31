"""What makes the site work on a phone with no signal: the web app manifest, the service worker
(served from the root, so that it can keep any page), and the page it shows when offline."""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from guides.content_version import kept
from guides.models import SiteSettings
from guides.services import offline
from guides.views.crisis_panel import crisis_lines_for


def _app_names() -> tuple[str, str]:
    names = SiteSettings.objects.filter(pk=1).values_list("app_name", "app_short_name").first()
    return names or (SiteSettings.APP_NAME_DEFAULT, SiteSettings.APP_NAME_DEFAULT)


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest, in the language of its address. The names are the staff's, from the
    site settings: a discreet one if the people they serve need the icon not to say what it is."""
    name, short_name = kept("app_names", _app_names)
    language = translation.get_language() or settings.LANGUAGE_CODE
    response = JsonResponse(
        {
            # The same app whichever language it was added from.
            "id": "/",
            "name": name,
            "short_name": short_name,
            "lang": language,
            "dir": "rtl" if translation.get_language_bidi() else "ltr",
            "start_url": reverse("home"),
            "scope": "/",
            "display": "standalone",
            "background_color": offline.BACKGROUND_COLOUR,
            "theme_color": offline.THEME_COLOUR,
            "icons": [{**icon, "src": static(icon["src"])} for icon in offline.ICONS],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "no-cache"
    return response


def _worker_settings() -> dict:
    """The addresses the worker needs, in every language, and the version of the static files."""
    by_language: dict[str, dict[str, str]] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            by_language[code] = {
                "home": reverse("home"),
                "help_now": reverse("help_now"),
                "choose_region": reverse("choose_region"),
                "offline": reverse("offline"),
                "guide": reverse("guide_overview"),
                "guides": reverse("guide_overview_for", args=["x"]).removesuffix("x/"),
                "plans": reverse("plan_list"),
                "safety_plan": reverse("safety_plan"),
                "safety_plan_delete": reverse("safety_plan_delete"),
                "logout": reverse("logout"),
                "account_delete": reverse("account_delete"),
                "forget_me": reverse("forget_me"),
                "crisis_words": reverse("crisis_words_script", args=["x", "y"]).removesuffix(
                    "x/y.js"
                ),
            }
    return {
        "version": offline.static_version(),
        "shell": offline.shell_urls(),
        "static_prefix": settings.STATIC_URL,
        "hashed_static": offline.static_names_are_hashed(),
        "languages": by_language,
    }


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the site's root so that its scope is every page.

    `no-cache`: the browser asks again on each check, so a deploy reaches it at once. Its bytes
    change whenever a static file of the shell does (its version is in them), which is what
    makes the browser install it again and drop the old caches.
    """
    source = render_to_string(
        "offline/sw.js",
        {"worker_settings": json.dumps(_worker_settings(), sort_keys=True)},
    )
    response = HttpResponse(source, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def offline_page(request: HttpRequest) -> HttpResponse:
    """What the worker shows for a page it has not kept, when there is no signal: the crisis lines
    of the person's region, and (filled in by site.js from the worker's caches) the kept pages."""
    return render(request, "pages/offline.html", crisis_lines_for(request))
