"""Sign-up, log-in (which claims anonymous data), e-mail confirmation, "my data" and deletion."""

import json
import re

import pytest
from django.core import mail
from django.test import Client

from guides.models import (
    Barrier,
    ChecklistResult,
    Plan,
    PlanBarrier,
    ReadingProgress,
    Reminder,
    Section,
    Session,
    ShareLink,
    Statement,
    User,
)
from tests.base import PASSWORD, make_plan, text_of

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another quite long passphrase"


def sign_up(client, email="new@example.org", password=NEW_PASSWORD, **extra):
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": password, "password2": password, **extra},
    )


def confirm_and_log_in(client, email="new@example.org", password=NEW_PASSWORD):
    """Open the link in the last e-mail, then log in, as the person would."""
    link = re.search(r"http://testserver(/accounts/verify/\S+/)", mail.outbox[-1].body).group(1)
    assert client.get(link)["Location"] == "/accounts/login/?next=%2Faccount%2F"
    response = client.post("/accounts/login/", {"username": email, "password": password})
    assert response.status_code == 302, text_of(response)
    return response


def sign_up_and_log_in(client, **kwargs):
    sign_up(client, **kwargs)
    return confirm_and_log_in(client)


def anonymous_activity(client):
    """Read a step, answer the checklist and make a plan, all without an account."""
    client.get("/guide/introduction/")
    client.post("/checklist/", {"statements": [Statement.objects.get(key="keep-wondering").pk]})
    return make_plan(session_key=client.session.session_key)


def test_sign_up_sends_a_link_and_the_account_opens_once_it_is_confirmed(
    client, content, real_password_hashing
):
    response = sign_up(client)
    assert response.status_code == 302 and response["Location"] == "/accounts/signup/sent/"
    assert "Check your e-mail" in text_of(client.get(response["Location"]))
    user = User.objects.get(email="new@example.org")
    assert user.password.startswith("argon2$") and not user.email_verified
    assert "_auth_user_id" not in client.session  # nobody is logged in by signing up
    [message] = mail.outbox
    assert message.to == ["new@example.org"] and "/accounts/verify/" in message.body

    refused = client.post(
        "/accounts/login/", {"username": "new@example.org", "password": NEW_PASSWORD}
    )
    assert "Please confirm your e-mail address first" in text_of(refused)
    assert len(mail.outbox) == 2  # a new link, since they proved the password
    confirm_and_log_in(client)
    assert "new@example.org" in text_of(client.get("/account/"))


def test_signing_up_with_an_address_that_has_an_account_answers_the_same(content, alice):
    new, taken = Client(), Client()
    first = sign_up(new, email="someone-new@example.org")
    second = sign_up(taken, email="alice@example.org")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert first.content == second.content
    assert sorted(first.cookies) == sorted(second.cookies)
    assert sorted(first.headers) == sorted(second.headers)
    assert text_of(new.get(first["Location"])) == text_of(taken.get(second["Location"]))
    # The owner is told, with a way in and a way to reset; their password is unchanged.
    to_alice = next(m for m in mail.outbox if m.to == ["alice@example.org"])
    assert "already has one" in to_alice.body
    assert "http://testserver/accounts/login/" in to_alice.body
    assert "http://testserver/accounts/password_reset/" in to_alice.body
    assert User.objects.get(email="alice@example.org").check_password(PASSWORD)
    assert User.objects.filter(email="alice@example.org").count() == 1


def test_sign_up_checks_the_password(client, content):
    response = sign_up(client, password="password")
    assert response.status_code == 200
    assert "This password is too common." in text_of(response)
    assert not User.objects.exists()


def test_sign_up_refuses_a_malformed_address(client, content):
    response = sign_up(client, email="not-an-address")
    assert "Enter a valid email address." in text_of(response)


def test_the_first_log_in_claims_the_anonymous_plan_answers_and_reading(client, content):
    plan = anonymous_activity(client)
    sign_up_and_log_in(client)
    user = User.objects.get(email="new@example.org")
    plan.refresh_from_db()
    assert plan.user == user and plan.session_key is None
    assert ChecklistResult.objects.get().user == user
    assert ReadingProgress.objects.filter(user=user, section__slug="introduction").exists()
    assert client.get(f"/plan/{plan.pk}/").status_code == 200


