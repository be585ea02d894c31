"""Change control over what readers see: a crisis line's new number waits for a second person,
the content files' entries that were ever loaded, and the wording safe-messaging advises against."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import ReadersSeeThis
from .content import CrisisResource


class ProposedChangeQuerySet(models.QuerySet["ProposedChange"]):
    def pending(self):
        return self.filter(status=ProposedChange.Status.PENDING)


class ProposedChange(models.Model):
    """New contact details for a crisis line, which readers get only once someone else approves."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    resource = models.ForeignKey(
        CrisisResource,
        on_delete=models.CASCADE,
        related_name="proposed_changes",
        verbose_name=_("crisis line"),
    )
    details = models.JSONField(_("new details"))  # contact field: new value
    previous = models.JSONField(_("details when proposed"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
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

    objects = ProposedChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("proposed change to a crisis line")
        verbose_name_plural = _("proposed changes to crisis lines")

    def __str__(self) -> str:
        return f"{self.resource} ({self.get_status_display()})"

    def changes(self) -> list[tuple[str, str, str]]:
        """(field's label, before, after) for each detail that changes."""
        return [
            (
                str(getattr(CrisisResource._meta.get_field(name), "verbose_name", name)),
                self.previous.get(name, ""),
                value,
            )
            for name, value in self.details.items()
        ]


class LoadedContentKey(models.Model):
    """An entry of content/ that load_content created once. If its row is gone, staff deleted it,
    and no later deploy brings it back."""

    key = models.CharField(max_length=300, unique=True)
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
