"""Checks of what staff write, shown as they edit in the admin and listed by content_report.

Each language a section is written in is checked on its own words. Warnings do not stop a save:
a reading grade above 8 in English (a Fernández-Huerta ease under 70 in Spanish), wording that
safe-messaging guidance advises against, an external link that is not https. Problems do: a link
to a page of this site that does not exist. (A number that cannot be dialled is stopped by the
model's own validators.)
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve
from django.utils import translation
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from guides.helpers.markdown import render_markdown
from guides.helpers.readability import reading_ease_es, reading_grade

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
        if settings.APPEND_SLASH and not path.endswith("/"):
            return site_page_exists(path + "/")  # Django's CommonMiddleware redirects there
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


def check_links(hrefs: list[str], result: CheckResult, page: str | Callable[[], str] = "/") -> None:
    """Links as a browser on `page` follows them: a relative link is resolved against it (`page`
    may be a function, asked only when there is a relative link)."""
    for href in hrefs:
        if not urlsplit(href).scheme and not href.startswith(("/", "#")):
            href = urljoin(page() if callable(page) else page, href)
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


def without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Endings taken off each word of a phrase to avoid, so that its other forms match too: commit,
# commits, committed, committing; cometió, cometieron, cometer; consumado, consumada.
INFLECTIONS = (
    "ieron", "aron", "iendo", "ando", "ing", "ted", "ed", "es", "io", "ar", "er", "ir",
    "s", "o", "a", "e",
)  # fmt: skip


def stem(word: str) -> str:
    word = without_accents(word)
    for ending in INFLECTIONS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def wording_pattern(avoid: str) -> str:
    """Each word in any of its forms, with any spaces or line breaks between them."""
    return r"\b" + r"\s+".join(re.escape(stem(word)) + r"\w*" for word in avoid.split()) + r"\b"


def check_wording(texts: list[str], wordings: list, result: CheckResult) -> None:
    words = without_accents(" ".join(texts))
    seen = set()
    # The wording written exactly as in the text first, so its own advice is the one given.
    exact = re.sub(r"\s+", " ", words)
    wordings = sorted(wordings, key=lambda w: without_accents(w.avoid) not in exact)
    for wording in wordings:
        pattern = wording_pattern(wording.avoid)
        if pattern not in seen and re.search(pattern, words):
            seen.add(pattern)  # "commit suicide" and "committed suicide" warn once
            result.warnings.append(
                _("Safe-messaging guidance advises against “%(avoid)s”: say “%(instead)s”.")
                % {"avoid": wording.avoid, "instead": wording.instead}
            )


MAX_PARAGRAPH_GRADE = 10
MIN_PARAGRAPH_EASE_ES = 60
PARAGRAPH_MIN_WORDS = 20  # shorter ones give the formulas too little to go on


def check_paragraphs(markdown: str, result: CheckResult, language: str = "en") -> None:
    """A hard paragraph is flagged even when the section's mean is fine (a body of one paragraph
    is its mean, checked already)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", markdown) if p.strip()]
    if len(paragraphs) < 2:
        return
    for text in paragraphs:
        if text.startswith("#") or len(text.split()) < PARAGRAPH_MIN_WORDS:
            continue
        opening = " ".join(text.split()[:8]) + " …"
        if language == "es":
            ease = reading_ease_es(text)
            if ease < MIN_PARAGRAPH_EASE_ES:
                result.warnings.append(
                    _(
                        "A paragraph reads at %(ease).0f on the Fernández-Huerta scale (under "
                        "%(limit)d): “%(opening)s”"
                    )
                    % {"ease": ease, "limit": MIN_PARAGRAPH_EASE_ES, "opening": opening}
                )
        else:
            grade = reading_grade(text)
            if grade > MAX_PARAGRAPH_GRADE:
                result.warnings.append(
                    _("A paragraph reads at grade %(grade).1f (over %(limit)d): “%(opening)s”")
                    % {"grade": grade, "limit": MAX_PARAGRAPH_GRADE, "opening": opening}
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


def page_of(section) -> str:
    """The address the section's page has (or will have), for its relative links."""
    try:
        return section.get_absolute_url() if section.guide_id and section.slug else "/guide/"
    except NoReverseMatch:
        return "/guide/"


def check_section(section, *, reading: bool = True) -> CheckResult:
    """The checks of each language the section is written in (without the reading level's, for
    content_report's list of wording and links)."""
    result = CheckResult()
    wordings = safe_wordings()
    for language, _name in settings.LANGUAGES:
        words = partial(section.words_in, language)
        if not words("body") and language != settings.LANGUAGE_CODE:
            continue  # not translated yet: readers get the English, checked already
        if reading:
            check_reading_grade(words("body"), result, language)
            check_paragraphs(words("body"), result, language)
        check_wording(
            [words(name) for name in ("title", "summary", "body", "key_points", "action_text")],
            wordings.get(language, []),
            result,
        )
        hrefs = links_in(words("body"))
        if words("action_url"):
            hrefs.append(words("action_url"))
        check_links(hrefs, result, page=partial(page_of, section))
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