def test_log_in_claims_and_changes_the_session_key(client, content, alice):
    plan = anonymous_activity(client)
    before = client.session.session_key
    response = client.post(
        "/accounts/login/", {"username": "alice@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session.session_key != before
    plan.refresh_from_db()
    assert plan.user == alice
    assert ChecklistResult.objects.get().user == alice


def test_a_failed_log_in_does_not_say_whether_the_account_exists(client, content, alice):
    wrong_password = client.post(
        "/accounts/login/", {"username": "alice@example.org", "password": "nope nope nope"}
    )
    no_account = client.post(
        "/accounts/login/", {"username": "nobody@example.org", "password": "nope nope nope"}
    )
    assert wrong_password.status_code == no_account.status_code == 200
    message = re.search(
        r'<div class="error-summary".*?</div>', wrong_password.content.decode(), re.S
    )
    assert message and message.group(0) in no_account.content.decode()


def test_password_reset_does_not_say_whether_the_account_exists(client, content, alice):
    known = client.post("/accounts/password_reset/", {"email": "alice@example.org"})
    unknown = client.post("/accounts/password_reset/", {"email": "nobody@example.org"})
    assert known["Location"] == unknown["Location"] == "/accounts/password_reset/done/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.org"]
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in text_of(form)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == "/accounts/reset/done/"
    assert Client().login(username="alice@example.org", password=NEW_PASSWORD)


def test_password_change(client, content, alice):
    client.force_login(alice)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == "/accounts/password_change/done/"
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_log_out_needs_a_post(client, content, alice):
    client.force_login(alice)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_email_link_confirms_the_address_and_logs_nobody_in(client, content):
    sign_up(client)
    [message] = mail.outbox
    link = re.search(r"http://testserver(/accounts/verify/\S+/)", message.body).group(1)
    assert client.get(link).status_code == 302
    assert User.objects.get().email_verified
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/verify/forged-token/").status_code == 400


def test_my_data_downloads_everything_as_json(client, content):
    plan = anonymous_activity(client)
    sign_up_and_log_in(client)
    PlanBarrier.objects.create(plan=plan, barrier=Barrier.objects.first(), note="A note")
    response = client.get("/account/data/")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "new@example.org"
    assert data["reading_progress"][0]["section"] == Section.objects.get(slug="introduction").title
    assert data["checklist_results"][0]["ticked"] == ["I keep wondering whether I need support."]
    [exported] = data["plans"]
    for key in (
        "contact_kind", "contact_name", "contact_method", "contact_detail", "script",
        "due_date", "due_time", "time_zone", "partner_name", "barriers", "backup_kind",
        "backup_name", "event_title", "status", "outcome_note", "language", "created_at",
        "updated_at",
    ):  # fmt: skip
        assert key in exported
    assert exported["script"] == plan.script
    assert exported["barriers"][0]["note"] == "A note"


def test_my_data_is_only_for_the_signed_in_person(client, content):
    response = client.get("/account/data/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def rows_of(user_pk, session_keys):
    """How many rows in any table still belong to this person."""
    return {
        "user": User.objects.filter(pk=user_pk).count(),
        "sessions": Session.objects.filter(user_id=user_pk).count()
        + Session.objects.filter(session_key__in=session_keys).count(),
        "reading": ReadingProgress.objects.filter(user_id=user_pk).count(),
        "results": ChecklistResult.objects.filter(user_id=user_pk).count(),
        "plans": Plan.objects.filter(user_id=user_pk).count(),
        "barriers": PlanBarrier.objects.filter(plan__user_id=user_pk).count(),
        "reminders": Reminder.objects.filter(plan__user_id=user_pk).count(),
        "share_links": ShareLink.objects.filter(plan__user_id=user_pk).count(),
    }


def test_deleting_the_account_removes_every_row(client, content, bob):
    plan = anonymous_activity(client)
    sign_up_and_log_in(client)
    user = User.objects.get(email="new@example.org")
    PlanBarrier.objects.create(plan=plan, barrier=Barrier.objects.first(), note="x")
    Reminder.objects.create(plan=plan, kind="day_before")
    ShareLink.objects.create(plan=plan, display_name="N")
    other_device = Client()
    other_device.force_login(user)
    make_plan(user=bob)
    bobs_rows = rows_of(bob.pk, [])
    sessions = list(Session.objects.filter(user_id=user.pk).values_list("session_key", flat=True))
    assert len(sessions) == 2
    assert all(rows_of(user.pk, sessions)[table] for table in ("plans", "results", "reading"))

    wrong = client.post("/account/delete/", {"password": "not it at all"})
    assert "That password is not right." in text_of(wrong)
    assert User.objects.filter(pk=user.pk).exists()

    response = client.post("/account/delete/", {"password": NEW_PASSWORD})
    assert response["Location"] == "/"
    assert set(rows_of(user.pk, sessions).values()) == {0}
    assert rows_of(bob.pk, []) == bobs_rows
    assert other_device.get("/account/").status_code == 302  # logged out everywhere


@pytest.mark.parametrize("url", ["/account/", "/account/delete/"])
def test_account_pages_need_a_log_in(client, url):
    assert client.get(url).status_code == 302
