"""plan_create: all of a plan or none of it, and the same draft saved twice is one plan."""

import datetime
import uuid
from unittest import mock

import pytest
from django.db import IntegrityError
from django.utils import timezone

from guides.helpers.owners import Owner
from guides.models import Barrier, ContactKind, ContactMethod, Plan, PlanBarrier
from guides.services.planner.plans import PlanAnswers, plan_create

pytestmark = pytest.mark.django_db


def answers() -> PlanAnswers:
    barrier = Barrier.objects.get(slug="cost")
    return PlanAnswers(
        who={"contact_kind": ContactKind.objects.get(slug="therapist"), "contact_name": ""},
        how={"contact_method": ContactMethod.objects.get(slug="email"), "contact_detail": ""},
        what={"script": "Hello."},
        when={
            "due_date": timezone.now().date() + datetime.timedelta(days=2),
            "due_time": None,
            "time_zone": "Asia/Tokyo",
        },
        support={"partner_name": "", "barriers": [barrier], "backup_kind": None, "backup_name": ""},
        barrier_notes={barrier.pk: "Ask about a sliding scale."},
        event_title="Reach out",
        remind=False,
    )


def test_it_saves_the_plan_and_its_barriers(content, alice):
    plan = plan_create(owner=Owner(user_id=alice.pk), plan_id=uuid.uuid4(), answers=answers())
    assert plan.user == alice and plan.contact_kind.slug == "therapist"
    assert plan.plan_barriers.get().note == "Ask about a sliding scale."
    # The deadline is the end of the day in Tokyo.
    assert plan.due_at == datetime.datetime.combine(
        plan.due_date, datetime.time(23, 59, 59), tzinfo=plan.zone
    )


def test_the_same_draft_twice_is_one_plan(content, alice):
    plan_id = uuid.uuid4()
    first = plan_create(owner=Owner(user_id=alice.pk), plan_id=plan_id, answers=answers())
    second = plan_create(owner=Owner(user_id=alice.pk), plan_id=plan_id, answers=answers())
    assert first.pk == second.pk and Plan.objects.count() == 1 and PlanBarrier.objects.count() == 1


def test_someone_elses_plan_id_is_not_handed_over(content, alice, bob):
    plan_id = uuid.uuid4()
    plan_create(owner=Owner(user_id=alice.pk), plan_id=plan_id, answers=answers())
    with pytest.raises(IntegrityError):
        plan_create(owner=Owner(user_id=bob.pk), plan_id=plan_id, answers=answers())
    assert Plan.objects.get().user == alice


def test_a_failure_part_way_leaves_nothing_half_saved(content, alice):
    with (
        mock.patch.object(PlanBarrier.objects, "bulk_create", side_effect=RuntimeError("db gone")),
        pytest.raises(RuntimeError),
    ):
        plan_create(owner=Owner(user_id=alice.pk), plan_id=uuid.uuid4(), answers=answers())
    assert Plan.objects.count() == 0
