"""A person's plans: the list, the card, the actions after the deadline, editing and privacy."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from guides.models import Plan
from tests.base import make_plan, text_of

pytestmark = pytest.mark.django_db

OWNER_ONLY_GETS = ["", "edit/", "not-yet/", "calendar.ics", "share/"]
OWNER_ONLY_POSTS = [
    "done/",
    "done-not-well/",
    "backup/",
    "cancel/",
    "delete/",
    "share/",
    "share/revoke/",
    "not-yet/",
]


def test_the_list_shows_upcoming_plans_first(client, content, alice):
    client.force_login(alice)
    later = make_plan(user=alice, days_ahead=10, contact_name="Later")
    sooner = make_plan(user=alice, days_ahead=2, contact_name="Sooner")
    done = make_plan(user=alice, days_ahead=1, contact_name="Done already", status="done")
    html = client.get("/plan/").content.decode()
    assert html.index("Sooner") < html.index("Later") < html.index("Done already")
    assert all(str(p.pk) in html for p in (later, sooner, done))


def test_the_list_shows_nobody_elses_plans(client, content, alice, bob):
    make_plan(user=bob, contact_name="Bob's contact")
    client.force_login(alice)
    assert "Bob's contact" not in text_of(client.get("/plan/"))
    assert "You haven’t made a plan yet" in text_of(client.get("/plan/"))


def test_the_plan_card_shows_the_if_then_plan(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice, partner_name="Sam")
    text = text_of(client.get(f"/plan/{plan.pk}/"))
    assert "I will call Dr Lee's office." in text
    assert plan.script in text and "Sam" in text
    assert "Exit this page" in text


@pytest.mark.parametrize("suffix", OWNER_ONLY_GETS)
def test_another_persons_plan_is_a_404(client, content, alice, bob, suffix):
    plan = make_plan(user=alice)
    client.force_login(bob)
    assert client.get(f"/plan/{plan.pk}/{suffix}").status_code == 404
    client.logout()
    assert client.get(f"/plan/{plan.pk}/{suffix}").status_code == 404
    client.force_login(alice)
    assert client.get(f"/plan/{plan.pk}/{suffix}").status_code in (200, 302)


@pytest.mark.parametrize("suffix", OWNER_ONLY_POSTS)
def test_nobody_else_can_act_on_a_plan(client, content, alice, bob, suffix):
    plan = make_plan(user=alice)
    client.force_login(bob)
    assert client.post(f"/plan/{plan.pk}/{suffix}", {"display_name": "B"}).status_code == 404
    plan.refresh_from_db()
    assert plan.status == "planned" and not plan.share_links.exists()


def test_an_anonymous_plan_belongs_to_its_session_only(client, content):
    client.post("/checklist/", {})  # make a session
    plan = make_plan(session_key=client.session.session_key)
    assert client.get(f"/plan/{plan.pk}/").status_code == 200
    assert Client().get(f"/plan/{plan.pk}/").status_code == 404
    assert client.get(f"/plan/{uuid.uuid4()}/").status_code == 404


@pytest.mark.parametrize("suffix", ["done/", "backup/", "cancel/", "delete/"])
def test_actions_need_a_post(client, content, alice, suffix):
    client.force_login(alice)
    plan = make_plan(user=alice)
    assert client.get(f"/plan/{plan.pk}/{suffix}").status_code == 405


def test_actions_need_the_csrf_token(content, alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    plan = make_plan(user=alice)
    assert client.post(f"/plan/{plan.pk}/done/").status_code == 403
    plan.refresh_from_db()
    assert plan.status == "planned"


def test_i_did_it_marks_it_done_and_goes_to_what_happens_after(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice)
    response = client.post(f"/plan/{plan.pk}/done/", {"outcome_note": "They were kind."})
    assert response["Location"] == "/guide/after/"
    plan.refresh_from_db()
    assert plan.status == "done" and plan.outcome_note == "They were kind."
    assert "You did it." in text_of(client.get("/guide/after/"))


def test_not_yet_chooses_a_new_date(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice)
    plan.reminders.create(kind="day_before")
    new_date = (timezone.now().date() + datetime.timedelta(days=9)).isoformat()
    response = client.post(
        f"/plan/{plan.pk}/not-yet/", {"due_date": new_date, "time_zone": "America/New_York"}
    )
    assert response["Location"] == f"/plan/{plan.pk}/"
    plan.refresh_from_db()
    assert plan.status == "not_yet" and plan.due_date.isoformat() == new_date
    assert plan.due_time is None and plan.time_zone == "America/New_York"
    assert not plan.reminders.exists()


def test_not_yet_refuses_a_past_date(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice)
    response = client.post(
        f"/plan/{plan.pk}/not-yet/", {"due_date": "2001-01-01", "time_zone": "Europe/London"}
    )
    assert response.status_code == 200 and "The date is in the past" in text_of(response)


def test_try_my_backup_starts_a_plan_for_the_backup(client, content, alice):
    from guides.models import ContactKind

    client.force_login(alice)
    helpline = ContactKind.objects.get(slug="helpline")
    plan = make_plan(user=alice, backup_kind=helpline, backup_name="Samaritans")
    response = client.post(f"/plan/{plan.pk}/backup/")
    assert response["Location"] == "/plan/new/how/"
    plan.refresh_from_db()
    assert plan.status == "switched_to_backup"
    assert client.session["plan_draft"]["steps"]["who"] == {
        "contact_kind": str(helpline.pk),
        "contact_name": "Samaritans",
    }


def test_after_the_deadline_the_plan_asks_how_it_went(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice)
    assert "How did it go?" not in text_of(client.get(f"/plan/{plan.pk}/"))
    Plan.objects.filter(pk=plan.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    text = text_of(client.get(f"/plan/{plan.pk}/"))
    assert "How did it go?" in text
    assert "It went well: I did it" in text and "Not yet: choose a new date" in text
    assert "Try my backup" in text


def test_editing_loads_the_plan_and_saves_changes(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice)
    response = client.get(f"/plan/{plan.pk}/edit/")
    assert response["Location"] == "/plan/new/check/"
    assert "Check your changes" in text_of(client.get("/plan/new/check/"))
    draft = client.session["plan_draft"]
    client.post(
        "/plan/new/what/",
        {"draft_id": draft["id"], "script": "New words.", "change": "1"},
    )
    client.post("/plan/new/check/", {"draft_id": draft["id"], "event_title": "Call"})
    assert Plan.objects.count() == 1
    plan.refresh_from_db()
    assert plan.script == "New words." and plan.event_title == "Call"


def test_cancel_and_delete(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice)
    client.post(f"/plan/{plan.pk}/cancel/")
    plan.refresh_from_db()
    assert plan.status == "cancelled"
    client.post(f"/plan/{plan.pk}/delete/")
    assert not Plan.objects.exists()


def count_queries(client, url):
    """Queries for a page once the process holds the content it reads (the site settings)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_plan_list_uses_the_same_queries_for_1_plan_or_100(client, content, alice):
    client.force_login(alice)
    make_plan(user=alice)
    one = count_queries(client, "/plan/")
    for n in range(99):
        make_plan(user=alice, days_ahead=1 + n % 30)
    assert Plan.objects.count() == 100
    assert count_queries(client, "/plan/") == one
    assert one <= 4  # the content version, the session, the person and the plans


def test_the_plan_page_uses_a_fixed_number_of_queries(client, content, alice):
    from guides.models import Barrier, PlanBarrier

    client.force_login(alice)
    plan = make_plan(user=alice)
    few = count_queries(client, f"/plan/{plan.pk}/")
    PlanBarrier.objects.bulk_create(
        PlanBarrier(plan=plan, barrier=b) for b in Barrier.objects.all()
    )
    for _ in range(5):
        plan.share_links.create(display_name="Sam", revoked_at=timezone.now())
    assert count_queries(client, f"/plan/{plan.pk}/") == few
    assert few <= 6
