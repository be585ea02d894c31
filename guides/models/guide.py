"""The guide part's data: the guide, its sections and their old addresses, the wording
safe-messaging advises against, and the site's settings staff can change."""

import calendar
import datetime
import hashlib
import json
from functools import partial

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

from guides.helpers.markdown import render_markdown

from .base import ReadersSeeThis, SpanishFollowsEnglish

validate_site_path = RegexValidator(
    r"^/[A-Za-z0-9/_\-?=&#.]*$",
    _("Use a path on this site that starts with /, for example /checklist/."),
)

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


class SafeWording(ReadersSeeThis):
    """Words safe-messaging guidance advises against, and what to say instead: the admin warns."""

    language = models.CharField(_("language"), max_length=8, default="en")
    avoid = models.CharField(_("words to avoid"), max_length=100)
    instead = models.CharField(_("say instead"), max_length=200)

    class Meta:
        ordering = ["language", "avoid"]
        verbose_name = _("wording to avoid")
        verbose_name_plural = _("wording to avoid")
        constraints = [
            models.UniqueConstraint(fields=["language", "avoid"], name="safe_wording_once")
        ]

    def __str__(self) -> str:
        return self.avoid


class ScheduledSectionWords(models.Model):
    """New words for a published section, saved to take effect at a date and time: readers keep
    the current words until manage.py publish_scheduled writes these (one version in the
    section's history). At most one waits per section; public pages never read this table."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Waiting for its time")
        APPLIED = "applied", _("Took effect")
        CANCELLED = "cancelled", _("Cancelled")
        REPLACED = "replaced", _("Replaced by newer scheduled words")
        NOT_APPLIED = "not-applied", _("Not applied: the words changed since")

    section = models.ForeignKey(
        "guides.Section",
        on_delete=models.CASCADE,
        related_name="scheduled_words",
        verbose_name=_("section"),
    )
    # Field name with its language (title_en, body_es): the new words, and the words readers had
    # when they were scheduled. A field someone changed since is not overwritten.
    words = models.JSONField(_("new words"))
    previous = models.JSONField(_("words when scheduled"))
    takes_effect_at = models.DateTimeField(_("takes effect at"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.SCHEDULED, db_index=True
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scheduled by"),
    )
    scheduled_at = models.DateTimeField(_("scheduled"), auto_now_add=True)

    class Meta:
        ordering = ["takes_effect_at", "id"]
        verbose_name = _("scheduled new words")
        verbose_name_plural = _("scheduled new words")
        constraints = [
            models.UniqueConstraint(
                fields=["section"],
                condition=models.Q(status="scheduled"),
                name="one_scheduled_words_per_section",
            )
        ]

    def __str__(self) -> str:
        return f"{self.section_id} ({self.get_status_display()})"
