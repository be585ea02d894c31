"""Saving, changing and rescheduling a person's plans."""

import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from guides.dates import deadline_in_words
from guides.forms.planner import PLAN_FIELDS_BY_STEP
from guides.models import Plan, PlanBarrier
from guides.models.planner import if_then_sentence
from guides.owners import Owner


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
