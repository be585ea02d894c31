"""Which region's crisis lines a person sees. In order: the one they chose (the `region` cookie);
the one their browser's time zone points to, which site.js works out in the browser and keeps in
the `zone_region` cookie (the zone itself is never sent); the region of their browser's language
(`Accept-Language: en-GB`); else "anywhere else". Never another country's lines: a region with no
list shows "anywhere else" and says so."""

import re
from dataclasses import dataclass

from django.conf import settings

from guides.content_version import kept
from guides.models import Region
from guides.models.crisis import pick_region, region_code

REGION_COOKIE = "region"
# Set by site.js from the browser's time zone: a region code, nothing else.
ZONE_REGION_COOKIE = "zone_region"
# A language tag's region: two letters or three digits after the language (and any script).
_REGION_SUBTAG = re.compile(r"^(?:[a-z]{2}|[0-9]{3})$", re.IGNORECASE)


def region_from_accept_language(header: str | None) -> str:
    """The region of the browser's most preferred language: "en-GB" is UK, "es-MX" MX, and a
    language alone ("es") none, since Spanish is spoken in twenty countries. Only the first
    choice counts: browsers add others (often en-US) that say nothing of where the person is."""
    best, best_q = "", 0.0
    for part in (header or "")[:500].split(","):
        tag, _semicolon, params = part.strip().partition(";")
        quality = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                quality = 0.0
        if tag and quality > best_q:
            best, best_q = tag.strip(), quality
    primary, *subtags = re.split(r"[-_]", best)
    if not re.fullmatch(r"[A-Za-z]{2,8}", primary):
        return ""
    for subtag in subtags:
        if len(subtag) == 4 and subtag.isalpha():  # a script, as in zh-Hant-TW
            continue
        return region_code(subtag) if _REGION_SUBTAG.match(subtag) else ""
    return ""


@dataclass(frozen=True)
class RegionChoice:
    region: Region | None  # None only when staff removed "anywhere else" too
    source: str  # "chosen", "zone", "language" or "default"
    wanted: str  # the code the source named ("" for the default)

    @property
    def has_no_list(self) -> bool:
        """A region was named, and there is no list for it: "anywhere else" is shown."""
        return bool(self.wanted) and (
            self.region is None or self.region.code.upper() != self.wanted.upper()
        )


def crisis_regions() -> list[Region]:
    """Every region readers are shown, with the lines they are shown (none retired), kept with
    the content: two queries after staff change it, none after."""
    return kept("crisis_regions", lambda: list(Region.objects.for_readers()))


def choose_region(
    regions: list[Region],
    *,
    asked: str = "",
    chosen: str = "",
    zone: str = "",
    accept_language: str = "",
) -> RegionChoice:
    """The region whose lines a page shows (see the module's docstring): the one the person
    `asked` for just now, as they wrote it ("anywhere else" if it has no list), else the one their
    `region` cookie `chosen`, their `zone_region` cookie's, or their browser language's."""
    if asked:
        code = region_code(asked)
        return RegionChoice(pick_region(regions, code), "chosen", code or asked[:8])
    for source, value in (
        ("chosen", chosen),
        ("zone", zone),
        ("language", region_from_accept_language(accept_language)),
    ):
        code = region_code(value)
        if code:
            return RegionChoice(pick_region(regions, code), source, code)
    # The site's default: "anywhere else", unless staff serve one country (SITE_REGION).
    return RegionChoice(pick_region(regions, settings.SITE_REGION), "default", "")


def crisis_lines(choice: RegionChoice) -> dict:
    """The context of the crisis panel: the region's lines, and every region to choose from."""
    return {"region": choice.region, "regions": crisis_regions(), "region_choice": choice}
