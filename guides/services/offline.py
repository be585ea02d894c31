"""What the service worker keeps for a phone with no signal: the files every page needs, and the
version that names their cache, so that a deploy with new static files replaces the old cache."""

import hashlib

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.templatetags.static import static

# Every page loads these; the worker keeps them when it is installed, before any page is.
SHELL_FILES = ["css/site.css", "js/site.js", "favicon.svg"]
ICONS = [
    {"src": "icons/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
    {"src": "icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
    {
        "src": "icons/icon-maskable-512.png",
        "sizes": "512x512",
        "type": "image/png",
        "purpose": "maskable",
    },
]
# From static/css/site.css: --bg and --accent.
BACKGROUND_COLOUR = "#fbfaf7"
THEME_COLOUR = "#1d6b69"

_versions: dict[tuple[str, ...], str] = {}


def shell_urls() -> list[str]:
    return [static(name) for name in SHELL_FILES]


def static_names_are_hashed() -> bool:
    return isinstance(staticfiles_storage, ManifestFilesMixin)


def static_version() -> str:
    """A short digest that changes whenever a file of the shell changes.

    In production the addresses carry each file's hash (ManifestStaticFilesStorage), so they are
    the version, worked out once per process. Without hashed names (development, tests), the
    files' contents are read each time, so an edit is picked up without a restart.
    """
    urls = tuple(shell_urls())
    hashed_names = static_names_are_hashed()
    if hashed_names and urls in _versions:
        return _versions[urls]
    digest = hashlib.sha256("\n".join(urls).encode())
    if not hashed_names:
        for name in SHELL_FILES:
            path = finders.find(name)
            if isinstance(path, str):
                with open(path, "rb") as file:
                    digest.update(file.read())
    version = digest.hexdigest()[:12]
    if hashed_names and not settings.DEBUG:
        _versions[urls] = version
    return version
