"""purge_stale: anonymous data idle too long goes; accounts' data and fresh sessions stay."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from guides.models import ChecklistResult, Plan, Session
from guides.sessions import SessionStore
from tests.base import make_plan

pytestmark = pytest.mark.django_db


def anonymous_session(*, idle_days: int) -> str:
    store = SessionStore()
    store["anonymous"] = True
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now()
        - datetime.timedelta(days=idle_days)
        + datetime.timedelta(days=90)
    )
    return store.session_key


def test_it_removes_idle_sessions_with_their_answers_and_plans(content, alice, capsys):
    old = anonymous_session(idle_days=120)
    fresh = anonymous_session(idle_days=3)
    for key in (old, fresh):
        ChecklistResult.objects.create(session_key=key)
        make_plan(session_key=key)
    ChecklistResult.objects.create(session_key="gone-already")  # its session was cleared
    kept_plan = make_plan(user=alice)
    ChecklistResult.objects.create(user=alice)

    call_command("purge_stale", days=90)

    assert not Session.objects.filter(session_key=old).exists()
    assert Session.objects.filter(session_key=fresh).exists()
    assert set(ChecklistResult.objects.values_list("session_key", flat=True)) == {fresh, None}
    assert set(Plan.objects.values_list("session_key", flat=True)) == {fresh, None}
    assert Plan.objects.filter(pk=kept_plan.pk).exists()
    assert (
        "deleted 1 sessions, 2 checklist results, 1 plans and 0 safety plans"
        in capsys.readouterr().out
    )


def test_running_it_twice_is_safe(content):
    ChecklistResult.objects.create(session_key=anonymous_session(idle_days=200))
    call_command("purge_stale")
    call_command("purge_stale")
    assert ChecklistResult.objects.count() == 0


def test_signed_in_sessions_are_left_alone(client, content, alice):
    client.force_login(alice)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(days=1))
    call_command("purge_stale", days=1)
    assert Session.objects.filter(user=alice).exists()
