"""What staff edit in the admin: the guide, its sections, crisis resources, site settings."""

import calendar
import datetime
import hashlib
import json
import re
from functools import partial
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
    URLValidator,
)
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guides.crisis_words import phrase_problem
from guides.markdown import render_markdown
from guides.phone_numbers import is_dialable_in

from .base import GuardedQuerySet, OfferedInCrisis, ReadersSeeThis, SpanishFollowsEnglish

validate_site_path = RegexValidator(
    r"^/[A-Za-z0-9/_\-?=&#.]*$",
    _("Use a path on this site that starts with /, for example /checklist/."),
)


DIGITS = set("0123456789")
DIALABLE = DIGITS | {"+"}  # what a tel: or sms: link keeps of a number
# A number as staff may write it: digits, spaces, "+" and "-". Anything else ("112 or 999", "ext.")
# would make a tel: link that dials something other than what the button says.
validate_dialable = RegexValidator(
    r"^\+?[0-9][0-9 \-]*$",
    _("Use only digits, spaces, + and -, for one number, for example 0808 808 8000."),
)
# A word to text: letters and digits only, so that the sms: link carries exactly that word.
validate_keyword = RegexValidator(
    r"^[^\W_]+$", _("Use one word of letters and digits only, for example HOME.")
)
# WhatsApp finds a number only with its country code: wa.me/ takes the digits after the "+".
validate_international = RegexValidator(
    r"^\+[1-9][0-9 \-]*$",
    _("Start with + and the country code, for example +1 442-298-3263."),
)
CRISIS_CHECK_DAYS = 90  # a line not checked in this many days is flagged
# Its own code, so that a form's "Enter a valid URL." does not replace its words.
validate_https_url = URLValidator(
    schemes=["https"], message=_("Enter a full address that starts with https://."), code="https"
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class GuideQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Guide(ReadersSeeThis):
    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("The first published guide is the one at /guide/.")
    )
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = GuideQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("guide_overview_for", args=[self.slug])


class SectionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, guide__is_published=True)

    def for_navigation(self):
        """Just what the step list needs, without the bodies."""
        return self.only("id", "guide_id", "slug", "title", "summary", "order").order_by(
            "order", "id"
        )


