"""send_reminders at scale: a run that finds nothing new writes nothing."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.utils import timezone

from guides.models import Reminder
from guides.services.planner.reminders import send_due_reminders
from tests.base import make_person, make_plan
from tests.scale.explain import statements_sent

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_a_run_after_everything_went_writes_nothing(content):
    verified = make_person("verified@example.org", email_verified_at=timezone.now())
    for _ in range(5):
        make_plan(user=verified, due_date=datetime.date(2027, 3, 10), remind=True)
    now = datetime.datetime(2027, 3, 9, 8, tzinfo=LONDON)
    assert send_due_reminders(now=now, batch_size=2).sent == 5
    with statements_sent() as sent:
        report = send_due_reminders(now=now + datetime.timedelta(minutes=5), batch_size=2)
    assert (report.checked, report.sent, report.already_sent) == (5, 0, 5)
    # Every cron run used to try an insert for each plan in the next two days, and fail on the
    # unique row: thousands of failed transactions and PostgreSQL log errors every few minutes.
    assert all(statement.sql.startswith("SELECT") for statement in sent), sent
    # Three batches of two, the last one short, and what went already for each batch's plans.
    assert sum(statement.reads("guides_plan") for statement in sent) == 3
    assert sum(statement.reads("guides_reminder") for statement in sent) == 3
    assert len(mail.outbox) == 5 and Reminder.objects.count() == 5


def test_the_day_after_the_day_before_the_reminder_of_the_day_still_goes(content):
    verified = make_person("verified@example.org", email_verified_at=timezone.now())
    make_plan(user=verified, due_date=datetime.date(2027, 3, 10), remind=True)
    assert send_due_reminders(now=datetime.datetime(2027, 3, 9, 8, tzinfo=LONDON)).sent == 1
    assert send_due_reminders(now=datetime.datetime(2027, 3, 9, 20, tzinfo=LONDON)).sent == 0
    assert send_due_reminders(now=datetime.datetime(2027, 3, 10, 7, tzinfo=LONDON)).sent == 1
    assert sorted(Reminder.objects.values_list("kind", flat=True)) == ["day_before", "on_the_day"]
