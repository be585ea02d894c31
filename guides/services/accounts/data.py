"""Data care: everything held about a person, and purging anonymous data nobody can reach."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction

from guides.models import ChecklistResult, Plan, ReadingProgress, SafetyPlan, Session, User
from guides.models.safety_plan import STEPS
from guides.services.planner.draft import PLAN_FIELDS_BY_STEP

# What a person filled in through the planner's steps: the same fields as the wizard's.
PLAN_FIELDS = [name for names in PLAN_FIELDS_BY_STEP.values() for name in names]


def _readable(value):
    """A choice (a kind of help, a way to reach them) by its name, as the person saw it."""
    return getattr(value, "name", value) if isinstance(value, models.Model) else value


def export_person_data(*, user: User) -> dict:
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
                **{name: _readable(getattr(plan, name)) for name in PLAN_FIELDS},
                "barriers": [
                    {"barrier": pb.barrier.name, "note": pb.note} for pb in plan.plan_barriers.all()
                ],
                "event_title": plan.event_title,
                "status": plan.status,
                "outcome_note": plan.outcome_note,
                "remind": plan.remind,
                "language": plan.language,
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
        "safety_plan": _safety_plan_export(user),
    }


def _safety_plan_export(user: User) -> dict | None:
    plan = SafetyPlan.objects.filter(user=user).prefetch_related("share_links").first()
    if plan is None:
        return None
    return {
        "id": plan.pk,
        **{name: getattr(plan, name) for name in SafetyPlan.TEXT_FIELDS.values()},
        **{name: getattr(plan, name) for name in SafetyPlan.CONTACT_FIELDS.values()},
        "steps_answered_or_skipped": [step for step in STEPS if step in plan.steps_seen],
        "language": plan.language,
        "share_links": [
            {"created_at": link.created_at, "revoked_at": link.revoked_at}
            for link in plan.share_links.all()
        ],
        "created_at": plan.created_at,
        "updated_at": plan.updated_at,
    }


def forget_anonymous_data(*, session_key: str | None) -> int:
    """Forget me on this device: the answers, plans and safety plan saved in this session, with
    no account, deleted at once, in one transaction (the session itself the view ends). Nobody
    else's: rows of an account, or of another session, are never touched. How many rows were
    deleted, with what hung from them (a plan's barriers, a share link)."""
    if not session_key:
        return 0
    deleted = 0
    with transaction.atomic():
        for model in (ChecklistResult, Plan, SafetyPlan):
            deleted += model.objects.filter(user__isnull=True, session_key=session_key).delete()[0]
    return deleted


@dataclass
class PurgeReport:
    sessions: int = 0
    results: int = 0
    plans: int = 0
    safety_plans: int = 0


def purge_stale_anonymous_data(
    *, now: datetime.datetime, days: int, batch_size: int = 1000
) -> PurgeReport:
    """Delete anonymous sessions idle for `days`, with the answers, plans and safety plans saved
    in them.

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
            report.safety_plans += (
                SafetyPlan.objects.filter(user__isnull=True, session_key__in=keys)
                .delete()[1]
                .get("guides.SafetyPlan", 0)
            )
            report.sessions += Session.objects.filter(session_key__in=keys).delete()[0]
    live = Session.objects.values("session_key")
    for model, field in (
        (ChecklistResult, "results"),
        (Plan, "plans"),
        (SafetyPlan, "safety_plans"),
    ):
        orphans = model.objects.filter(user__isnull=True).exclude(session_key__in=live)
        while ids := list(orphans.values_list("pk", flat=True)[:batch_size]):
            with transaction.atomic():
                deleted = model.objects.filter(pk__in=ids).delete()[1]
            setattr(report, field, getattr(report, field) + deleted.get(model._meta.label, 0))
    return report
