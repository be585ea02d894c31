"""Writes that touch several rows or a person's data. Views, the admin and commands call these."""

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext

from guides.content_cache import publish_new_version
from guides.dates import deadline_in_words
from guides.models import (
    ChecklistResult,
    Plan,
    PlanBarrier,
    ReadingProgress,
    Reminder,
    Section,
    Session,
    Statement,
    StatementGroup,
)
from guides.models.planner import if_then_sentence
from guides.owners import Owner

READ_COOKIE = "read"
READ_COOKIE_MAX_AGE = 60 * 60 * 24 * 365
READ_COOKIE_MAX_IDS = 500


def content_changed() -> None:
    """What readers see changed (staff saved, or content was loaded): every process refreshes.

    The admin, load_content and export_content call it after their writes; nothing else needs to.
    """
    publish_new_version()


def parse_read_cookie(value: str | None) -> set[int]:
    """Section ids from an anonymous reader's cookie; anything malformed is ignored."""
    ids = set()
    for part in (value or "").split(".")[:READ_COOKIE_MAX_IDS]:
        if part.isdigit() and len(part) < 12:
            ids.add(int(part))
    return ids


def format_read_cookie(ids: set[int]) -> str:
    return ".".join(str(i) for i in sorted(ids)[-READ_COOKIE_MAX_IDS:])


def read_section_ids(request) -> set[int]:
    """The sections this reader has read: on the account once signed in, else in a cookie."""
    if request.user.is_authenticated:
        return set(
            ReadingProgress.objects.filter(user=request.user).values_list("section_id", flat=True)
        )
    return parse_read_cookie(request.COOKIES.get(READ_COOKIE))


def mark_section_read(request, response, section: Section, already_read: set[int]) -> None:
    if section.pk in already_read:
        return
    if request.user.is_authenticated:
        ReadingProgress.objects.bulk_create(
            [ReadingProgress(user=request.user, section=section)], ignore_conflicts=True
        )
    else:
        # A cookie, not a session: reading alone must never create a row on the server.
        response.set_cookie(
            READ_COOKIE,
            format_read_cookie(already_read | {section.pk}),
            max_age=READ_COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )


@transaction.atomic
def checklist_result_create(*, owner: Owner, statements: list[Statement]) -> ChecklistResult:
    """Save one set of answers, all of it or nothing."""
    kinds = [statement.group.kind for statement in statements]
    result = ChecklistResult.objects.create(
        **owner.fields(),
        signs_count=kinds.count(StatementGroup.Kind.SIGNS),
        readiness_count=kinds.count(StatementGroup.Kind.READINESS),
    )
    # A new result has no ticks yet: insert them at once, without the read (and savepoint) that
    # `set` makes to find which are there already.
    tick = ChecklistResult.statements.through
    tick.objects.bulk_create(tick(checklistresult=result, statement=s) for s in statements)
    return result


@dataclass
class ClaimReport:
    results: int = 0
    plans: int = 0
    reading: int = 0


@transaction.atomic
def claim_anonymous_data(
    *, user: AbstractBaseUser, session_key: str | None, read_ids: set[int]
) -> ClaimReport:
    """Move what a person saved before signing in onto their account, in one transaction."""
    report = ClaimReport()
    if session_key:
        report.results = ChecklistResult.objects.filter(
            user__isnull=True, session_key=session_key
        ).update(user=user, session_key=None)
        report.plans = Plan.objects.filter(user__isnull=True, session_key=session_key).update(
            user=user, session_key=None
        )
    existing = Section.objects.filter(pk__in=read_ids).values_list("pk", flat=True)
    report.reading = len(
        ReadingProgress.objects.bulk_create(
            [ReadingProgress(user=user, section_id=pk) for pk in existing], ignore_conflicts=True
        )
    )
    return report


