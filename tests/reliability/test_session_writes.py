"""The session is written where the view commits, not again afterwards: a write after the commit
could fail alone, and the person would be told nothing was saved when it was."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guides.models import ChecklistResult, ContactKind, Session, Statement, User
from tests.base import PASSWORD

pytestmark = pytest.mark.django_db


class SessionWrites(CaptureQueriesContext):
    """The INSERTs and UPDATEs of sessions run so far."""

    def __call__(self) -> list[str]:
        return [
            query["sql"].split()[0]
            for query in self.captured_queries
            if '"guides_session"' in query["sql"] and query["sql"].startswith(("INSERT", "UPDATE"))
        ]


@pytest.fixture
def session_writes():
    with SessionWrites(connection) as writes:
        yield writes


def test_the_first_answers_write_the_new_session_once(client, content, session_writes):
    statement = Statement.objects.active().first()
    response = client.post("/checklist/", {"statements": statement.pk})
    assert response.status_code == 302
    assert session_writes() == ["INSERT"]
    key = response.cookies["sessionid"].value
    assert ChecklistResult.objects.get().session_key == key
    assert Session.objects.filter(session_key=key).exists()


def test_a_changed_session_is_still_written_after_the_view(client, content, session_writes):
    client.post("/checklist/", {"statements": Statement.objects.active().first().pk})
    response = client.post("/plan/new/who/", {"contact_kind": ContactKind.objects.first().pk})
    assert response.status_code == 302
    assert session_writes() == ["INSERT", "UPDATE"]
    assert "plan_draft" in client.session


def test_signing_up_writes_no_session(client, content, session_writes):
    # Signing up logs nobody in (the address is confirmed first), so it makes no session row.
    response = client.post(
        "/accounts/signup/",
        {"email": "ana@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert session_writes() == []
    assert "sessionid" not in response.cookies
    assert User.objects.filter(email="ana@example.org").exists()
