"""rebuild_counts: the counts again from the rows that exist, for a fresh install or a fix."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from guides.models import User, WeeklyCount
from guides.services.insight.counts import OUTCOME
from tests.accounts.test_accounts import sign_up
from tests.insight.helpers import by_week, fill, this_week
from tests.insight.test_counts import make_plan_through_the_planner, send_checklist

pytestmark = pytest.mark.django_db


def activity(client):
    """Checklists, plans with their answers, and a sign-up, each counted as it happened."""
    send_checklist(client, "thoughts-of-harm", "admitted-need")
    send_checklist(client, "keep-wondering")
    make_plan_through_the_planner(client, days=3)
    sign_up(client, email="someone-new@example.org")
    client.force_login(User.objects.get(email="someone-new@example.org"))
    done = make_plan_through_the_planner(client, days=10)
    client.post(f"/plan/{done.pk}/done/", {"outcome_note": ""})
    backup = make_plan_through_the_planner(client, days=20)
    client.post(f"/plan/{backup.pk}/backup/")


def test_a_fresh_install_gets_the_counts_the_events_made(client, content, capsys):
    activity(client)
    counted = by_week()
    WeeklyCount.objects.all().delete()

    call_command("rebuild_counts")

    rebuilt = by_week()
    # Everything but when each answer was given, which no row keeps.
    assert rebuilt == {key: n for key, n in counted.items() if not key[2].startswith(OUTCOME)}
    assert "checklist: 0 -> 2" in capsys.readouterr().out


def test_it_leaves_the_answers_given_and_is_the_same_run_twice(client, content, capsys):
    activity(client)
    counted = by_week()
    call_command("rebuild_counts")
    call_command("rebuild_counts")
    assert by_week() == counted
    assert capsys.readouterr().out.endswith("no metric totals changed.\n")


def test_since_leaves_earlier_weeks_alone(client, content):
    old = this_week() - datetime.timedelta(weeks=30)
    fill([old], {"checklist": 500, "plan": 40})  # their rows were purged long ago
    send_checklist(client, "keep-wondering")
    call_command("rebuild_counts", since=(this_week() - datetime.timedelta(days=3)).isoformat())
    assert by_week() == {
        (old, "en", "checklist"): 500,
        (old, "en", "plan"): 40,
        (this_week(), "en", "checklist"): 1,
    }


def test_a_dry_run_changes_nothing_and_says_what_would(client, content, capsys):
    fill([this_week()], {"checklist": 7})
    send_checklist(client, "keep-wondering")
    call_command("rebuild_counts", dry_run=True)
    assert by_week() == {(this_week(), "en", "checklist"): 8}
    out = capsys.readouterr().out
    assert "checklist: 8 -> 1" in out and "would change" in out


def test_a_date_it_cannot_read_is_refused(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("rebuild_counts", since="last week")