@dataclass
class PlanAnswers:
    """The cleaned answers of every wizard step."""

    who: dict
    how: dict
    what: dict
    when: dict
    support: dict
    barrier_notes: dict[int, str]
    event_title: str
    remind: bool

    @property
    def if_then(self) -> str:
        return if_then_sentence(
            kind=self.who["contact_kind"],
            name=self.who["contact_name"],
            method=self.how["contact_method"],
            due_date=self.when["due_date"],
            due_time=self.when["due_time"],
        )

    @property
    def deadline_in_words(self) -> str:
        return deadline_in_words(
            self.when["due_date"], self.when["due_time"], self.when["time_zone"]
        )

    def plan_fields(self) -> dict:
        support = dict(self.support)
        support.pop("barriers", None)
        fields = {**self.who, **self.how, **self.what, **self.when, **support}
        return {
            name: value
            for name, value in fields.items()
            if not name.startswith("note_") and name != "draft_id"
        }


def _replace_barriers(plan: Plan, notes: dict[int, str]) -> None:
    plan.plan_barriers.all().delete()
    PlanBarrier.objects.bulk_create(
        PlanBarrier(plan=plan, barrier_id=barrier_id, note=note)
        for barrier_id, note in notes.items()
    )


def plan_create(*, owner: Owner, plan_id: uuid.UUID, answers: PlanAnswers) -> Plan:
    """Save a new plan and its barriers together. Saving the same draft twice gives one plan."""
    try:
        with transaction.atomic():
            plan = Plan(
                id=plan_id,
                **owner.fields(),
                **answers.plan_fields(),
                event_title=answers.event_title,
                remind=answers.remind,
            )
            plan.save(force_insert=True)
            _replace_barriers(plan, answers.barrier_notes)
    except IntegrityError:
        existing = owner.filter(Plan.objects.filter(pk=plan_id)).first()
        if existing is None:
            raise
        return existing
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, answers: PlanAnswers) -> Plan:
    for name, value in answers.plan_fields().items():
        setattr(plan, name, value)
    plan.event_title = answers.event_title
    plan.remind = answers.remind
    plan.save()
    _replace_barriers(plan, answers.barrier_notes)
    return plan


def plan_reschedule(*, plan: Plan, due_date, due_time, time_zone: str) -> Plan:
    plan.due_date, plan.due_time, plan.time_zone = due_date, due_time, time_zone
    plan.status = Plan.Status.NOT_YET
    plan.save(update_fields=["due_date", "due_time", "time_zone", "status", "updated_at"])
    # A new deadline deserves new reminders.
    plan.reminders.all().delete()
    return plan


def send_email_check(*, user: AbstractBaseUser, link: str) -> None:
    send_mail(
        subject=gettext("Confirm your e-mail address for First Step"),
        message=render_to_string("emails/email_check.txt", {"link": link}),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def delete_account(*, user: AbstractBaseUser) -> None:
    """Delete the person and everything of theirs, for real, all of it or nothing."""
    Plan.objects.filter(user=user).delete()  # with their barriers, reminders and share links
    ChecklistResult.objects.filter(user=user).delete()
    user.delete()  # with reading progress and sessions, which cascade


def export_person_data(*, user: AbstractBaseUser) -> dict:
    """Everything the site holds about a person. Plan keys are the model's field names."""
    plans = (
        Plan.objects.filter(user=user)
        .select_related("contact_kind", "contact_method", "backup_kind")
        .prefetch_related("plan_barriers__barrier", "reminders", "share_links")
        .order_by("created_at")
    )
    results = ChecklistResult.objects.filter(user=user).prefetch_related("statements")
    return {
        "account": {
            "email": user.email,
            "date_joined": user.date_joined,
            "email_verified_at": user.email_verified_at,
            "last_login": user.last_login,
        },
        "reading_progress": [
            {"section": progress.section.title, "read_at": progress.read_at}
            for progress in ReadingProgress.objects.filter(user=user).select_related("section")
        ],
        "checklist_results": [
            {
                "id": result.pk,
                "created_at": result.created_at,
                "ticked": [statement.text for statement in result.statements.all()],
            }
            for result in results.order_by("created_at")
        ],
        "plans": [
            {
                "id": plan.pk,
                "contact_kind": plan.contact_kind.name,
                "contact_name": plan.contact_name,
                "contact_method": plan.contact_method.name,
                "contact_detail": plan.contact_detail,
                "script": plan.script,
                "due_date": plan.due_date,
                "due_time": plan.due_time,
                "time_zone": plan.time_zone,
                "partner_name": plan.partner_name,
                "barriers": [
                    {"barrier": pb.barrier.name, "note": pb.note} for pb in plan.plan_barriers.all()
                ],
                "backup_kind": plan.backup_kind.name if plan.backup_kind else None,
                "backup_name": plan.backup_name,
                "event_title": plan.event_title,
                "status": plan.status,
                "outcome_note": plan.outcome_note,
                "remind": plan.remind,
                "reminders_sent": [
                    {"kind": reminder.kind, "sent_at": reminder.sent_at}
                    for reminder in plan.reminders.all()
                ],
                "share_links": [
                    {
                        "display_name": link.display_name,
                        "created_at": link.created_at,
                        "revoked_at": link.revoked_at,
                    }
                    for link in plan.share_links.all()
                ],
                "created_at": plan.created_at,
                "updated_at": plan.updated_at,
            }
            for plan in plans
        ],
    }


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
        .only("id", "due_date", "due_time", "time_zone", "due_at", "event_title", "user__email")
        .order_by("due_at", "id")
    )
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
        # What went already, so that a run every few minutes reads those plans and writes nothing
        # instead of an insert that fails (and an error in PostgreSQL's log) for each. Looked up
        # by the batch's plans, since the reminders table keeps every reminder ever sent.
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
                    _send_reminder(plan, kind)
            except IntegrityError:
                report.already_sent += 1
            else:
                report.sent += 1
        if len(batch) < batch_size:
            return report
        last = batch[-1]


