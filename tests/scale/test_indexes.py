"""Per-person pages and the reminders run find their rows through an index, whatever the size.

Each test runs the real view or service, records the statements it sent, and asks the database
how it would run them (see tests/scale/explain.py for why enable_seqscan is off on PostgreSQL).
The plan list sorts on a CASE expression, which no index can order: what matters, and what these
check, is that the index finds the person's rows, so the page reads a few rows, not the table.
"""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from guides.models import ChecklistResult, Plan, Reminder, Statement
from guides.services.planner.reminders import send_due_reminders
from guides.sessions import SessionStore
from tests.base import PASSWORD, make_person, make_plan
from tests.scale.explain import (
    accesses,
    assert_no_full_scans,
    assert_served_by,
    primary_key,
    statements_sent,
)

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def anonymous_session(client) -> str:
    """A browser with a session of its own, as the first save makes it."""
    session = SessionStore()
    session["anonymous"] = True
    session.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return session.session_key


def result_for(*, user=None, session_key=None, days_ago=0) -> ChecklistResult:
    result = ChecklistResult.objects.create(user=user, session_key=session_key)
    ChecklistResult.objects.filter(pk=result.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    result.statements.set(Statement.objects.all()[:3])
    return result


@pytest.fixture
def others(content, bob):
    """Someone else's plans and answers, and an anonymous person's, so there is a choice."""
    for days in (1, 5, 9):
        make_plan(user=bob, days_ahead=days)
        make_plan(session_key="someone-elses-session-key", days_ahead=days)
        result_for(user=bob, days_ago=days)
        result_for(session_key="someone-elses-session-key", days_ago=days)


def test_the_plan_list_finds_a_persons_plans_by_plan_user_due(client, alice, others):
    for days in (2, 4, 6):
        make_plan(user=alice, days_ahead=days)
    client.force_login(alice)
    with statements_sent() as sent:
        assert client.get("/plan/").status_code == 200
    assert_served_by(sent, table="guides_plan", by={"plan_user_due": "user_id"})
    assert_no_full_scans(sent)


def test_the_plan_list_finds_a_sessions_plans_by_plan_session_due(client, others):
    session_key = anonymous_session(client)
    for days in (2, 4):
        make_plan(session_key=session_key, days_ahead=days)
    with statements_sent() as sent:
        assert client.get("/plan/").status_code == 200
    assert_served_by(sent, table="guides_plan", by={"plan_session_due": "session_key"})
    assert_no_full_scans(sent)


def test_the_plan_page_finds_the_plan_by_its_primary_key_or_its_owner(client, alice, others):
    plan = make_plan(user=alice)
    client.force_login(alice)
    with statements_sent() as sent:
        assert client.get(f"/plan/{plan.pk}/").status_code == 200
    # Either reads a row or a person's few: with 100,000 plans' statistics PostgreSQL takes the
    # primary key; in an empty test table it may as well take plan_user_due.
    by = {primary_key("guides_plan"): "id", "plan_user_due": "user_id"}
    assert_served_by(sent, table="guides_plan", by=by)
    assert_no_full_scans(sent)  # its barriers and share links too


def test_the_history_finds_a_persons_answers_by_result_user_created(client, alice, others):
    for days in (1, 3):
        result_for(user=alice, days_ago=days)
    client.force_login(alice)
    with statements_sent() as sent:
        assert client.get("/checklist/history/").status_code == 200
    assert_served_by(sent, table="guides_checklistresult", by={"result_user_created": "user_id"})
    assert_no_full_scans(sent)


def test_the_history_finds_a_sessions_answers_by_result_session_created(client, others):
    session_key = anonymous_session(client)
    for days in (1, 3):
        result_for(session_key=session_key, days_ago=days)
    with statements_sent() as sent:
        assert client.get("/checklist/history/").status_code == 200
    assert_served_by(
        sent, table="guides_checklistresult", by={"result_session_created": "session_key"}
    )
    assert_no_full_scans(sent)


def test_logging_in_claims_a_sessions_answers_and_plans_by_their_session_indexes(
    client, alice, others
):
    session_key = anonymous_session(client)
    result_for(session_key=session_key)
    make_plan(session_key=session_key)
    with statements_sent() as sent:
        response = client.post("/accounts/login/", {"username": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    assert alice.checklistresults.count() == 1 and alice.plans.count() == 1
    assert_served_by(
        sent,
        table="guides_checklistresult",
        by={"result_session_created": "session_key"},
        writes=True,
    )
    assert_served_by(sent, table="guides_plan", by={"plan_session_due": "session_key"}, writes=True)


def test_send_reminders_finds_due_plans_by_plan_reminders_due_batch_after_batch(content, others):
    verified = make_person("verified@example.org", email_verified_at=timezone.now())
    due = datetime.date(2027, 3, 10)
    for hour in (9, 9, 10, 11, 12):  # two at the same time, which the keyset must tell apart
        make_plan(
            user=verified,
            due_date=due,
            due_time=datetime.time(hour),
            time_zone="Europe/London",
            remind=True,
        )
    make_plan(user=verified, due_date=due, time_zone="Europe/London", remind=False)
    with statements_sent() as sent:
        report = send_due_reminders(
            now=datetime.datetime(2027, 3, 9, 8, tzinfo=LONDON), batch_size=2
        )
    assert report.sent == 5 and Reminder.objects.count() == 5
    scans = assert_served_by(sent, table="guides_plan", by={"plan_reminders_due": "due_at"})
    assert len(scans) >= 3  # the first batch and the ones after it
    if connection.vendor == "postgresql":  # which shows every bound it searches the index by
        # Each batch after the first starts the index at the last plan sent, not at now.
        assert all(">=" in scan.condition for scan in scans[1:]), scans
    assert_no_full_scans(sent)


def test_the_check_notices_a_lookup_no_index_serves(content, alice):
    make_plan(user=alice, contact_name="Dr Lee's office")
    with statements_sent() as sent:
        list(Plan.objects.filter(contact_name="Dr Lee's office"))
    (statement,) = sent
    (access,) = [access for access in accesses(statement) if access.table == "guides_plan"]
    assert not access.served_by_index
