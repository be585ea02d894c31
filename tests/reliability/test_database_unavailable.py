"""A database that cannot be reached is the friendly 503 page wherever the error is raised: in a
view, in loading or saving the session, or in middleware. Never a traceback or a 500."""

from unittest import mock

import pytest
from django.db import DatabaseError, InterfaceError, OperationalError
from django.test import Client

from guides.models import ContactKind, Session, Statement
from guides.sessions import SessionStore
from tests.base import text_of

pytestmark = pytest.mark.django_db

DOWN = OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")
FRIENDLY = "We’ll be back in a moment"


@pytest.fixture
def browser():
    # As a browser sees it: the response, not the exception the test client would re-raise.
    return Client(raise_request_exception=False)


def assert_friendly_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    text = text_of(response)
    assert FRIENDLY in text and "988" in text
    assert "Traceback" not in response.content.decode()


def anonymous_session(browser) -> None:
    session = SessionStore()
    session["anonymous"] = True
    session.create()
    browser.cookies["sessionid"] = session.session_key


def test_a_view_that_cannot_reach_the_database_is_a_503(browser, content):
    with mock.patch.object(Statement.objects, "active", side_effect=DOWN):
        assert_friendly_503(browser.get("/checklist/"))


def test_loading_the_session_is_a_503(browser, content):
    anonymous_session(browser)
    with mock.patch.object(SessionStore, "load", side_effect=DOWN):
        assert_friendly_503(browser.get("/checklist/history/"))


def test_saving_the_session_after_the_view_is_a_503_not_a_500(browser, content):
    anonymous_session(browser)
    kind = ContactKind.objects.first()
    # The view keeps the step in the session; SessionMiddleware saves it after the view returned.
    with mock.patch.object(SessionStore, "save", side_effect=DOWN) as save:
        response = browser.post("/plan/new/who/", {"contact_kind": kind.pk})
    assert save.called
    assert_friendly_503(response)


def test_an_update_of_the_session_that_cannot_reach_the_database_is_a_503_not_a_400(
    browser, content
):
    # Django's SessionStore takes any database error in an update for a deleted session (400).
    anonymous_session(browser)
    kind = ContactKind.objects.first()
    with mock.patch.object(Session, "save", side_effect=DOWN) as save:
        response = browser.post("/plan/new/who/", {"contact_kind": kind.pk})
    assert save.called
    assert_friendly_503(response)


def test_a_session_that_was_really_deleted_is_still_a_400(browser, content):
    anonymous_session(browser)
    kind = ContactKind.objects.first()
    deleted = DatabaseError("Forced update did not affect any rows.")
    with mock.patch.object(Session, "save", side_effect=deleted):
        response = browser.post("/plan/new/who/", {"contact_kind": kind.pk})
    assert response.status_code == 400


def test_a_closed_connection_in_middleware_is_a_503(browser, content):
    def closed(self, request, response):
        raise InterfaceError("connection already closed")

    with mock.patch(
        "django.contrib.sessions.middleware.SessionMiddleware.process_response", closed
    ):
        assert_friendly_503(browser.get("/about/"))


def test_healthz_does_not_touch_the_database_and_readyz_says_it_is_down(browser):
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=DOWN):
        assert browser.get("/healthz").status_code == 200
        assert browser.get("/readyz").status_code == 503


def test_other_errors_are_still_a_500(browser, content):
    with mock.patch.object(Statement.objects, "active", side_effect=ValueError("a bug")):
        response = browser.get("/checklist/")
    assert response.status_code == 500
    assert FRIENDLY not in text_of(response)