def _send_reminder(plan: Plan, kind: str) -> None:
    # Discreet on purpose: the title the person chose and a link, never the contact or script.
    send_mail(
        subject=plan.event_title,
        message=render_to_string(
            "emails/reminder.txt",
            {
                "plan": plan,
                "tomorrow": kind == Reminder.Kind.DAY_BEFORE,
                "url": settings.SITE_URL + plan.get_absolute_url(),
            },
        ),
        from_email=None,
        recipient_list=[plan.user.email],
    )


@dataclass
class PurgeReport:
    sessions: int = 0
    results: int = 0
    plans: int = 0


def purge_stale_anonymous_data(
    *, now: datetime.datetime, days: int, batch_size: int = 1000
) -> PurgeReport:
    """Delete anonymous sessions idle for `days`, with the answers and plans saved in them.

    Also deletes anonymous answers and plans whose session is gone (expired or cleared), which
    nobody can reach any more. Accounts' data is never touched. Works in batches, each in its own
    transaction, so it is safe to run from cron while the site is busy.
    """
    report = PurgeReport()
    # A session's expiry moves forward by SESSION_COOKIE_AGE each time it is saved.
    idle_since = now - datetime.timedelta(days=days)
    stale_expiry = idle_since + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    stale_sessions = Session.objects.filter(user__isnull=True, expire_date__lt=stale_expiry)
    while keys := list(stale_sessions.values_list("session_key", flat=True)[:batch_size]):
        with transaction.atomic():
            report.results += (
                ChecklistResult.objects.filter(user__isnull=True, session_key__in=keys)
                .delete()[1]
                .get("guides.ChecklistResult", 0)
            )
            report.plans += (
                Plan.objects.filter(user__isnull=True, session_key__in=keys)
                .delete()[1]
                .get("guides.Plan", 0)
            )
            report.sessions += Session.objects.filter(session_key__in=keys).delete()[0]
    live = Session.objects.values("session_key")
    for model, field in ((ChecklistResult, "results"), (Plan, "plans")):
        orphans = model.objects.filter(user__isnull=True).exclude(session_key__in=live)
        while ids := list(orphans.values_list("pk", flat=True)[:batch_size]):
            with transaction.atomic():
                deleted = model.objects.filter(pk__in=ids).delete()[1]
            setattr(report, field, getattr(report, field) + deleted.get(model._meta.label, 0))
    return report
