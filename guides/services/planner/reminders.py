"""E-mail reminders of a plan's date, each sent exactly once."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from guides.models import Plan, Reminder
from guides.services.insight import counts


@dataclass
class ReminderReport:
    checked: int = 0
    sent: int = 0
    already_sent: int = 0


def reminder_kind_for(plan: Plan, now: datetime.datetime) -> str | None:
    """Which reminder is due now, in the person's own time zone, if any."""
    local_today = now.astimezone(plan.zone).date()
    if local_today == plan.due_date - datetime.timedelta(days=1):
        return Reminder.Kind.DAY_BEFORE
    if local_today == plan.due_date and plan.due_at > now:
        return Reminder.Kind.ON_THE_DAY
    return None


def send_due_reminders(*, now: datetime.datetime, batch_size: int = 500) -> ReminderReport:
    """Send each due reminder exactly once; safe to run from cron, and twice at the same time.

    The unique (plan, kind) row is inserted in the same transaction as the e-mail is sent: a
    second run waits on that row, then finds it and skips. A failed send rolls the row back, so
    the next run tries again. Plans are read in keyset-paginated batches, so memory stays flat.
    """
    report = ReminderReport()
    # Any plan whose reminder could be due now has its deadline within the next two days.
    candidates = (
        Plan.objects.open()
        .filter(
            remind=True,
            due_at__gt=now,
            due_at__lte=now + datetime.timedelta(days=2, hours=1),
            user__is_active=True,
            user__email_verified_at__isnull=False,
        )
        .select_related("user")
        .only(
            *("id", "due_date", "due_time", "time_zone", "due_at", "event_title", "language"),
            "user__email",
        )
        .order_by("due_at", "id")
    )
    # One connection to the mail server for the whole run, not one for each e-mail.
    with mailers.default as connection:
        last = None
        while True:
            batch_query = candidates
            if last is not None:
                # The plain bound lets the index start at the last plan instead of skipping every
                # plan read so far, which would make a run quadratic in the number of due plans.
                batch_query = batch_query.filter(due_at__gte=last.due_at).filter(
                    Q(due_at__gt=last.due_at) | Q(due_at=last.due_at, id__gt=last.id)
                )
            batch = list(batch_query[:batch_size])
            if not batch:
                return report
            # What went already, so that a run every few minutes reads those plans and writes
            # nothing instead of an insert that fails (and an error in PostgreSQL's log) for
            # each. Looked up by the batch's plans: the reminders table keeps every one sent.
            sent = set(Reminder.objects.filter(plan__in=batch).values_list("plan_id", "kind"))
            for plan in batch:
                report.checked += 1
                kind = reminder_kind_for(plan, now)
                if kind is None:
                    continue
                if (plan.pk, kind) in sent:
                    report.already_sent += 1
                    continue
                try:
                    with transaction.atomic():
                        Reminder.objects.create(plan=plan, kind=kind, sent_at=now)
                        counts.reminder_sent(plan, now=now).save()
                        connection.send_messages([_reminder_message(plan, kind)])
                except IntegrityError:
                    report.already_sent += 1
                else:
                    report.sent += 1
            if len(batch) < batch_size:
                return report
            last = batch[-1]


def _reminder_message(plan: Plan, kind: str) -> EmailMessage:
    # Discreet on purpose: the title the person chose and a link, never the contact or script.
    # In the language the plan was made in, with the link to its page in that language.
    with translation.override(plan.language or settings.LANGUAGE_CODE):
        return _reminder_in_active_language(plan, kind)


def _reminder_in_active_language(plan: Plan, kind: str) -> EmailMessage:
    return EmailMessage(
        subject=plan.event_title,
        body=render_to_string(
            "emails/reminder.txt",
            {
                "plan": plan,
                "tomorrow": kind == Reminder.Kind.DAY_BEFORE,
                "url": settings.SITE_URL + plan.get_absolute_url(),
                "help_now_url": settings.SITE_URL + reverse("help_now"),
            },
        ),
        to=[plan.user.email] if plan.user else [],
    )