class Section(SpanishFollowsEnglish, ReadersSeeThis):
    WORDS = ("title", "summary", "body", "key_points", "action_text", "action_label", "action_url")
    guide = models.ForeignKey(
        Guide, on_delete=models.CASCADE, related_name="sections", verbose_name=_("guide")
    )
    slug = models.SlugField(_("slug"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("one-line summary"), max_length=300, help_text=_("Shown in the list of steps.")
    )
    body = models.TextField(_("body"), help_text=_("Markdown. Use ## for subheadings."))
    body_html = models.TextField(editable=False, default="")
    key_points = models.TextField(_("key points"), blank=True, help_text=_("One point a line."))
    action_text = models.TextField(
        _("“Try this” text"), blank=True, help_text=_("A small, concrete thing to try now.")
    )
    action_label = models.CharField(_("“Try this” link text"), max_length=100, blank=True)
    action_url = models.CharField(
        _("“Try this” link"),
        max_length=200,
        blank=True,
        validators=[validate_site_path],
        help_text=_("A path on this site, for example /plan/new/."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The hash of the words as last loaded from (or exported to) content/, so that
    # load_content can tell a staff edit from an unchanged section.
    loaded_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Which file it came from ("<guide>/<file's slug>"), so that a slug staff change is not
    # taken by load_content for a new section.
    source_key = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("Set by “Mark as reviewed” in the list of sections."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("review every (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    next_review_due = models.DateField(_("next review due"), null=True, editable=False)
    # Moves on every save: a save based on an older one is refused (two editors, one section).
    edit_version = models.PositiveIntegerField(default=0)
    # An unpublished section goes live at this moment (manage.py publish_scheduled, from cron).
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_(
            "Leave it unpublished and set a date and time: it goes live then, by itself. "
            "Empty: it goes live when you publish it."
        ),
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["guide", "order", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["guide", "slug"], name="section_slug_unique_in_guide")
        ]
        indexes = [models.Index(fields=["guide", "order"], name="section_guide_order")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Each language's body, rendered once (django-modeltranslation's body_en, body_es, …).
        for code, _name in settings.LANGUAGES:
            body = getattr(self, f"body_{code}", None)
            if body is not None:
                setattr(self, f"body_html_{code}", render_markdown(body))
        self.next_review_due = (
            add_months(self.last_reviewed, self.review_interval_months)
            if self.last_reviewed
            else None
        )
        self.edit_version = (self.edit_version or 0) + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = [*update_fields, "edit_version"]
        old_slug = (
            Section.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if self.pk and (update_fields is None or "slug" in update_fields)
            else None
        )
        super().save(*args, **kwargs)
        if old_slug and old_slug != self.slug:
            # The old address keeps working: it redirects here, in every language.
            OldSectionAddress.objects.update_or_create(
                guide_id=self.guide_id, slug=old_slug, defaults={"section": self}
            )
            OldSectionAddress.objects.filter(guide_id=self.guide_id, slug=self.slug).delete()

    @property
    def review_is_overdue(self) -> bool:
        return self.next_review_due is None or self.next_review_due < datetime.date.today()

    def get_absolute_url(self) -> str:
        main = Guide.objects.published().first()
        if main is not None and main.pk == self.guide_id:
            return reverse("guide_section", args=[self.slug])  # the guide at /guide/
        return reverse("guide_section_for", args=[self.guide.slug, self.slug])

    def clean(self):
        if self.action_url and not (self.action_text and self.action_label):
            raise ValidationError(_("A “Try this” link needs its text and link text too."))

    @property
    def key_point_list(self) -> list[str]:
        return [line.strip() for line in self.key_points.splitlines() if line.strip()]

    def words_in(self, language: str, name: str) -> str:
        """One field's words in one language, without falling back to another."""
        return getattr(self, f"{name}_{language}", None) or ""

    def content_fields(self, language: str = settings.LANGUAGE_CODE) -> dict:
        """The words of the section in one language, as they stand in a content file."""
        words = partial(self.words_in, language)
        return {
            "slug": self.slug,
            "order": self.order,
            "title": words("title"),
            "summary": words("summary"),
            "key_points": [p.strip() for p in words("key_points").splitlines() if p.strip()],
            "action": {
                "text": words("action_text"),
                "label": words("action_label"),
                "url": words("action_url"),
            },
            "is_published": self.is_published,
            "body": words("body").strip(),
        }

    def content_hash(self, language: str = settings.LANGUAGE_CODE) -> str:
        encoded = json.dumps(self.content_fields(language), sort_keys=True).encode()
        return hashlib.sha256(encoded).hexdigest()

    def edited_since_load(self, language: str = settings.LANGUAGE_CODE) -> bool:
        loaded = self.words_in(language, "loaded_hash")
        return bool(loaded) and loaded != self.content_hash(language)

    @property
    def is_in_current_language(self) -> bool:
        """Whether it is written in the language of this request (else readers get English)."""
        return bool(self.words_in(get_language() or settings.LANGUAGE_CODE, "body"))


class OldSectionAddress(models.Model):
    """A slug a section had before staff changed it: its old address redirects to it."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField()
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["guide", "slug"], name="old_section_address_once")
        ]

    def __str__(self) -> str:
        return self.slug


class RegionQuerySet(GuardedQuerySet["Region"]):
    def for_readers(self):
        """The regions readers are shown, each with the lines readers are shown (two queries)."""
        return self.filter(is_retired=False).prefetch_related(
            models.Prefetch("resources", CrisisResource.objects.filter(is_retired=False))
        )

    def pick(self, code: str | None) -> "Region | None":
        """The region with this code and its resources, else "anywhere else"."""
        return pick_region(list(self.for_readers()), code)


# The region for anywhere without a list of its own: never another country's numbers.
ANYWHERE = "INT"
# ISO 3166 codes whose region goes by another code here.
REGION_ALIASES = {"GB": "UK"}
_REGION_CODE = re.compile(r"^[A-Z0-9]{1,8}$")


def region_code(value: str | None) -> str:
    """A region code as people or browsers write it, in the form regions are kept: "gb" is UK.
    "" for anything that cannot be a code."""
    code = (value or "").strip().upper()[:8]
    if not _REGION_CODE.match(code):
        return ""
    return REGION_ALIASES.get(code, code)


def pick_region(regions: list["Region"], code: str | None) -> "Region | None":
    """From regions already fetched: the one with this code (in any case), else "anywhere else",
    else none. Never another country's region."""
    by_code = {region.code.upper(): region for region in regions}
    return by_code.get(region_code(code)) or by_code.get(ANYWHERE)


class Region(OfferedInCrisis):
    code = models.CharField(_("code"), max_length=8, unique=True, help_text=_("For example US."))
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveIntegerField(_("order"), default=0)
    line_language = models.CharField(
        _("its lines answer in"),
        max_length=8,
        blank=True,
        choices=[("", _("English"))] + [(code, name) for code, name in settings.LANGUAGES],
        help_text=_(
            "The language most of its lines answer in, for example Spanish for Spain and Mexico. "
            "Pages in another language say so above the lines."
        ),
    )
    is_retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_("Hidden from readers, with its lines; kept with its history."),
    )

    objects = RegionQuerySet.as_manager()
    GUARDED = ("code", "order", "is_retired")

    @classmethod
    def shown_to_readers(cls, queryset):
        return queryset.filter(is_retired=False)

    def is_shown_to_readers(self) -> bool:
        return not self.is_retired

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("help_now") + f"?region={self.code}"

    @property
    def lines_for_everyone(self) -> list["CrisisResource"]:
        """The lines that lead: for everyone, those that answer in the reader's language first,
        the emergency number last. From the prefetch."""
        everyone = [r for r in self._lines_in_this_language() if r.audience == "everyone"]
        return sorted(everyone, key=lambda r: (r.is_emergency, not r.language))

    @property
    def texting_line_names(self) -> str:
        """The names of the lines that lead the page and take texts, so the page promises texts
        only where a line really takes them ("" when none does)."""
        return ", ".join(
            r.name for r in self.lines_for_everyone if r.text_number and not r.is_emergency
        )

    @property
    def has_lines_in_this_language(self) -> bool:
        language = get_language() or settings.LANGUAGE_CODE
        answers_in = self.line_language or settings.LANGUAGE_CODE
        return language == answers_in or any(r.language == language for r in self.resources.all())

    @property
    def language_notice(self) -> str:
        """What a page says above lines that mostly answer in another language than its own."""
        if self.has_lines_in_this_language:
            return ""
        if self.line_language == "es":
            return str(_("Most of these lines answer in Spanish."))
        return str(_("Most of these lines answer in English."))

    def _lines_in_this_language(self) -> list["CrisisResource"]:
        language = get_language() or settings.LANGUAGE_CODE
        return [r for r in self.resources.all() if r.language in ("", language)]

    @property
    def lines_by_audience(self) -> list[tuple[str, list["CrisisResource"]]]:
        """The other lines, grouped by who they are for, in the order of CrisisResource.Audience."""
        groups: dict[str, list[CrisisResource]] = {}
        for resource in self._lines_in_this_language():
            if resource.audience != CrisisResource.Audience.EVERYONE:
                groups.setdefault(resource.audience, []).append(resource)
        return [
            (value, groups[value]) for value in CrisisResource.Audience.values if value in groups
        ]

    def lines_for(self, audiences: list[str]) -> list["CrisisResource"]:
        return [r for r in self._lines_in_this_language() if r.audience in audiences]


def validate_not_in_the_future(day: datetime.date) -> None:
    if day and day > datetime.date.today():
        raise ValidationError(_("A line cannot have been checked on a day still to come."))


class CrisisResource(SpanishFollowsEnglish, OfferedInCrisis):
    WORDS = ("name", "description", "area", "hours")

    class Audience(models.TextChoices):
        # Lines for everyone lead the page; the others follow under a heading of their own.
        EVERYONE = "everyone", _("Everyone")
        YOUNG_PEOPLE = "young_people", _("Young people")
        CANNOT_TALK = "cannot_talk", _("People who can’t talk on the phone")
        NOT_SAFE_AT_HOME = "not_safe_at_home", _("People who are not safe at home")
        VETERANS = "veterans", _("Veterans and service members")
        DRINK_DRUGS = "drink_drugs", _("Drinking or drugs")

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="resources", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.CharField(_("description"), max_length=300, blank=True)
    phone = models.CharField(
        _("number to call"), max_length=30, blank=True, validators=[validate_dialable]
    )
    text_number = models.CharField(
        _("number to text"), max_length=30, blank=True, validators=[validate_dialable]
    )
    text_keyword = models.CharField(
        _("word to text"), max_length=30, blank=True, validators=[validate_keyword]
    )
    web_url = models.URLField(_("chat or web address"), blank=True)
    web_is_chat = models.BooleanField(
        _("the web address is a chat"),
        default=False,
        help_text=_("Its button then says “Chat online” instead of “Open the website”."),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    textphone = models.CharField(
        _("textphone (TTY) number"),
        max_length=30,
        blank=True,
        validators=[validate_dialable],
        help_text=_("For people who are deaf or cannot speak, for example 18001 0808 808 8000."),
    )
    whatsapp_number = models.CharField(
        _("WhatsApp number"),
        max_length=30,
        blank=True,
        validators=[validate_international],
        help_text=_(
            "With + and the country code, as WhatsApp needs it, for example +1 442-298-3263."
        ),
    )
    area = models.CharField(
        _("part of the region"),
        max_length=100,
        blank=True,
        help_text=_("Where it answers, if not the whole region, for example “Wales only”."),
    )
    hours = models.CharField(_("hours"), max_length=100, blank=True)
    language = models.CharField(
        _("in language"),
        max_length=8,
        blank=True,
        choices=[("", _("Every language"))] + [(code, name) for code, name in settings.LANGUAGES],
        help_text=_(
            "A line that answers in one language is listed first, on that language's pages only."
        ),
    )
    audience = models.CharField(
        _("for"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.EVERYONE,
        help_text=_(
            "Lines for everyone come first; the others are listed under their own heading."
        ),
    )
    is_emergency = models.BooleanField(
        _("emergency number"), default=False, help_text=_("Shown last, as the emergency line.")
    )
    last_checked = models.DateField(
        _("last checked"),
        validators=[validate_not_in_the_future],
        help_text=_("Moves when a second person approves a change, or marks the line as checked."),
    )
    source_url = models.URLField(
        _("checked against"),
        blank=True,
        help_text=_("The service’s own page that these details were checked against."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    # Which entry of content/crisis.yaml it came from, so load_content never brings back a line
    # staff deleted or makes a second one of a line they renamed.
    source_key = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    is_retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_("Hidden from readers; kept with its history. Retiring waits for approval."),
    )

    # What readers dial or open.
    CONTACT_FIELDS = (
        "phone",
        "text_number",
        "text_keyword",
        "web_url",
        "email",
        "textphone",
        "whatsapp_number",
    )
    # What a person in crisis is offered: a change to these waits for a second person
    # (ProposedChange), on every path (OfferedInCrisis).
    GUARDED = (
        *CONTACT_FIELDS,
        "web_is_chat",
        "region",
        "order",
        "audience",
        "language",
        "is_emergency",
        "is_retired",
        "last_checked",
        "source_url",
    )

    objects = GuardedQuerySet["CrisisResource"].as_manager()

    @classmethod
    def shown_to_readers(cls, queryset):
        return queryset.filter(is_retired=False)

    def is_shown_to_readers(self) -> bool:
        return not self.is_retired

    class Meta:
        ordering = ["region", "is_emergency", "order", "name"]
        verbose_name = _("crisis resource")
        verbose_name_plural = _("crisis resources")
        permissions = [("approve_crisis_lines", _("Can approve changes to crisis lines"))]

    def __str__(self) -> str:
        return f"{self.name} ({self.region.code})"

    def get_absolute_url(self) -> str:
        return reverse("help_now") + f"?region={self.region.code}"

    def clean(self):
        ways = (self.phone, self.text_number, self.web_url, self.email, self.textphone)
        if not (any(ways) or self.whatsapp_number):
            raise ValidationError(
                _("Give at least one way to reach it: call, text, web, e-mail or WhatsApp.")
            )
        if self.text_keyword and not self.text_number:
            raise ValidationError({"text_number": _("A word to text needs a number to text.")})
        region = Region.objects.filter(pk=self.region_id).first() if self.region_id else None
        problems = {}
        for name in ("phone", "text_number", "whatsapp_number"):
            number = getattr(self, name)
            if region is not None and number and not is_dialable_in(number, region.code):
                try:
                    validate_dialable(number)
                except ValidationError:
                    continue  # the field's own message says why
                problems[name] = _(
                    "%(number)s is not a number people can dial in %(region)s. Check it "
                    "against the service’s own page."
                ) % {"number": number, "region": region.name}
        if problems:
            raise ValidationError(problems)

    @property
    def check_is_overdue(self) -> bool:
        return self.last_checked < datetime.date.today() - datetime.timedelta(
            days=CRISIS_CHECK_DAYS
        )

    @property
    def phone_href(self) -> str:
        return "tel:" + "".join(ch for ch in self.phone if ch in DIALABLE)

    @property
    def textphone_href(self) -> str:
        return "tel:" + "".join(ch for ch in self.textphone if ch in DIALABLE)

    @property
    def whatsapp_href(self) -> str:
        """WhatsApp's click-to-chat link: wa.me/ and the number's digits, country code first."""
        return "https://wa.me/" + "".join(ch for ch in self.whatsapp_number if ch in DIGITS)

    @property
    def sms_href(self) -> str:
        number = "".join(ch for ch in self.text_number if ch in DIALABLE)
        body = f"?&body={quote(self.text_keyword)}" if self.text_keyword else ""
        return f"sms:{number}{body}"


validate_language_code = RegexValidator(
    r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$",
    _("Use a language code in lower case, for example en or es."),
)


class CrisisPhraseQuerySet(GuardedQuerySet["CrisisPhrase"]):
    def active(self):
        return self.filter(is_active=True)


class CrisisPhrase(OfferedInCrisis):
    """Words that, typed anywhere a person writes in the planner, bring the crisis lines at once
    (guides.crisis_words). Nothing records that they matched."""

    class Kind(models.TextChoices):
        MATCH = "match", _("Brings the crisis lines")
        MUST_NOT_MATCH = "must_not_match", _("Must not bring them")

    text = models.CharField(
        _("phrase"),
        max_length=100,
        help_text=_(
            "Matched as whole words, ignoring case, accents, apostrophes and punctuation, and a "
            "letter typed twice counts once: “kill myself” does not match “skill myself”, and "
            "“dont” is “don’t”. “kill*” is a word that starts so (killing, killed); “kill/hurt” "
            "is either word; “want to ... die” allows up to three words between."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        default="en",
        validators=[validate_language_code],
        help_text=_(
            "The code of the language it is in, for example en or es. Pages check the phrases "
            "of their own language and of English."
        ),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.MATCH,
        help_text=_(
            "“Must not bring them” is for everyday words around a phrase, such as “this deadline "
            "is killing me”: where one covers a match, that match does not count."
        ),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Untick to stop using a phrase. A default phrase that is deleted comes back the "
            "next time the content is loaded."
        ),
    )

    objects = CrisisPhraseQuerySet.as_manager()
    GUARDED = ("text", "language", "kind", "is_active")

    @classmethod
    def shown_to_readers(cls, queryset):
        return queryset.filter(is_active=True)

    def is_shown_to_readers(self) -> bool:
        return self.is_active

    class Meta:
        ordering = ["language", "kind", "text"]
        verbose_name = _("crisis phrase")
        verbose_name_plural = _("crisis phrases")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "kind", "text"], name="crisis_phrase_unique_in_language"
            )
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self):
        if problem := phrase_problem(self.text):
            raise ValidationError({"text": problem})


class SiteSettings(ReadersSeeThis):
    """Switches staff can change without a deploy. There is one row."""

    EXIT_BUTTON_DEFAULT = True

    show_exit_button = models.BooleanField(
        _("show “Exit this page”"),
        default=EXIT_BUTTON_DEFAULT,
        help_text=_("The quick-exit button on the checklist, the planner and the plan card."),
    )
    # Where "Exit this page" goes, per language: an everyday page that gives nothing away, in
    # the reader's language (BBC Weather is GOV.UK's default; Wikipedia's front page in Spanish).
    EXIT_URL_DEFAULTS = {"en": "https://www.bbc.co.uk/weather", "es": "https://es.wikipedia.org/"}
    exit_url_en = models.URLField(
        _("“Exit this page” goes to (English pages)"),
        default=EXIT_URL_DEFAULTS["en"],
        blank=True,
        validators=[validate_https_url],
        help_text=_(
            "An everyday website that gives nothing away, such as a weather or news page. "
            "It must start with https://. Empty: BBC Weather."
        ),
    )
    exit_url_es = models.URLField(
        _("“Exit this page” goes to (Spanish pages)"),
        default=EXIT_URL_DEFAULTS["es"],
        blank=True,
        validators=[validate_https_url],
        help_text=_(
            "The same, in Spanish, for the pages under /es/. It must start with https://. "
            "Empty: Wikipedia’s front page in Spanish."
        ),
    )
    APP_NAME_DEFAULT = "First Step"
    # Some people need the icon on their home screen not to say what it is for.
    app_name = models.CharField(
        _("app name"),
        max_length=45,
        default=APP_NAME_DEFAULT,
        help_text=_(
            "The name a phone shows for the site when it is added to the home screen. Choose "
            "a discreet one if the people you serve need it, such as “Notes”."
        ),
    )
    app_short_name = models.CharField(
        _("app short name"),
        max_length=12,
        default=APP_NAME_DEFAULT,
        help_text=_("The name under the icon, where there is little room: 12 letters at most."),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return str(_("Site settings"))

    @classmethod
    def exit_url_for(cls, urls: dict[str, str], language: str) -> str:
        """Where "Exit this page" goes on a page in this language: staff's address, else the
        default; a language with neither gets the English one."""
        return (
            urls.get(language)
            or cls.EXIT_URL_DEFAULTS.get(language)
            or urls.get("en")
            or (cls.EXIT_URL_DEFAULTS["en"])
        )

    @classmethod
    def load(cls) -> "SiteSettings":
        return cls.objects.get_or_create(pk=1)[0]
