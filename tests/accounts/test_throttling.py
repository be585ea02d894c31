"""Log-in throttling: 5 failures in 15 minutes, per account and per address, shared by workers."""

import pytest

from tests.base import PASSWORD, make_person, text_of

pytestmark = pytest.mark.django_db

LOCKED = "Too many tries."


def log_in(client, email, password, address="203.0.113.7"):
    return client.post(
        "/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=address
    )


def test_the_sixth_try_on_an_account_is_refused_even_with_the_right_password(client, alice):
    for _ in range(5):
        assert LOCKED not in text_of(log_in(client, alice.email, "wrong password"))
    response = log_in(client, alice.email, PASSWORD, address="198.51.100.2")
    assert response.status_code == 200 and LOCKED in text_of(response)
    assert "_auth_user_id" not in client.session


def test_the_sixth_failure_from_one_address_is_refused_whatever_the_account(client, db):
    people = [make_person(f"p{n}@example.org") for n in range(6)]
    for person in people[:5]:
        log_in(client, person.email, "wrong password")
    assert LOCKED in text_of(log_in(client, people[5].email, PASSWORD))


def test_a_locked_out_unknown_account_looks_the_same_as_a_real_one(client, alice):
    for email in (alice.email, "nobody@example.org"):
        for _ in range(5):
            log_in(client, email, "wrong password", address=f"192.0.2.{len(email)}")
    real = text_of(log_in(client, alice.email, "x", address="192.0.2.200"))
    fake = text_of(log_in(client, "nobody@example.org", "x", address="192.0.2.201"))
    assert LOCKED in real and LOCKED in fake


def test_a_success_clears_the_accounts_count(client, alice):
    for _ in range(4):
        log_in(client, alice.email, "wrong password")
    assert log_in(client, alice.email, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        log_in(client, alice.email, "wrong password", address="192.0.2.50")
    assert log_in(client, alice.email, PASSWORD, address="192.0.2.51").status_code == 302


def test_the_counts_live_in_the_shared_cache(settings):
    assert settings.CACHES["default"]["BACKEND"] in (
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    )


@pytest.mark.parametrize(
    ("count", "forwarded_for", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.1"),  # no proxy: a client's header is never read
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # what the client wrote is to the left
        (2, "1.2.3.4, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (1, "", "10.0.0.1"),
        (1, "1.2.3.4, not-an-address", "10.0.0.1"),
        (2, "203.0.113.5", "10.0.0.1"),  # fewer hops than proxies: not as the proxies write it
        (1, "2001:db8::5", "2001:db8::5"),
    ],
)
def test_the_client_is_counted_that_many_hops_from_the_right(
    settings, count, forwarded_for, expected
):
    from django.test import RequestFactory

    from guides.helpers.throttle import client_address

    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_address(request) == expected
