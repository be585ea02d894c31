"""Change control over what readers see: a crisis line's new number waits for a second person,
the content files' entries that were ever loaded, and the wording safe-messaging advises against."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import ReadersSeeThis


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


class LoadedContentKey(models.Model):
    """An entry of content/ that load_content created once. If its row is gone, staff deleted it,
    and no later deploy brings it back."""

    key = models.CharField(max_length=300, unique=True)
    # What content/ said the last time it was loaded (for a crisis line: its guarded fields), so
    # that a deploy proposes only what content/ itself changed.
    loaded = models.JSONField(default=dict, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key


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
