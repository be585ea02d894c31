"""The readiness checklist: statements staff edit, and the results people save privately."""

import uuid
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from .accounts import OwnedByPerson
from .base import GuardedQuerySet, OfferedInCrisis
from .choices import ContactKind
from .crisis import CrisisResource


class StatementGroup(OfferedInCrisis):
    """Deleting a group deletes its statements: refused, without approval, for the group that
    holds the crisis statement."""

    class Kind(models.TextChoices):
        SIGNS = "signs", _("Signs that it is time to reach out")
        READINESS = "readiness", _("Readiness")

    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=150)
    intro = models.TextField(_("introduction"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = GuardedQuerySet["StatementGroup"].as_manager()

    @classmethod
    def shown_to_readers(cls, queryset):
        return queryset.filter(statements__is_crisis=True).distinct()

    def is_shown_to_readers(self) -> bool:
        return self.pk is not None and self.statements.filter(is_crisis=True).exists()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("checklist group")
        verbose_name_plural = _("checklist groups")

    def __str__(self) -> str:
        return self.title


class StatementQuerySet(GuardedQuerySet["Statement"]):
    def active(self):
        return self.filter(is_active=True)


class Statement(OfferedInCrisis):
    """Which statement opens the crisis route (and which lines it lists) waits for a second
    person; the words of any statement do not."""

    group = models.ForeignKey(
        StatementGroup, on_delete=models.CASCADE, related_name="statements", verbose_name=_("group")
    )
    key = models.SlugField(_("key"), unique=True, help_text=_("A stable name for this statement."))
    text = models.CharField(_("statement"), max_length=200)
    hint = models.CharField(_("hint"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    is_crisis = models.BooleanField(
        _("crisis statement"),
        default=False,
        help_text=_("Ticking it shows the crisis lines at once, above everything else."),
    )
    section = models.ForeignKey(
        "guides.Section",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("guide step that helps"),
    )
    help_kinds = models.ManyToManyField(
        ContactKind, blank=True, related_name="+", verbose_name=_("kinds of help that fit")
    )
    lines_for = models.CharField(
        _("lines to show"),
        max_length=20,
        blank=True,
        choices=[
            (value, label)
            for value, label in CrisisResource.Audience.choices
            if value != CrisisResource.Audience.EVERYONE
        ],
        help_text=_(
            "When ticked, the results list the person’s region’s lines for this, "
            "for example drinking or drugs."
        ),
    )

    objects = StatementQuerySet.as_manager()
    GUARDED = ("is_crisis", "is_active", "lines_for")

    @classmethod
    def shown_to_readers(cls, queryset):
        return queryset.filter(is_crisis=True)

    def is_shown_to_readers(self) -> bool:
        return self.is_crisis

    class Meta:
        ordering = ["group__order", "order", "id"]
        verbose_name = _("checklist statement")
        verbose_name_plural = _("checklist statements")

    def __str__(self) -> str:
        return self.text


class ChecklistResult(OwnedByPerson):
    """One time a person answered the checklist. Owned by an account or, before that, a session."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    statements = models.ManyToManyField(Statement, related_name="+", blank=True)
    # Counted when saved, so the history needs no join to say what changed.
    signs_count = models.PositiveSmallIntegerField(default=0)
    readiness_count = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(OwnedByPerson.Meta):
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="result_user_created"),
            models.Index(fields=["session_key", "-created_at"], name="result_session_created"),
        ]

    def __str__(self) -> str:
        return f"Checklist result {self.id}"


@dataclass
class ChecklistSummary:
    """What a set of answers suggests. Never a diagnosis, a label or a score."""

    signs: list[Statement] = field(default_factory=list)
    readiness_done: list[Statement] = field(default_factory=list)
    readiness_open: list[Statement] = field(default_factory=list)
    help_kinds: list[ContactKind] = field(default_factory=list)
    crisis: bool = False
    # Audiences of crisis lines that ticked statements ask for, e.g. drinking or drugs.
    lines_for: list[str] = field(default_factory=list)

    @property
    def ticked_nothing(self) -> bool:
        return not (self.signs or self.readiness_done)

    @property
    def open_steps_by_section(self) -> list[tuple]:
        """The open readiness steps grouped under the guide section that helps with them."""
        groups: dict[int | None, tuple] = {}
        for statement in self.readiness_open:
            section = statement.section if statement.section_id else None
            groups.setdefault(statement.section_id, (section, []))[1].append(statement)
        return list(groups.values())

    @property
    def ready(self) -> bool:
        return bool(self.readiness_done) and not self.readiness_open


def summarise_answers(statements: list[Statement], ticked_ids: set[int]) -> ChecklistSummary:
    """Turn ticked statements into next steps. Give statements with group and help_kinds loaded."""
    summary = ChecklistSummary()
    kinds: dict[int, ContactKind] = {}
    for statement in statements:
        ticked = statement.pk in ticked_ids
        if statement.group.kind == StatementGroup.Kind.SIGNS:
            if ticked:
                summary.signs.append(statement)
                summary.crisis = summary.crisis or statement.is_crisis
                if statement.lines_for and statement.lines_for not in summary.lines_for:
                    summary.lines_for.append(statement.lines_for)
                for kind in statement.help_kinds.all():
                    kinds.setdefault(kind.pk, kind)
        elif ticked:
            summary.readiness_done.append(statement)
        else:
            summary.readiness_open.append(statement)
    summary.help_kinds = sorted(kinds.values(), key=lambda kind: (kind.order, kind.name))
    return summary
