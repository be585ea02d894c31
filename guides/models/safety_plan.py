"""The safety plan: one person's own plan in the Stanley-Brown steps, the steps' words (content
staff edit) and the read-only link for one person the owner trusts."""

import datetime
import re
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .accounts import OwnedByPerson
from .base import ReadersSeeThis
from .guide import add_months

TEXT_MAX_LENGTH = 1000
NAME_MAX_LENGTH = 100
PHONE_MAX_LENGTH = 40
PEOPLE_ROWS = 3  # the Stanley-Brown form's three people
PROFESSIONAL_ROWS = 2  # and its two professionals


class Step(models.TextChoices):
    """The seven steps, in order, by the slug each has in its address."""

    WARNING_SIGNS = "warning-signs", _("My warning signs")
    ON_MY_OWN = "on-my-own", _("Things I can do on my own")
    PEOPLE_AND_PLACES = "people-and-places", _("People and places that take my mind off things")
    ASK_FOR_HELP = "ask-for-help", _("People I can ask for help")
    PROFESSIONALS = "professionals", _("Professionals and services")
    SAFER = "safer", _("Making my surroundings safer")
    MATTERS_MOST = "matters-most", _("What matters most to me")


STEPS: list[str] = list(Step.values)

# A number a phone can dial: digits, spaces, and + ( ) - . between them; at least 3 digits
# (999, 911, 988) and at most 20.
_DIALABLE = re.compile(r"\+?[0-9 ()\-.]+")


def phone_href(number: str) -> str:
    """tel: with the digits only (and a leading +), as every phone reads it."""
    digits = re.sub(r"[^0-9]", "", number)
    return f"tel:{'+' if number.strip().startswith('+') else ''}{digits}"


def validate_phone(number: str) -> None:
    digits = re.sub(r"[^0-9]", "", number)
    if not _DIALABLE.fullmatch(number.strip()) or not 3 <= len(digits) <= 20:
        raise ValidationError(
            _("Enter a phone number with digits only, like 07700 900123 or +1 555 010 0199."),
            code="phone",
        )


