"""Signing up, and logging in, are all or nothing: the account and its link; the new session and the
claim of what was saved anonymously. A database lost half-way leaves nothing behind, and the same
form can be sent again."""

import html
import re
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from guides.models import ChecklistResult, Session, Statement, User
from tests.base import PASSWORD, text_of

pytestmark = pytest.mark.django_db

DOWN = OperationalError("terminating connection due to administrator command")


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


def token(page) -> str:
    return html.unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1])


def answer_anonymously(browser) -> ChecklistResult:
    page = browser.get("/checklist/").content.decode()
    statement = Statement.objects.active().first()
    browser.post("/checklist/", {"csrfmiddlewaretoken": token(page), "statements": statement.pk})
    return ChecklistResult.objects.get()


def test_a_signup_cut_off_half_way_leaves_nothing_and_can_be_sent_again(browser, content):
    result = answer_anonymously(browser)
    session_key = browser.cookies["sessionid"].value
    form = {
        "csrfmiddlewaretoken": token(browser.get("/accounts/signup/").content.decode()),
        "email": "ana@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    # The account is written, then the database goes before the link is sent.
    with mock.patch("guides.services.accounts.account.send_email_check", side_effect=DOWN):
        response = browser.post("/accounts/signup/", form)
    assert response.status_code == 503 and "back in a moment" in text_of(response)
    assert "csrftoken" not in response.cookies and "sessionid" not in response.cookies
    assert not User.objects.exists()
    assert Session.objects.filter(session_key=session_key).exists()

    again = browser.post("/accounts/signup/", form)
    assert again.status_code == 302 and again["Location"] == "/accounts/signup/sent/"
    assert not User.objects.get(email="ana@example.org").email_verified
    result.refresh_from_db()
    assert result.session_key == session_key  # claimed at the first log-in, not before


def test_a_log_in_cut_off_before_the_claim_keeps_the_anonymous_session(browser, content, alice):
    result = answer_anonymously(browser)
    session_key = browser.cookies["sessionid"].value
    page = browser.get("/accounts/login/").content.decode()
    form = {"csrfmiddlewaretoken": token(page), "username": alice.email, "password": PASSWORD}
    with mock.patch("guides.views.accounts.claim_anonymous_data", side_effect=DOWN):
        assert browser.post("/accounts/login/", form).status_code == 503
    assert Session.objects.filter(session_key=session_key).exists()
    assert browser.post("/accounts/login/", form).status_code == 302
    result.refresh_from_db()
    assert result.user == alice
