"""The weekly counts: each event counted once, in its transaction, by one statement; nothing
personal kept; and nothing lost when people's data is purged or deleted."""

import datetime
import zoneinfo

import pytest
from django.core.management import call_command
from django.db import connection, models, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from guides.models import Barrier, ContactKind, Plan, Session, Statement, User, WeeklyCount
from guides.services.insight.counts import Tally
from guides.services.planner.reminders import send_due_reminders
from tests.accounts.test_accounts import NEW_PASSWORD, sign_up
from tests.base import make_person, make_plan
from tests.insight.helpers import by_week, counts, this_week, week_of
from tests.mail import broken_send
from tests.planner.test_wizard import draft_id, step_data, walk

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def make_plan_through_the_planner(client, *, days: int = 5, prefix: str = "") -> Plan:
    data = step_data()
    data["when"]["due_date"] = (timezone.now().date() + datetime.timedelta(days=days)).isoformat()
    walk(client, data, prefix=prefix)
    response = client.post(
        f"{prefix}/plan/new/check/", {"draft_id": draft_id(client), "event_title": "Reach out"}
    )
    assert response.status_code == 302
    return Plan.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


def send_checklist(client, *keys: str, prefix: str = ""):
    ids = list(Statement.objects.filter(key__in=keys).values_list("pk", flat=True))
    assert client.post(f"{prefix}/checklist/", {"statements": ids}).status_code == 302


def counts_table_statements(queries) -> list[str]:
    return [q["sql"] for q in queries if WeeklyCount._meta.db_table in q["sql"]]


def test_the_counts_table_holds_nothing_personal():
    fields = {f.name: f for f in WeeklyCount._meta.get_fields()}
    assert set(fields) == {"pk", "week", "language", "metric", "count"}
    assert not any(f.is_relation for f in fields.values())
    assert isinstance(fields["week"], models.DateField)
    assert not isinstance(fields["week"], models.DateTimeField)  # a week, never a moment
    assert fields["language"].max_length == 8 and fields["metric"].max_length == 64
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, "guides_weeklycount")
    assert sorted(c.name for c in columns) == ["count", "language", "metric", "week"]


def test_each_event_is_counted_once_in_its_week(client, content):
    gp, judged = ContactKind.objects.get(slug="gp"), Barrier.objects.get(slug="fear-of-judgement")
    send_checklist(client, "thoughts-of-harm", "admitted-need")
    send_checklist(client, "keep-wondering")
    plan = make_plan_through_the_planner(client, days=9)
    assert sign_up(client, email="someone-new@example.org").status_code == 302
    make_person("taken@example.org")
    assert sign_up(client, email="taken@example.org").status_code == 302  # not a new account

    week = this_week()
    assert by_week() == {
        (week, "en", "checklist"): 2,
        (week, "en", "crisis"): 1,
        (week, "en", "plan"): 1,
        (week, "en", f"kind:{gp.slug}"): 1,
        (week, "en", f"barrier:{judged.slug}"): 1,
        (week_of(plan.due_date), "en", "due"): 1,
        (week, "en", "signup"): 1,
    }
    assert plan.language == "en"


def test_the_same_plan_saved_twice_is_counted_once(client, content):
    walk(client)
    posted = {"draft_id": draft_id(client), "event_title": "Reach out"}
    client.post("/plan/new/check/", posted)
    client.post("/plan/new/check/", posted)  # its answer was lost; the person sent it again
    assert Plan.objects.count() == 1
    assert counts(metric="plan") == {"plan": 1}


