"""The empty checklist, rendered once and kept in the process, with each reader's own CSRF token."""

import gzip
import re

import pytest
from django.test import Client

from guides.content_cache import CSRF_TOKEN_PLACEHOLDER
from guides.content_version import content_changed
from guides.models import ChecklistResult, Statement

pytestmark = pytest.mark.django_db


def token_in(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


def first_statement_id() -> int:
    return Statement.objects.active().filter(is_crisis=False).values_list("pk", flat=True)[0]


def test_two_readers_get_one_rendering_each_with_a_token_that_works_for_them(
    content, check_every_minute, renders, django_assert_num_queries
):
    alex, sam = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first = alex.get("/checklist/").content.decode()
    with django_assert_num_queries(0):
        second = sam.get("/checklist/").content.decode()
    assert renders.call_count == 1
    assert CSRF_TOKEN_PLACEHOLDER not in first + second
    alex_token, sam_token = token_in(first), token_in(second)
    assert alex_token != sam_token
    # The htmx header on the crisis checkboxes carries the same reader's token.
    assert f'"X-CSRFToken": "{alex_token}"' in first
    for reader, token in [(alex, alex_token), (sam, sam_token)]:
        response = reader.post(
            "/checklist/", {"csrfmiddlewaretoken": token, "statements": [first_statement_id()]}
        )
        assert response.status_code == 302
    assert ChecklistResult.objects.count() == 2


def test_one_readers_token_does_not_work_for_another(content, check_every_minute):
    alex, sam = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    alex_token = token_in(alex.get("/checklist/").content.decode())
    sam.get("/checklist/")
    response = sam.post(
        "/checklist/", {"csrfmiddlewaretoken": alex_token, "statements": [first_statement_id()]}
    )
    assert response.status_code == 403
    assert not ChecklistResult.objects.exists()


def test_a_reader_with_saved_answers_gets_a_page_of_their_own(content, renders):
    reader = Client()
    reader.post("/checklist/", {"statements": [first_statement_id()]})  # starts a session
    reader.get("/checklist/")
    reader.get("/checklist/")
    Client().get("/checklist/")
    assert renders.call_count == 3  # twice for the reader, once for everyone else


def test_a_form_sent_back_with_an_error_is_never_kept(content, renders):
    reader = Client()
    response = reader.post("/checklist/", {"statements": ["999999"]})
    assert response.status_code == 200 and "have changed since the page was loaded" in (
        response.content.decode()
    )
    assert "have changed" not in Client().get("/checklist/").content.decode()
    assert renders.call_count == 2


def test_staff_changing_a_statement_shows_at_once(content, check_every_minute):
    Client().get("/checklist/")
    Statement.objects.filter(pk=first_statement_id()).update(text="A new way of saying it.")
    content_changed()  # what the admin does on every save
    assert "A new way of saying it." in Client().get("/checklist/").content.decode()


def test_a_reader_who_accepts_gzip_gets_the_kept_page_compressed_with_their_own_token(
    content, check_every_minute, renders
):
    plain = Client().get("/checklist/").content.decode()
    alex, sam = (
        Client(enforce_csrf_checks=True, headers={"Accept-Encoding": "gzip, br"})
        for _reader in range(2)
    )
    pages = {}
    for name, reader in [("alex", alex), ("sam", sam)]:
        response = reader.get("/checklist/")
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        pages[name] = gzip.decompress(response.content).decode()  # its checksum checked too
        # The same page as an uncompressed reader's, but for the token.
        assert pages[name].replace(token_in(pages[name]), "") == plain.replace(token_in(plain), "")
    assert renders.call_count == 1
    assert token_in(pages["alex"]) != token_in(pages["sam"])
    response = alex.post(
        "/checklist/",
        {"csrfmiddlewaretoken": token_in(pages["alex"]), "statements": [first_statement_id()]},
    )
    assert response.status_code == 302
