"""Template context that a few pages need, worked out only when a template asks for it."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from guides.content_cache import EXIT_BUTTON, held
from guides.models import SiteSettings

# Where "Exit this page" goes: an everyday page that gives nothing away (the GOV.UK default).
EXIT_URL = "https://www.bbc.co.uk/weather"


def _exit_button_is_on() -> bool:
    value = SiteSettings.objects.filter(pk=1).values_list("show_exit_button", flat=True).first()
    if value is None:
        return SiteSettings.EXIT_BUTTON_DEFAULT
    return value


def exit_this_page(request: HttpRequest) -> dict:
    """The staff switch for "Exit this page", read lazily, only by pages that show it, and kept
    with the content (staff saving the settings moves the content version)."""
    return {
        "show_exit_button": SimpleLazyObject(
            lambda: held(request, EXIT_BUTTON, _exit_button_is_on)
        ),
        "exit_url": EXIT_URL,
    }
