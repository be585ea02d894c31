"""seed_load_data: synthetic people, plans and answers, in bulk, that the site can use."""

import datetime
import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from guides.management.commands.seed_load_data import EMAIL_DOMAIN, SEED_PASSWORD
from guides.models import ChecklistResult, Plan, PlanBarrier, Session, User
from guides.models.planner import deadline_instant
from guides.services.planner.reminders import send_due_reminders

pytestmark = pytest.mark.django_db


def seed(**counts):
    call_command("seed_load_data", seed=1, stdout=io.StringIO(), **counts)


def test_it_makes_what_it_is_asked_for_and_the_site_can_use_it(content):
    seed(people=40, plans=60, results=50, due_tomorrow=7)
    people = User.objects.filter(email__endswith="@" + EMAIL_DOMAIN)
    assert people.count() == 40
    assert Plan.objects.count() == 67 and ChecklistResult.objects.count() == 50
    assert Session.objects.filter(user__isnull=True).count() == 8  # 0.2 of the people
    # One hash for all, and it is a real one.
    assert people.values("password").distinct().count() == 1
    assert authenticate(email=people.first().email, password=SEED_PASSWORD) == people.first()
    for plan in Plan.objects.all():
        assert plan.due_at == deadline_instant(plan.due_date, plan.due_time, plan.time_zone)
        assert (plan.user_id is None) != (plan.session_key is None)
        if plan.remind:
            assert plan.user.email_verified and plan.user.is_active
        assert plan.created_at <= timezone.now() and plan.updated_at == plan.created_at
    assert Plan.objects.values("time_zone").distinct().count() > 3
    assert Plan.objects.values("status").distinct().count() > 2
    assert Plan.objects.filter(due_at__lt=timezone.now()).exists()
    assert PlanBarrier.objects.exists()
    for result in ChecklistResult.objects.prefetch_related("statements__group"):
        kinds = [statement.group.kind for statement in result.statements.all()]
        assert (result.signs_count, result.readiness_count) == (
            kinds.count("signs"),
            kinds.count("readiness"),
        )
    # The plans due tomorrow give send_reminders its work.
    assert send_due_reminders(now=timezone.now()).sent >= 7


def test_another_run_adds_to_the_first(content):
    seed(people=10, plans=10, results=10)
    seed(people=5, plans=5, results=5, due_tomorrow=2)
    assert User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).count() == 15
    assert Plan.objects.count() == 17 and ChecklistResult.objects.count() == 15


def test_it_needs_the_content_first(db):
    with pytest.raises(CommandError, match="load_content"):
        seed(people=1, plans=1, results=1)


def test_sqlite_takes_only_small_counts_unless_forced(content, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="SQLite"):
        seed(people=1_001, plans=0, results=0)
    assert not User.objects.exists()
    seed(people=1_001, plans=0, results=0, force=True)
    assert User.objects.count() == 1_001


def test_the_plans_due_tomorrow_are_due_tomorrow_where_their_person_is(content):
    seed(people=10, plans=0, results=0, due_tomorrow=20)
    now = timezone.now()
    for plan in Plan.objects.all():
        assert plan.due_date == now.astimezone(plan.zone).date() + datetime.timedelta(days=1)
        assert plan.remind and plan.status == "planned"
