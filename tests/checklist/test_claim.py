"""Claiming what a person saved anonymously when they sign in, through Django's own auth."""

import pytest
from django.contrib.auth import login
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory

from guides.models import ChecklistResult, ReadingProgress, Section, Statement
from guides.services.accounts.account import claim_anonymous_data

pytestmark = pytest.mark.django_db


def test_logging_in_claims_the_sessions_results_and_reading(client, content, alice, bob):
    client.post("/checklist/", {"statements": [Statement.objects.get(key="keep-wondering").pk]})
    client.get("/guide/introduction/")
    session_key = client.session.session_key
    other = ChecklistResult.objects.create(session_key="someone-elses-session")

    request = RequestFactory().get("/")
    SessionMiddleware(lambda r: None).process_request(request)
    request.session = client.session
    login(request, alice)  # Django cycles the session key at log-in
    assert request.session.session_key != session_key

    intro = Section.objects.get(slug="introduction")
    report = claim_anonymous_data(user=alice, session_key=session_key, read_ids={intro.pk})

    assert report.results == 1
    claimed = ChecklistResult.objects.get(user=alice)
    assert claimed.session_key is None
    assert ReadingProgress.objects.filter(user=alice, section=intro).exists()
    other.refresh_from_db()
    assert other.user is None  # another session's result is untouched
    assert not ChecklistResult.objects.filter(user=bob).exists()


def test_claiming_twice_changes_nothing_more(content, alice):
    ChecklistResult.objects.create(session_key="abc")
    first = claim_anonymous_data(user=alice, session_key="abc", read_ids=set())
    second = claim_anonymous_data(user=alice, session_key="abc", read_ids=set())
    assert (first.results, second.results) == (1, 0)


def test_claiming_ignores_unknown_sections(content, alice):
    claim_anonymous_data(user=alice, session_key=None, read_ids={987654})
    assert ReadingProgress.objects.count() == 0
