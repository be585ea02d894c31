"""The kept pages' CSRF tokens (guides.helpers.csrf_tokens): Django's token, drawn with one read
of the random source."""

import re
from collections import Counter

import pytest
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CSRF_TOKEN_LENGTH,
    CsrfViewMiddleware,
)
from django.test import Client, RequestFactory

from guides.helpers.csrf_tokens import csrf_token, random_characters


def test_each_character_is_as_likely_as_any_other():
    drawn = Counter(random_characters(62 * 400))
    assert set(drawn) == set(CSRF_ALLOWED_CHARS)
    # 400 each on average; 250 and 550 are more than seven standard deviations away.
    assert min(drawn.values()) > 250 and max(drawn.values()) < 550
    assert len({random_characters(CSRF_SECRET_LENGTH) for _ in range(100)}) == 100


def checked(request, token: str):
    """What CsrfViewMiddleware says of a POST of `token` with the request's cookie."""
    middleware = CsrfViewMiddleware(lambda request: None)
    post = RequestFactory().post("/", {"csrfmiddlewaretoken": token})
    post.COOKIES["csrftoken"] = request.META["CSRF_COOKIE"]
    middleware.process_request(post)
    return middleware.process_view(post, lambda request: None, (), {})


def test_a_new_reader_gets_a_secret_for_their_cookie_and_a_token_django_accepts():
    request = RequestFactory().get("/")
    token = csrf_token(request)
    assert len(token) == CSRF_TOKEN_LENGTH and set(token) <= set(CSRF_ALLOWED_CHARS)
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == CSRF_SECRET_LENGTH and request.META["CSRF_COOKIE_NEEDS_UPDATE"]
    assert checked(request, token) is None  # accepted
    again = csrf_token(request)
    assert again != token and request.META["CSRF_COOKIE"] == secret  # masked afresh
    assert checked(request, again) is None
    other = RequestFactory().get("/")
    csrf_token(other)
    assert checked(other, token).status_code == 403  # not another reader's


@pytest.mark.django_db
def test_the_kept_checklist_sets_the_cookie_its_token_needs(content, check_every_minute):
    reader = Client(enforce_csrf_checks=True)
    page = reader.get("/checklist/")
    assert len(page.cookies["csrftoken"].value) == CSRF_SECRET_LENGTH
    assert "Cookie" in page["Vary"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    sent = reader.post("/checklist/", {"csrfmiddlewaretoken": token, "statements": []})
    assert sent.status_code != 403
