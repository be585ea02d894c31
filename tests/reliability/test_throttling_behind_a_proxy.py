"""Behind the TLS proxy, log-in failures are counted for each person's own address.

gunicorn with production settings and TRUSTED_PROXY_COUNT=1, sent requests as the proxy sends
them: REMOTE_ADDR is the proxy's (127.0.0.1) for everyone, and X-Forwarded-For ends with the
address the proxy saw.
"""

import pytest
from django.core.cache import cache

from tests.base import PASSWORD, make_person
from tests.reliability.test_login_throttling_across_workers import LOCKED, WRONG
from tests.servers import Browser, production_server

ANA, BEN = "203.0.113.5", "198.51.100.7"


@pytest.fixture
def behind_one_proxy(db):
    cache.clear()  # a transactional test's cache rows are not rolled back
    with production_server(TRUSTED_PROXY_COUNT="1") as server:
        yield server
    cache.clear()


def log_in(server, email: str, password: str, forwarded_for: str) -> str:
    """A log-in through the proxy, from the address at the end of X-Forwarded-For."""
    browser = Browser(headers={"X-Forwarded-For": forwarded_for})
    form = {"username": email, "password": password}
    status, _, text = browser.request(server.url, "GET", "/accounts/login/")
    location, text = browser.submit(server.url, "/accounts/login/", form, page=text, expect=None)
    return "logged in" if location else text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_behind_the_proxy_do_not_lock_each_other_out(behind_one_proxy):
    make_person("ana@example.org")
    make_person("ben@example.org")
    for n in range(5):  # Ana fails with five different accounts' names
        assert WRONG in log_in(behind_one_proxy, f"nobody{n}@example.org", "wrong", ANA)
    # The sixth is refused, even with the right password; Ben, behind the same proxy, is not.
    assert LOCKED in log_in(behind_one_proxy, "ana@example.org", PASSWORD, ANA)
    assert log_in(behind_one_proxy, "ben@example.org", PASSWORD, BEN) == "logged in"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_forged_header_changes_nothing(behind_one_proxy):
    make_person("ben@example.org")
    for n in range(5):
        # Each time Ana claims to come from somewhere else; the proxy appends where she is.
        forged = f"10.9.8.{n}, {ANA}"
        assert WRONG in log_in(behind_one_proxy, f"nobody{n}@example.org", "wrong", forged)
    assert LOCKED in log_in(behind_one_proxy, "anyone@example.org", "wrong", f"1.1.1.1, {ANA}")
    assert log_in(behind_one_proxy, "ben@example.org", PASSWORD, BEN) == "logged in"