def test_answers_count_when_given_and_the_first_under_the_deadline_week(client, content, alice):
    client.force_login(alice)
    plan = make_plan_through_the_planner(client, days=3)
    due_week = week_of(plan.due_date)
    client.post(f"/plan/{plan.pk}/done/", {"outcome_note": "It went fine."})
    client.post(f"/plan/{plan.pk}/done/", {"outcome_note": "Pressed twice."})
    assert counts(metric__startswith="outcome:") == {"outcome:done": 1}
    assert counts(metric__startswith="answer:", week=due_week) == {"answer:done": 1}

    later = make_plan_through_the_planner(client, days=40)  # another week
    first_week = week_of(later.due_date)
    new_date = later.due_date + datetime.timedelta(days=14)
    response = client.post(
        f"/plan/{later.pk}/not-yet/",
        {"due_date": new_date.isoformat(), "due_time": "", "time_zone": "Europe/London"},
    )
    assert response.status_code == 302
    client.post(f"/plan/{later.pk}/done-not-well/", {"outcome_note": ""})
    client.post(f"/plan/{later.pk}/backup/")  # they did reach out: still done_not_well
    assert counts(metric__startswith="outcome:") == {
        "outcome:done": 1,
        "outcome:not_yet": 1,
        "outcome:done_not_well": 1,
    }
    # The later plan's deadline was the first date; its first answer was "not yet".
    assert counts(metric__startswith="answer:", week=first_week) == {"answer:not_yet": 1}
    assert counts(metric="due", week=first_week) == {"due": 1}
    assert not counts(week=week_of(new_date), metric__startswith="answer:")

    third = make_plan_through_the_planner(client, days=6)
    client.post(f"/plan/{third.pk}/backup/")
    fourth = make_plan_through_the_planner(client, days=6)
    client.post(f"/plan/{fourth.pk}/cancel/")
    assert counts(metric__startswith="answer:") == {
        "answer:done": 1,
        "answer:not_yet": 1,
        "answer:switched_to_backup": 1,
        "answer:cancelled": 1,
    }
    assert counts(metric="due") == {"due": 4}


def test_an_edit_before_any_answer_moves_the_plan_to_its_new_deadline_week(client, content, alice):
    client.force_login(alice)
    plan = make_plan_through_the_planner(client, days=2)
    old_week = week_of(plan.due_date)
    new_date = plan.due_date + datetime.timedelta(days=21)
    client.get(f"/plan/{plan.pk}/edit/")
    data = step_data()["when"] | {"due_date": new_date.isoformat(), "draft_id": draft_id(client)}
    assert client.post("/plan/new/when/", data).status_code == 302
    assert (
        client.post(
            "/plan/new/check/", {"draft_id": draft_id(client), "event_title": "Reach out"}
        ).status_code
        == 302
    )
    plan.refresh_from_db()
    assert plan.due_date == new_date
    assert counts(metric="due", week=old_week) == {}
    assert counts(metric="due", week=week_of(new_date)) == {"due": 1}
    assert counts(metric="plan") == {"plan": 1}  # an edit is not a new plan


def test_each_reminder_sent_is_counted_under_the_plans_language(content):
    person = make_person("verified@example.org")
    make_plan(user=person, due_date=datetime.date(2027, 3, 10), remind=True, language="es")
    now = datetime.datetime(2027, 3, 9, 8, tzinfo=LONDON)
    assert send_due_reminders(now=now).sent == 1
    assert send_due_reminders(now=now).sent == 0
    assert by_week() == {(datetime.date(2027, 3, 8), "es", "reminder"): 1}


def test_a_reminder_that_could_not_be_sent_is_not_counted(content, monkeypatch):
    person = make_person("verified@example.org")
    make_plan(user=person, due_date=datetime.date(2027, 3, 10), remind=True)
    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken_send)
    with pytest.raises(OSError):
        send_due_reminders(now=datetime.datetime(2027, 3, 9, 8, tzinfo=LONDON))
    assert not WeeklyCount.objects.exists()


