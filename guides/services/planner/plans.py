"""Saving, changing and rescheduling a person's plans."""

import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from guides.helpers.dates import deadline_in_words
from guides.helpers.owners import Owner
from guides.models import Plan, PlanBarrier
from guides.models.planner import if_then_sentence
from guides.services.insight import counts
from guides.services.planner.draft import PLAN_FIELDS_BY_STEP


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
            kind_name=self.who["contact_kind"].name,
            name=self.who["contact_name"],
            phrase=self.how["contact_method"].phrase,
            due_date=self.when["due_date"],
            due_time=self.when["due_time"],
            time_zone=self.when["time_zone"],
        )

    @property
    def deadline_in_words(self) -> str:
        return deadline_in_words(
            self.when["due_date"], self.when["due_time"], self.when["time_zone"]
        )

    def plan_fields(self) -> dict:
        """The Plan fields the steps fill, by the one mapping in PLAN_FIELDS_BY_STEP."""
        return {
            name: getattr(self, step)[name]
            for step, names in PLAN_FIELDS_BY_STEP.items()
            for name in names
        }


def _replace_barriers(plan: Plan, notes: dict[int, str]) -> None:
    plan.plan_barriers.all().delete()
    PlanBarrier.objects.bulk_create(
        PlanBarrier(plan=plan, barrier_id=barrier_id, note=note)
        for barrier_id, note in notes.items()
    )


def plan_create(*, owner: Owner, plan_id: uuid.UUID, answers: PlanAnswers) -> Plan:
    """Save a new plan, its barriers and its counts together. Saving the same draft twice gives
    one plan, counted once. The plan keeps the language it was made in."""
    try:
        with transaction.atomic():
            plan = Plan(
                id=plan_id,
                **owner.fields(),
                **answers.plan_fields(),
                event_title=answers.event_title,
                remind=answers.remind,
                language=counts.current_language(),
            )
            plan.save(force_insert=True)
            # A new plan has no barriers to replace: insert them, without the delete.
            PlanBarrier.objects.bulk_create(
                PlanBarrier(plan=plan, barrier_id=barrier_id, note=note)
                for barrier_id, note in answers.barrier_notes.items()
            )
            chosen = answers.support.get("barriers") or []
            slugs = [b.slug for b in chosen if b.pk in answers.barrier_notes]
            counts.plan_made(plan, barrier_slugs=slugs).save()
    except IntegrityError:
        existing = owner.filter(Plan.objects.filter(pk=plan_id)).first()
        if existing is None:
            raise
        return existing
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, answers: PlanAnswers) -> Plan:
    due_before = plan.due_date
    for name, value in answers.plan_fields().items():
        setattr(plan, name, value)
    plan.event_title = answers.event_title
    plan.remind = answers.remind
    plan.save()
    _replace_barriers(plan, answers.barrier_notes)
    # Its kind of help and barriers stay counted as they were when the plan was made.
    counts.deadline_moved(plan, before=due_before).save()
    return plan


@transaction.atomic
def plan_reschedule(*, plan: Plan, due_date, due_time, time_zone: str) -> Plan:
    """ "Not yet": a new deadline, which is also an answer to the one before."""
    before, due_before = plan.status, plan.due_date
    plan.due_date, plan.due_time, plan.time_zone = due_date, due_time, time_zone
    plan.status = Plan.Status.NOT_YET
    plan.save(update_fields=["due_date", "due_time", "time_zone", "status", "updated_at"])
    # A new deadline deserves new reminders.
    plan.reminders.all().delete()
    counts.plan_answered(plan, before=before, due_date=due_before).save()
    return plan


@transaction.atomic
def plan_record_outcome(*, plan: Plan, status: str, outcome_note: str | None = None) -> Plan:
    """ "I did it", "I did it, but it didn't go well", "try my backup" or cancelled; with the
    person's note on how it went, if given. The same answer again is not counted again."""
    before = plan.status
    plan.status = status
    fields = ["status", "updated_at"]
    if outcome_note is not None:
        plan.outcome_note = outcome_note
        fields.append("outcome_note")
    plan.save(update_fields=fields)
    if status != before:
        counts.plan_answered(plan, before=before, due_date=plan.due_date).save()
    return plan
