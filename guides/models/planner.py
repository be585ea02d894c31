"""The first-step planner: a person's if-then plans, reminders and share links."""

import datetime
import secrets
import uuid
import zoneinfo

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from guides.helpers.dates import day_in_words, time_in_words

from .accounts import OwnedByPerson
from .choices import Barrier, ContactKind, ContactMethod

SCRIPT_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 500
NAME_MAX_LENGTH = 100
DETAIL_MAX_LENGTH = 200
EVENT_TITLE_MAX_LENGTH = 60


class PlanQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[Plan.Status.PLANNED, Plan.Status.NOT_YET])

    def upcoming_first(self):
        """Open plans by deadline, soonest first, then the rest, newest deadline first."""
        return self.annotate(
            is_closed=models.Case(
                models.When(status__in=[Plan.Status.PLANNED, Plan.Status.NOT_YET], then=0),
                default=1,
                output_field=models.IntegerField(),
            )
        ).order_by("is_closed", models.F("due_at").asc(), "-created_at")


class Plan(OwnedByPerson):
    """ "On <date> at <time> I will <method> <contact>", with what to say and a backup."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        DONE_NOT_WELL = "done_not_well", _("Done, but it didn’t go well")
        NOT_YET = "not_yet", _("Not yet")
        SWITCHED_TO_BACKUP = "switched_to_backup", _("Switched to my backup")
        CANCELLED = "cancelled", _("Cancelled")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact_kind = models.ForeignKey(
        ContactKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    contact_name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, blank=True)
    contact_method = models.ForeignKey(
        ContactMethod, on_delete=models.PROTECT, related_name="+", verbose_name=_("how")
    )
    contact_detail = models.CharField(_("detail"), max_length=DETAIL_MAX_LENGTH, blank=True)
    script = models.TextField(_("what I’ll say"), max_length=SCRIPT_MAX_LENGTH)
    due_date = models.DateField(_("date"))
    due_time = models.TimeField(_("time"), null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64)
    partner_name = models.CharField(_("support person"), max_length=100, blank=True)
    barriers = models.ManyToManyField(Barrier, through="PlanBarrier", related_name="+", blank=True)
    backup_kind = models.ForeignKey(
        ContactKind,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("backup"),
    )
    backup_name = models.CharField(_("backup name"), max_length=NAME_MAX_LENGTH, blank=True)
    event_title = models.CharField(
        _("calendar title"), max_length=EVENT_TITLE_MAX_LENGTH, default="Reach out"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    outcome_note = models.TextField(_("how it went"), max_length=SCRIPT_MAX_LENGTH, blank=True)
    remind = models.BooleanField(_("e-mail reminders"), default=False)
    # The language the plan was made in (a two-letter code), so its weekly counts, made and
    # answered, fall under one language whatever language the person answers in.
    language = models.CharField(_("language"), max_length=8, default="en", editable=False)
    # The deadline as an instant: the time given, or the end of the day, in the person's zone.
    due_at = models.DateTimeField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta(OwnedByPerson.Meta):
        ordering = ["due_at"]
        indexes = [
            models.Index(fields=["user", "due_at"], name="plan_user_due"),
            models.Index(fields=["session_key", "due_at"], name="plan_session_due"),
            # Only remind=True, not the open statuses too: SQLite matches a partial index to the
            # query's bound remind = %s, never to its status IN (%s, %s), so it would not use it.
            # Few closed plans have a deadline still ahead, so the index is hardly larger.
            models.Index(fields=["due_at"], name="plan_reminders_due", condition=Q(remind=True)),
        ]

    def __str__(self) -> str:
        return f"Plan {self.id}"

    def save(self, *args, **kwargs):
        self.due_at = deadline_instant(self.due_date, self.due_time, self.time_zone)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "due_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("plan_detail", args=[self.pk])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.NOT_YET)

    @property
    def deadline_passed(self) -> bool:
        return timezone.now() > self.due_at

    @property
    def needs_follow_up(self) -> bool:
        return self.is_open and self.deadline_passed

    @property
    def contact_label(self) -> str:
        return self.contact_label_with(self.contact_kind.name)

    def contact_label_with(self, kind_name: str) -> str:
        """`contact_label`, given its kind's name (a page may hold the names kept per language)."""
        return self.contact_name or kind_name

    @property
    def if_then(self) -> str:
        return self.if_then_with(self.contact_kind.name, self.contact_method.phrase)

    def if_then_with(self, kind_name: str, phrase: str) -> str:
        """`if_then`, given its kind's name and its way's phrase."""
        return if_then_sentence(
            kind_name=kind_name,
            name=self.contact_name,
            phrase=phrase,
            due_date=self.due_date,
            due_time=self.due_time,
            time_zone=self.time_zone,
        )


def if_then_sentence(
    *,
    kind_name: str,
    name: str,
    phrase: str,
    due_date: datetime.date,
    due_time: datetime.time | None,
    time_zone: str,
) -> str:
    """“On Tuesday 3 December at 9:00 am, I will call Dr Lee’s office.”: from the kind of
    contact's name and the way's phrase in the language active."""
    who = name or (kind_name[:1].lower() + kind_name[1:])
    action = phrase.replace("{who}", who) if "{who}" in phrase else phrase
    day = day_in_words(due_date, time_zone)
    if due_time:
        # Counted by the clock's hour, so a language can say "a la una" but "a las dos".
        return ngettext(
            "On %(day)s at %(time)s, I will %(action)s.",
            "On %(day)s at %(time)s, I will %(action)s.",
            due_time.hour % 12 or 12,
        ) % {
            "day": day,
            "time": time_in_words(due_time),
            "action": action,
        }
    return _("By %(day)s, I will %(action)s.") % {"day": day, "action": action}


def deadline_instant(
    due_date: datetime.date, due_time: datetime.time | None, time_zone: str
) -> datetime.datetime:
    zone = zoneinfo.ZoneInfo(time_zone)
    moment = due_time or datetime.time(23, 59, 59)
    return datetime.datetime.combine(due_date, moment, tzinfo=zone)


class PlanBarrier(models.Model):
    """A barrier the person expects, with their own note on getting past it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="plan_barriers")
    barrier = models.ForeignKey(Barrier, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("my note"), max_length=NOTE_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["barrier__order", "barrier__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "barrier"], name="plan_barrier_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.barrier_id}"


class Reminder(models.Model):
    """A reminder that was sent. The unique constraint is what makes each one go only once."""

    class Kind(models.TextChoices):
        DAY_BEFORE = "day_before", _("The day before")
        ON_THE_DAY = "on_the_day", _("On the day")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "kind"], name="reminder_sent_once")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.plan_id}"


def new_share_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits


class ShareLink(models.Model):
    """A read-only link for a support person: a first name, a date and a status only."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="share_links")
    token = models.CharField(max_length=64, unique=True, default=new_share_token, editable=False)
    display_name = models.CharField(_("the name your support person will see"), max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Share link for {self.plan_id}"

    def get_absolute_url(self) -> str:
        return reverse("share_view", args=[self.token])
