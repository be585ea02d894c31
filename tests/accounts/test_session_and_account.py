"""A signed-in request finds its session and its account in one query (guides.sessions), and
ending a session still takes effect on the very next request."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from guides.models import Statement
from guides.models.accounts import Session, User
from tests.base import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in(person) -> Client:
    client = Client()
    assert client.login(email=person.email, password=PASSWORD)
    return client


def is_signed_in(client: Client) -> bool:
    response = client.get("/plan/")
    assert response.status_code == 200
    return response.context["user"].is_authenticated


def test_the_session_and_the_account_are_one_query(content, alice, check_every_minute):
    client = signed_in(alice)
    client.get("/plan/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/plan/")
    assert response.wsgi_request.user == alice  # the page itself is kept: no template context
    reads_of_the_account = [q["sql"] for q in queries if '"guides_user"' in q["sql"]]
    [query] = reads_of_the_account
    assert '"guides_session"' in query  # the account came with the session


def test_a_deleted_session_is_signed_out_on_the_next_request(content, alice):
    client = signed_in(alice)
    assert is_signed_in(client)
    Session.objects.filter(user=alice).delete()  # signed out everywhere, or purged
    assert not is_signed_in(client)


def test_a_password_changed_elsewhere_signs_the_old_session_out(content, alice):
    client = signed_in(alice)
    assert is_signed_in(client)
    alice.set_password("another long and memorable passphrase")
    alice.save()
    assert not is_signed_in(client)
    assert not Session.objects.filter(session_key=client.cookies["sessionid"].value).exists()


def test_a_deactivated_account_is_nobody(content, alice):
    client = signed_in(alice)
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert not is_signed_in(client)


def test_an_anonymous_session_has_no_account(content):
    client = Client()
    tick = Statement.objects.active().filter(is_crisis=False).first()
    assert client.post("/checklist/", {"statements": [tick.pk]}).status_code == 302
    assert Session.objects.filter(user=None).exists()
    assert not is_signed_in(client)
