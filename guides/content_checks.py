"""Checks of what staff write, shown as they edit in the admin and listed by content_report.

Each language a section is written in is checked on its own words. Warnings do not stop a save:
a reading grade above 8 in English (a Fernández-Huerta ease under 70 in Spanish), wording that
safe-messaging guidance advises against, an external link that is not https. Problems do: a link
to a page of this site that does not exist. (A number that cannot be dialled is stopped by the
model's own validators.)
"""

import re
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from guides.markdown import render_markdown
from guides.readability import reading_ease_es, reading_grade

MAX_READING_GRADE = 8
MIN_READING_EASE_ES = 70


@dataclass
class CheckResult:
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # these block the save


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(value for name, value in attrs if name == "href" and value)


def links_in(markdown: str) -> list[str]:
    parser = _Links()
    parser.feed(render_markdown(markdown))
    return parser.hrefs


def site_page_exists(path: str) -> bool:
    """Whether a path on this site is a page readers can open (a guide step that exists, a
    page of the site), without fetching it."""
    from guides.models import Guide, Section

    path = urlsplit(path).path or "/"
    # A /es/ address resolves only while Spanish is the active language (i18n_patterns).
    language = get_language_from_path(path) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            match = resolve(path)
    except Resolver404:
        return False
    if match.url_name in ("guide_section", "guide_section_for"):
        guides = Guide.objects.all()
        if "guide_slug" in match.kwargs:
            guides = guides.filter(slug=match.kwargs["guide_slug"])
        guide = guides.first()
        return (
            guide is not None
            and Section.objects.filter(guide=guide, slug=match.kwargs["slug"]).exists()
        )
    if match.url_name == "guide_overview_for":
        return Guide.objects.filter(slug=match.kwargs["guide_slug"]).exists()
    # Pages about one person's own things (a plan, a result) are not pages to link to.
    return not any(name.endswith("_id") or name == "token" for name in match.kwargs)


def check_links(hrefs: list[str], result: CheckResult) -> None:
    for href in hrefs:
        if href.startswith("/") and not href.startswith("//"):
            if not site_page_exists(href):
                result.problems.append(
                    _("The link to %(href)s goes to a page of this site that does not exist.")
                    % {"href": href}
                )
        elif href.startswith("http://"):
            result.warnings.append(
                _("The link to %(href)s is not secure (http). Use its https address if it has one.")
                % {"href": href}
            )


def safe_wordings() -> dict[str, list]:
    """The wording to avoid, by language: one query for every language's check."""
    from guides.models import SafeWording

    by_language: dict[str, list] = {}
    for wording in SafeWording.objects.all():
        by_language.setdefault(wording.language, []).append(wording)
    return by_language


def check_wording(texts: list[str], wordings: list, result: CheckResult) -> None:
    words = " ".join(texts).lower()
    for wording in wordings:
        if re.search(rf"\b{re.escape(wording.avoid.lower())}\b", words):
            result.warnings.append(
                _("Safe-messaging guidance advises against “%(avoid)s”: say “%(instead)s”.")
                % {"avoid": wording.avoid, "instead": wording.instead}
            )


def check_reading_grade(markdown: str, result: CheckResult, language: str = "en") -> float:
    if language == "es":
        ease = reading_ease_es(markdown)
        if ease < MIN_READING_EASE_ES:
            result.warnings.append(
                _(
                    "The Spanish reads at %(ease).0f on the Fernández-Huerta scale; aim for "
                    "%(limit)d or more: shorter sentences and everyday words."
                )
                % {"ease": ease, "limit": MIN_READING_EASE_ES}
            )
        return ease
    grade = reading_grade(markdown)
    if grade > MAX_READING_GRADE:
        result.warnings.append(
            _(
                "It reads at grade %(grade).1f; aim for %(limit)d or below: shorter sentences "
                "and everyday words."
            )
            % {"grade": grade, "limit": MAX_READING_GRADE}
        )
    return grade


def check_section(section) -> CheckResult:
    """The checks of each language the section is written in."""
    result = CheckResult()
    wordings = safe_wordings()
    for language, _name in settings.LANGUAGES:
        words = partial(section.words_in, language)
        if not words("body") and language != settings.LANGUAGE_CODE:
            continue  # not translated yet: readers get the English, checked already
        check_reading_grade(words("body"), result, language)
        check_wording(
            [words(name) for name in ("title", "summary", "body", "key_points", "action_text")],
            wordings.get(language, []),
            result,
        )
        hrefs = links_in(words("body"))
        if words("action_url"):
            hrefs.append(words("action_url"))
        check_links(hrefs, result)
    return result


def check_crisis_resource(resource) -> CheckResult:
    result = CheckResult()
    wordings = safe_wordings()
    for language, _name in settings.LANGUAGES:
        texts = [getattr(resource, f"{name}_{language}") or "" for name in ("name", "description")]
        check_wording(texts, wordings.get(language, []), result)
    if resource.web_url.startswith("http://"):
        result.warnings.append(_("The web address is not secure (http): use https if it has it."))
    return result


def check_safety_plan_step(step) -> CheckResult:
    """A safety plan step's words in each language: reading grade and safe-messaging wording."""
    result = CheckResult()
    wordings = safe_wordings()
    names = ("title", "question", "hint", "examples", "safer_words")
    for language, _name in settings.LANGUAGES:
        texts = [getattr(step, f"{name}_{language}", "") or "" for name in names]
        if not any(texts):
            continue
        check_reading_grade("\n\n".join(text for text in texts if text), result, language)
        check_wording(texts, wordings.get(language, []), result)
    return result