def test_a_purge_and_an_account_deletion_leave_the_counts_unchanged(client, content):
    send_checklist(client, "thoughts-of-harm")
    make_plan_through_the_planner(client)
    stale = client.session.session_key
    sign_up(client, email="leaving@example.org")
    leaving = User.objects.get(email="leaving@example.org")
    leaving.email_verified_at = timezone.now()
    leaving.save()
    person = type(client)()
    person.force_login(leaving)
    send_checklist(person, "keep-wondering")
    plan = make_plan_through_the_planner(person)
    person.post(f"/plan/{plan.pk}/done/", {"outcome_note": ""})
    before = by_week()
    assert sum(before.values()) >= 10

    Session.objects.filter(session_key=stale).update(
        expire_date=timezone.now() - datetime.timedelta(days=1)
    )
    call_command("purge_stale", days=90)
    assert not Plan.objects.filter(session_key=stale).exists()
    response = person.post("/account/delete/", {"password": NEW_PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(email="leaving@example.org").exists()
    assert not Plan.objects.exists()
    assert by_week() == before


def test_saving_answers_adds_one_statement_to_the_save(client, content, alice):
    client.force_login(alice)
    every_id = [str(pk) for pk in Statement.objects.active().values_list("pk", flat=True)]
    client.get("/checklist/")
    with CaptureQueriesContext(connection) as queries:
        assert client.post("/checklist/", {"statements": every_id}).status_code == 302
    [statement] = counts_table_statements(queries)
    upsert = 'INSERT INTO "guides_weeklycount"'
    if connection.vendor == "postgresql":
        # The result and its ticks are INSERTs in the WITH of the counts' upsert: one statement
        # (guides.services.checklist), after the content version and the session with the person.
        assert statement.startswith("WITH ") and f") {upsert}" in statement
        assert "ON CONFLICT" in statement and len(queries) == 3
        return
    assert statement.startswith(upsert) and "ON CONFLICT" in statement
    # 6 before the counts: the content version, the session with the person (one query since
    # issue 27), a savepoint, the result, its ticks, the savepoint's release.
    assert len(queries) == 7


def test_making_a_plan_adds_one_statement_to_the_save(client, content, alice, check_every_minute):
    client.force_login(alice)
    data = step_data()
    data["support"]["barriers"] = list(Barrier.objects.values_list("pk", flat=True))
    walk(client, data)
    client.get("/plan/new/check/")
    posted = {"draft_id": draft_id(client), "event_title": "Reach out"}
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/plan/new/check/", posted)
    assert response.status_code == 302
    [statement] = counts_table_statements(queries)
    assert statement.startswith('INSERT INTO "guides_weeklycount"') and "ON CONFLICT" in statement
    # 14 before the counts; a new plan no longer deletes the barriers it cannot have yet, so the
    # upsert of its counts (plan, kind, every barrier, due) keeps it at 14 (15 before issue 27
    # read the session and the person in one query).
    assert len(queries) == 14
    assert counts(metric__startswith="barrier:") == {
        f"barrier:{slug}": 1 for slug in Barrier.objects.values_list("slug", flat=True)
    }


def test_a_rolled_back_event_leaves_no_count(content, alice):
    with pytest.raises(RuntimeError), transaction.atomic():
        Tally().add("checklist", week=this_week(), language="en").save()
        raise RuntimeError("the save failed after the count")
    assert not WeeklyCount.objects.exists()


def test_counts_add_up_in_one_statement_and_can_move(content):
    week = this_week()
    Tally().add("due", week=week, language="en", by=3).save()
    with CaptureQueriesContext(connection) as queries:
        Tally().add("due", week=week, language="en", by=-1).add(
            "due", week=week + datetime.timedelta(weeks=1), language="en"
        ).save()
        Tally().save()  # nothing to add: no statement
    assert len(queries) == 1
    assert by_week() == {
        (week, "en", "due"): 2,
        (week + datetime.timedelta(weeks=1), "en", "due"): 1,
    }


def test_the_language_of_the_request_is_counted(client, content):
    # The address names the language: /es/ pages count as Spanish.
    plan = make_plan_through_the_planner(client, prefix="/es")
    send_checklist(client, "keep-wondering", prefix="/es")
    assert plan.language == "es"
    assert set(WeeklyCount.objects.values_list("language", flat=True)) == {"es"}