class SafetyPlan(OwnedByPerson):
    """A person's own safety plan, in their own words. One per person: an account, or before
    sign-up a browser's session."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    warning_signs = models.TextField(_("my warning signs"), max_length=TEXT_MAX_LENGTH, blank=True)
    on_my_own = models.TextField(
        _("things I can do on my own"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    people_and_places = models.TextField(
        _("people and places that take my mind off things"),
        max_length=TEXT_MAX_LENGTH,
        blank=True,
    )
    # [{"name": …, "phone": …}], in the person's order.
    helpers = models.JSONField(_("people I can ask for help"), default=list, blank=True)
    professionals = models.JSONField(_("professionals and services"), default=list, blank=True)
    safer = models.TextField(
        _("making my surroundings safer"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    matters_most = models.TextField(
        _("what matters most to me"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    # The steps the person has saved (skipping one saves nothing), for the export.
    steps_seen = models.JSONField(default=list, blank=True, editable=False)
    language = models.CharField(_("language"), max_length=8, default="en", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(OwnedByPerson.Meta):
        verbose_name = _("safety plan")
        verbose_name_plural = _("safety plans")
        constraints = [
            *OwnedByPerson.Meta.constraints,
            models.UniqueConstraint(
                fields=["user"], condition=Q(user__isnull=False), name="safety_plan_one_per_user"
            ),
            models.UniqueConstraint(
                fields=["session_key"],
                condition=Q(user__isnull=True),
                name="safety_plan_one_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"Safety plan {self.id}"

    def get_absolute_url(self) -> str:
        return reverse("safety_plan")

    # Each step's words, by step: what the finished plan, the print and the export show.
    TEXT_FIELDS = {
        Step.WARNING_SIGNS: "warning_signs",
        Step.ON_MY_OWN: "on_my_own",
        Step.PEOPLE_AND_PLACES: "people_and_places",
        Step.SAFER: "safer",
        Step.MATTERS_MOST: "matters_most",
    }
    CONTACT_FIELDS = {Step.ASK_FOR_HELP: "helpers", Step.PROFESSIONALS: "professionals"}

    def contacts(self, name: str) -> list[dict]:
        """The people or professionals, each with its tel: address."""
        return [
            {**row, "href": phone_href(row["phone"]) if row.get("phone") else ""}
            for row in getattr(self, name) or []
            if row.get("name") or row.get("phone")
        ]


def new_share_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits


class SafetyPlanShare(models.Model):
    """The read-only link for one person the owner trusts. Making a new one switches off the
    one before; switching it off works at once."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="share_links")
    token = models.CharField(max_length=64, unique=True, default=new_share_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Safety plan share for {self.plan_id}"

    def get_absolute_url(self) -> str:
        return reverse("safety_plan_shared", args=[self.token])


class SafetyPlanStepQuerySet(models.QuerySet["SafetyPlanStep"]):
    def in_order(self):
        return self.order_by("order")


class SafetyPlanStep(ReadersSeeThis):
    """What a step asks and suggests: staff's words, in each language (guides/translation.py).

    The making-safer words (`safer_words`) reach readers only once a second person approves
    them, as a crisis line's number does: any save that changes them is refused unless it comes
    from `services.safety_plan.approve_safer_words`."""

    slug = models.SlugField(unique=True, choices=Step.choices)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=120)
    question = models.CharField(_("question"), max_length=300)
    hint = models.TextField(_("hint"), blank=True)
    examples = models.TextField(_("examples"), blank=True, help_text=_("One on each line."))
    safer_words = models.TextField(
        _("making-safer words"),
        blank=True,
        help_text=_(
            "Only for “Making my surroundings safer”. A change waits for a second person to "
            "approve it. Never name or ask about a method."
        ),
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(
        _("review every (months)"), default=12
    )
    next_review_due = models.DateField(_("next review due"), null=True, editable=False)

    objects = SafetyPlanStepQuerySet.as_manager()
    # Set only by services.safety_plan.approve_safer_words (and load_content's first fill).
    _safer_words_approved: bool = False

    class Meta:
        ordering = ["order"]
        verbose_name = _("safety plan step")
        verbose_name_plural = _("safety plan steps")
        permissions = [
            ("approve_safer_words", _("Can approve changes to the making-safer words")),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("safety_plan_step", args=[self.slug])

    @property
    def example_list(self) -> list[str]:
        return [line.strip() for line in (self.examples or "").splitlines() if line.strip()]

    @property
    def safer_word_list(self) -> list[str]:
        return [line.strip() for line in (self.safer_words or "").splitlines() if line.strip()]

    def safer_words_by_language(self) -> dict[str, str]:
        return {
            code: (getattr(self, f"safer_words_{code}", "") or "").strip()
            for code, _name in settings.LANGUAGES
        }

    def save(self, *args, **kwargs):
        if self.pk and not self._safer_words_approved:
            stored = SafetyPlanStep.objects.filter(pk=self.pk).first()
            if stored and stored.safer_words_by_language() != self.safer_words_by_language():
                raise ValidationError(
                    _("A change to the making-safer words needs a second person to approve it.")
                )
        self.next_review_due = (
            add_months(self.last_reviewed, self.review_interval_months)
            if self.last_reviewed
            else None
        )
        super().save(*args, **kwargs)

    @property
    def review_is_overdue(self) -> bool:
        return self.next_review_due is None or self.next_review_due < datetime.date.today()


class SaferWordsChange(models.Model):
    """New making-safer words for one language, which readers get only once someone else
    approves them."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    step = models.ForeignKey(
        SafetyPlanStep, on_delete=models.CASCADE, related_name="safer_words_changes"
    )
    language = models.CharField(_("language"), max_length=8)
    words = models.TextField(_("new words"), blank=True)
    previous = models.TextField(_("words when proposed"), blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("proposed change to the making-safer words")
        verbose_name_plural = _("proposed changes to the making-safer words")

    def __str__(self) -> str:
        return f"{self.step} ({self.language}, {self.get_status_display()})"
