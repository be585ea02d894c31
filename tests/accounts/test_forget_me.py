""" "Forget me on this device": after one confirmation, the answers and plans saved from this
device without an account are deleted at once, and the session ends. Nobody else's data."""

import pytest
from django.test import Client

from guides.models import ChecklistResult, Plan, SafetyPlan, Session, Statement
from guides.services.guide.reading import READ_COOKIE
from tests.base import make_plan, text_of

pytestmark = pytest.mark.django_db


def with_saved_answers(client) -> str:
    """A person with no account who answered the checklist and saved a plan; their session."""
    statement = Statement.objects.get(key="lasted-two-weeks")
    client.post("/checklist/", {"statements": [statement.pk]})
    session_key = client.session.session_key
    make_plan(session_key=session_key)
    SafetyPlan.objects.create(session_key=session_key)
    return session_key


def test_the_confirmation_page_says_what_it_deletes_and_deletes_nothing(client, content):
    session_key = with_saved_answers(client)
    response = client.get("/forget-me/")
    assert response.status_code == 200
    text = text_of(response)
    assert "This deletes the checklist answers, plans and safety plan saved from this" in text
    html = response.content.decode()
    assert 'method="post" action="/forget-me/"' in html and "csrfmiddlewaretoken" in html
    assert Plan.objects.filter(session_key=session_key).exists()
    assert ChecklistResult.objects.filter(session_key=session_key).exists()


def test_forgetting_deletes_this_devices_answers_and_plans_at_once(client, content, alice):
    mine = with_saved_answers(client)
    someone_else = Client()
    theirs = with_saved_answers(someone_else)
    alices_plan = make_plan(user=alice)
    client.cookies[READ_COOKIE] = "1.2"
    client.cookies["region"] = "UK"

    response = client.post("/forget-me/")

    assert response.status_code == 302 and response["Location"] == "/forget-me/done/"
    assert not Plan.objects.filter(session_key=mine).exists()
    assert not ChecklistResult.objects.filter(session_key=mine).exists()
    assert not SafetyPlan.objects.filter(session_key=mine).exists()
    assert not Session.objects.filter(session_key=mine).exists()
    # Another person's, and an account's, are untouched.
    assert Plan.objects.filter(session_key=theirs).count() == 1
    assert ChecklistResult.objects.filter(session_key=theirs).count() == 1
    assert SafetyPlan.objects.filter(session_key=theirs).count() == 1
    assert Plan.objects.filter(pk=alices_plan.pk).exists()
    assert Session.objects.filter(session_key=theirs).exists()
    # The browser forgets the site's cookies and its HTTP cache of it.
    for name in ("sessionid", READ_COOKIE, "region", "zone_region"):
        assert response.cookies[name].value == "", name
        assert response.cookies[name]["max-age"] == 0, name
    assert response["Clear-Site-Data"] == '"cache"'
    done = client.get(response["Location"])
    assert "This device has forgotten your visit" in text_of(done)
    assert client.get("/checklist/history/").status_code == 200
    assert "sessionid" not in client.cookies or not client.cookies["sessionid"].value


def test_someone_logged_in_is_logged_out_and_their_account_keeps_its_data(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice)
    text = text_of(client.get("/forget-me/"))
    assert "Your account keeps your answers and plans" in text
    response = client.post("/forget-me/")
    assert response.status_code == 302
    assert Plan.objects.filter(pk=plan.pk).exists()
    assert not Session.objects.exists()
    assert client.get(f"/plan/{plan.pk}/").status_code == 404  # logged out


def test_it_needs_the_forms_csrf_token(content):
    client = Client(enforce_csrf_checks=True)
    session_key = with_saved_answers(client)
    response = client.post("/forget-me/")
    assert response.status_code == 403
    assert Plan.objects.filter(session_key=session_key).exists()


def test_someone_with_nothing_saved_can_press_it_too(client, content):
    response = client.post("/forget-me/")
    assert response.status_code == 302
    assert not Session.objects.exists()


def test_it_refuses_other_methods(client, content):
    assert client.put("/forget-me/").status_code == 405
    assert client.post("/forget-me/done/").status_code == 405


def test_help_now_and_the_privacy_page_link_to_it_in_both_languages(client, content):
    for url in ("/help-now/", "/privacy/"):
        assert 'href="/forget-me/"' in client.get(url).content.decode(), url
    for url in ("/es/help-now/", "/es/privacy/"):
        assert 'href="/es/forget-me/"' in client.get(url).content.decode(), url
    assert "Olvidarme en este dispositivo" in text_of(client.get("/es/forget-me/"))
