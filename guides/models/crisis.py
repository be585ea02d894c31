"""The crisis part's data: regions, their crisis lines, the crisis phrases, and the proposed
changes to what a person in crisis is offered, which wait for a second person."""

import datetime
import re
from urllib.parse import quote

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import (
    RegexValidator,
)
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guides.helpers.phone_numbers import is_dialable_in
from guides.helpers.phrase_matching import phrase_problem

from .base import GuardedQuerySet, OfferedInCrisis, SpanishFollowsEnglish

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
    (guides.helpers.phrase_matching). Nothing records that they matched."""

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


class ProposedChangeQuerySet(models.QuerySet["ProposedChange"]):
    def pending(self):
        return self.filter(status=ProposedChange.Status.PENDING)

    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class ProposedChange(models.Model):
    """A change to what a person in crisis is offered (a line, a region, a crisis phrase, the
    crisis statement), which readers get only once someone else approves it. One waits per
    object at a time: a newer proposal replaces the older."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        REPLACED = "replaced", _("Replaced by a newer proposal")
        SCHEDULED = "scheduled", _("Approved, waiting for the time it takes effect")

    class Action(models.TextChoices):
        CHANGE = "change", _("Change")
        DELETE = "delete", _("Delete")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind")
    )
    # No foreign key: the record stays when its object is deleted.
    object_id = models.PositiveIntegerField()
    object_repr = models.CharField(_("what"), max_length=200)
    action = models.CharField(
        _("action"), max_length=10, choices=Action.choices, default=Action.CHANGE
    )
    details = models.JSONField(_("new details"))  # field's attname: new value
    previous = models.JSONField(_("details when proposed"))  # every guarded field, as it was
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # Approved before this moment, it waits (status SCHEDULED) and publish_scheduled applies it
    # then: a helpline's new number from the day it changes. Empty: at once, on approval.
    takes_effect_at = models.DateTimeField(
        _("takes effect at"),
        null=True,
        blank=True,
        help_text=_("Empty: readers get it as soon as it is approved."),
    )

    objects = ProposedChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("proposed change to what people in crisis are offered")
        verbose_name_plural = _("proposed changes to what people in crisis are offered")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(status="pending"),
                name="one_pending_proposal_per_object",
            )
        ]

    def __str__(self) -> str:
        return f"{self.object_repr} ({self.get_status_display()})"

    @property
    def model(self):
        return self.content_type.model_class()

    def target(self):
        """The object as it is now (None once deleted)."""
        return self.model._base_manager.filter(pk=self.object_id).first()

    def changes(self) -> list[tuple[str, str, str]]:
        """(field's label, before, after) for each detail that changes."""
        model = self.model
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        rows = []
        for name, value in self.details.items():
            model_field = by_attname.get(name)
            label = str(getattr(model_field, "verbose_name", name))
            rows.append((label, shown(self.previous.get(name)), shown(value)))
        return rows


def shown(value) -> str:
    if value is True:
        return str(_("yes"))
    if value is False:
        return str(_("no"))
    return "" if value is None else str(value)
