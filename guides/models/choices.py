"""Choices staff edit, shared by the checklist and the planner: kinds of help, methods, barriers."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import ReadersSeeThis


class ContactKind(ReadersSeeThis):
    """A kind of help, and of first contact: a friend, a GP, a therapist, a helpline…"""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    when_it_fits = models.TextField(_("when this fits"), blank=True)
    script_template = models.TextField(
        _("script template"),
        blank=True,
        help_text=_("What the planner suggests a person could say; they change it in their words."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("kind of help")
        verbose_name_plural = _("kinds of help")

    def __str__(self) -> str:
        return self.name


class ContactMethod(ReadersSeeThis):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=60)
    detail_label = models.CharField(
        _("label for the detail"), max_length=60, blank=True, help_text=_("e.g. Phone number")
    )
    phrase = models.CharField(
        _("phrase"),
        max_length=100,
        default="contact {who}",
        help_text=_(
            "How the plan says it, with {who} for the person: “call {who}”, “see {who} in person”."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("contact method")
        verbose_name_plural = _("contact methods")

    def __str__(self) -> str:
        return self.name


class Barrier(ReadersSeeThis):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    suggestion = models.TextField(_("suggestion"), help_text=_("A gentle way past it."))
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("barrier")
        verbose_name_plural = _("barriers")

    def __str__(self) -> str:
        return self.name
