"""Template context that a few pages need, worked out only when a template asks for it."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from guides.content_cache import exit_this_page as exit_settings


def exit_this_page(request: HttpRequest) -> dict:
    """ "Exit this page": the staff switch, and the everyday page it goes to in this page's
    language (both set in the site settings), read lazily, only by pages that show it."""
    return {
        "show_exit_button": SimpleLazyObject(lambda: exit_settings().shown),
        "exit_url": SimpleLazyObject(
            lambda: exit_settings().url_for(get_language() or settings.LANGUAGE_CODE)
        ),
    }
