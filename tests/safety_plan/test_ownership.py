"""One plan per person, found only through its owner: another person gets a 404 or their own
start page. Logging in claims it; "My data" exports it; deleting the account deletes it; the
90-day purge deletes an anonymous one, and the plan page warns in words first."""

import datetime
import json

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from guides.models import SafetyPlan, SafetyPlanShare, Session
from guides.services.accounts.account import delete_account
from guides.services.accounts.data import purge_stale_anonymous_data
from tests.base import PASSWORD, text_of

from .helpers import make_safety_plan

pytestmark = pytest.mark.django_db


def test_another_person_never_sees_the_plan(client, content, alice, bob):
    client.force_login(alice)
    make_safety_plan(client)
    other = Client()
    other.force_login(bob)
    start = other.get("/safety-plan/")
    assert "Start my safety plan" in text_of(start)
    assert "My dog Luna." not in text_of(start)
    assert other.get("/safety-plan/card/").status_code == 404
    assert other.get("/safety-plan/share/").status_code == 404
    assert other.post("/safety-plan/share/").status_code == 404
    assert other.post("/safety-plan/share/revoke/").status_code == 404
    assert other.post("/safety-plan/delete/").status_code == 404
    assert SafetyPlan.objects.filter(user=alice).exists()
    assert not SafetyPlanShare.objects.exists()


def test_an_anonymous_plan_is_another_browsers_404(client, content):
    make_safety_plan(client)
    stranger = Client()
    assert stranger.get("/safety-plan/card/").status_code == 404
    assert "My dog Luna." not in text_of(stranger.get("/safety-plan/"))


def test_a_step_saved_again_changes_the_one_plan(client, content):
    make_safety_plan(client)
    make_safety_plan(client)
    assert SafetyPlan.objects.count() == 1


def test_logging_in_claims_the_plan(client, content, alice):
    make_safety_plan(client)
    response = client.post("/accounts/login/", {"username": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    plan = SafetyPlan.objects.get()
    assert plan.user == alice and plan.session_key is None
    assert "Open my safety plan" in text_of(client.get("/help-now/"))


def test_logging_in_keeps_the_plan_saved_most_recently(client, content, alice):
    make_safety_plan(client)
    SafetyPlan.objects.create(user=alice, matters_most="Older words.")
    SafetyPlan.objects.filter(user=alice).update(
        updated_at=timezone.now() - datetime.timedelta(days=3)
    )
    client.post("/accounts/login/", {"username": alice.email, "password": PASSWORD})
    plan = SafetyPlan.objects.get()
    assert plan.user == alice and plan.matters_most == "My dog Luna."


def test_logging_in_on_a_new_device_finds_the_accounts_plan(client, content, alice):
    SafetyPlan.objects.create(user=alice, matters_most="Luna.")
    client.post("/accounts/login/", {"username": alice.email, "password": PASSWORD})
    assert "Open my safety plan" in text_of(client.get("/help-now/"))


def test_my_data_has_the_plan(client, content, alice):
    client.force_login(alice)
    make_safety_plan(client)
    client.post("/safety-plan/share/")
    data = json.loads(client.get("/account/data/").content)
    plan = data["safety_plan"]
    assert plan["warning_signs"] == "I stop answering messages.\nI can’t sleep."
    assert plan["helpers"] == [{"name": "My sister Ana", "phone": "07700 900123"}]
    assert plan["matters_most"] == "My dog Luna."
    assert len(plan["share_links"]) == 1
    assert "token" not in json.dumps(plan["share_links"])


def test_deleting_the_account_deletes_the_plan(client, content, alice):
    client.force_login(alice)
    make_safety_plan(client)
    client.post("/safety-plan/share/")
    delete_account(user=alice)
    assert not SafetyPlan.objects.exists()
    assert not SafetyPlanShare.objects.exists()


def test_the_purge_deletes_an_anonymous_plan_nobody_came_back_to(client, content, alice):
    make_safety_plan(client)
    SafetyPlan.objects.create(user=alice, matters_most="Kept.")
    later = timezone.now() + datetime.timedelta(days=91)
    report = purge_stale_anonymous_data(now=later, days=90)
    assert report.safety_plans == 1
    assert list(SafetyPlan.objects.values_list("matters_most", flat=True)) == ["Kept."]


def test_the_purge_keeps_a_plan_whose_person_came_back(client, content):
    make_safety_plan(client)
    report = purge_stale_anonymous_data(now=timezone.now() + datetime.timedelta(days=30), days=90)
    assert report.safety_plans == 0
    assert SafetyPlan.objects.count() == 1


def test_the_plan_page_says_in_words_when_an_anonymous_plan_would_be_deleted(client, content):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC), tick=False):
        make_safety_plan(client)
        expiry = Session.objects.get().expire_date
        text = text_of(client.get("/safety-plan/"))
    assert expiry.date() == datetime.date(2026, 5, 31)
    assert "If you don’t come back to First Step before 31 May 2026" in text


def test_coming_back_to_the_plan_moves_the_purge_date_on(client, content):
    start = datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        make_safety_plan(client)
    with time_machine.travel(start + datetime.timedelta(days=60), tick=False):
        text = text_of(client.get("/safety-plan/"))
        assert "before 30 July 2026" in text
        purge_stale_anonymous_data(now=timezone.now() + datetime.timedelta(days=45), days=90)
    assert SafetyPlan.objects.count() == 1


def test_an_accounts_plan_has_no_purge_warning(client, content, alice):
    client.force_login(alice)
    make_safety_plan(client)
    assert "it will be deleted then" not in text_of(client.get("/safety-plan/"))
