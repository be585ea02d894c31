"""send_reminders: the day before and on the day, in the person's time zone, each exactly once."""

import datetime
import threading
import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from guides.models import Plan, Reminder
from guides.services.planner.reminders import send_due_reminders
from tests.base import make_person, make_plan
from tests.mail import CountingBackend, broken_send

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


@pytest.fixture
def verified(db):
    return make_person("verified@example.org", email_verified_at=timezone.now())


def plan_due(user, due_date, *, remind=True, zone="Europe/London", due_time=None, **fields):
    return make_plan(
        user=user, due_date=due_date, due_time=due_time, time_zone=zone, remind=remind, **fields
    )


def at(zone, y, m, d, hour=8):
    return datetime.datetime(y, m, d, hour, tzinfo=zone)


def test_the_day_before_and_on_the_day_each_once(content, verified):
    plan = plan_due(verified, datetime.date(2027, 3, 10))
    assert send_due_reminders(now=at(LONDON, 2027, 3, 8)).sent == 0
    assert send_due_reminders(now=at(LONDON, 2027, 3, 9)).sent == 1
    assert send_due_reminders(now=at(LONDON, 2027, 3, 9, 18)).sent == 0
    assert send_due_reminders(now=at(LONDON, 2027, 3, 10)).sent == 1
    assert send_due_reminders(now=at(LONDON, 2027, 3, 10, 20)).sent == 0
    assert sorted(plan.reminders.values_list("kind", flat=True)) == ["day_before", "on_the_day"]
    assert len(mail.outbox) == 2
    assert mail.outbox[0].to == ["verified@example.org"]
    assert mail.outbox[0].subject == "Reach out"
    assert "Tomorrow" in mail.outbox[0].body and f"/plan/{plan.pk}/" in mail.outbox[0].body
    assert "Dr Lee" not in mail.outbox[0].body and plan.script not in mail.outbox[0].body


def test_the_day_is_the_persons_own_day(content, verified):
    plan_due(verified, datetime.date(2027, 3, 10), zone="Asia/Tokyo")
    # 20:00 in London on the 8th is already the 9th in Tokyo: the day before, there.
    assert send_due_reminders(now=at(LONDON, 2027, 3, 8, 20)).sent == 1
    assert Reminder.objects.get().kind == "day_before"


def test_no_reminder_once_the_time_has_passed(content, verified):
    plan_due(verified, datetime.date(2027, 3, 10), due_time=datetime.time(9, 0))
    assert send_due_reminders(now=at(LONDON, 2027, 3, 10, 10)).sent == 0


@pytest.mark.parametrize(
    "make",
    [
        lambda user: plan_due(user, datetime.date(2027, 3, 10), remind=False),
        lambda user: plan_due(user, datetime.date(2027, 3, 10), status="done"),
        lambda user: plan_due(user, datetime.date(2027, 3, 10), status="cancelled"),
    ],
)
def test_only_open_plans_that_opted_in(content, verified, make):
    make(verified)
    assert send_due_reminders(now=at(LONDON, 2027, 3, 9)).sent == 0


def test_only_people_with_a_confirmed_address(content):
    unconfirmed = make_person("unconfirmed@example.org", email_verified_at=None)
    plan_due(unconfirmed, datetime.date(2027, 3, 10))
    assert send_due_reminders(now=at(LONDON, 2027, 3, 9)).sent == 0


def test_batches_reach_every_plan(content, verified):
    for _ in range(7):
        plan_due(verified, datetime.date(2027, 3, 10))
    report = send_due_reminders(now=at(LONDON, 2027, 3, 9), batch_size=2)
    assert report.sent == 7 and report.checked == 7
    assert Reminder.objects.count() == 7


def test_a_batch_goes_through_one_connection_to_the_mail_server(content, verified, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.mail.CountingBackend"}}
    CountingBackend.opened = 0
    for _ in range(5):
        plan_due(verified, datetime.date(2027, 3, 10))
    assert send_due_reminders(now=at(LONDON, 2027, 3, 9), batch_size=2).sent == 5
    assert len(mail.outbox) == 5
    assert CountingBackend.opened == 1  # it was one per e-mail: five


def test_a_failed_send_is_tried_again_next_time(content, verified, monkeypatch):
    plan_due(verified, datetime.date(2027, 3, 10))
    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken_send)
    with pytest.raises(OSError):
        send_due_reminders(now=at(LONDON, 2027, 3, 9))
    assert Reminder.objects.count() == 0
    monkeypatch.undo()
    assert send_due_reminders(now=at(LONDON, 2027, 3, 9)).sent == 1


def test_the_command_prints_what_it_did(content, verified, capsys):
    plan_due(verified, datetime.date(2027, 3, 10))
    call_command("send_reminders", now="2027-03-09T08:00:00+00:00")
    assert "sent 1 reminders" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_the_same_time_send_each_reminder_once(content):
    # On PostgreSQL (CI) the second run waits on the first's unique row; on SQLite on its lock.
    user = make_person("both@example.org", email_verified_at=timezone.now())
    plans = [plan_due(user, datetime.date(2027, 3, 10)) for _ in range(40)]
    now = at(LONDON, 2027, 3, 9)
    reports, errors = [], []
    start = threading.Barrier(2)

    def run():
        try:
            start.wait()
            reports.append(send_due_reminders(now=now, batch_size=5))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sum(report.sent for report in reports) == len(plans)
    assert Reminder.objects.count() == len(plans)
    assert len(mail.outbox) == len(plans)
    assert Plan.objects.count() == 40


@pytest.mark.parametrize(
    ("language", "help_now", "words"),
    [("en", "/help-now/", "Get help now:"), ("es", "/es/help-now/", "Ayuda ahora:")],
)
def test_a_reminder_ends_with_a_link_to_get_help_now_in_the_plans_language(
    content, verified, settings, language, help_now, words
):
    settings.SITE_URL = "https://firststep.example"
    plan_due(verified, datetime.date(2027, 3, 10), language=language)
    send_due_reminders(now=at(LONDON, 2027, 3, 9))
    last_line = mail.outbox[0].body.strip().splitlines()[-1]
    assert words in last_line
    assert last_line.endswith(f"https://firststep.example{help_now}")
