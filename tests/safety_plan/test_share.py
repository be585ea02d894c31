"""The read-only link for one person the owner trusts: the plan and nothing else, switched off
at once, and never sent by e-mail."""

import pytest
from django.core import mail
from django.test import Client

from guides.models import SafetyPlanShare
from tests.base import text_of

from .helpers import make_safety_plan

pytestmark = pytest.mark.django_db


def _link(client) -> str:
    client.post("/safety-plan/share/")
    return SafetyPlanShare.objects.get(revoked_at__isnull=True).get_absolute_url()


def test_the_link_shows_the_plan_read_only(client, content, alice):
    client.force_login(alice)
    make_safety_plan(client)
    page = Client().get(_link(client))
    assert page.status_code == 200
    html, text = page.content.decode(), text_of(page)
    assert "My dog Luna." in text and "My sister Ana" in text
    assert "/safety-plan/warning-signs/" not in html  # no way to change it
    assert "Change" not in text
    assert alice.email not in text
    assert "Delete" not in text and "Keep it on this phone" not in text
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert not mail.outbox


def test_switching_the_link_off_stops_it_at_once(client, content):
    make_safety_plan(client)
    url = _link(client)
    assert Client().get(url).status_code == 200
    response = client.post("/safety-plan/share/revoke/")
    assert response.status_code == 302
    assert Client().get(url).status_code == 404


def test_a_new_link_switches_the_old_one_off(client, content):
    make_safety_plan(client)
    first = _link(client)
    second = _link(client)
    assert first != second
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200


def test_a_malformed_token_is_a_404_without_a_query(client, content, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/safety-plan/s/not%00a-token/").status_code == 404


def test_a_deleted_plans_link_is_a_404(client, content):
    make_safety_plan(client)
    url = _link(client)
    client.post("/safety-plan/delete/")
    assert Client().get(url).status_code == 404


def test_the_share_page_needs_a_plan(client, content):
    assert client.get("/safety-plan/share/").status_code == 404
    make_safety_plan(client)
    assert "Make a link" in text_of(client.get("/safety-plan/share/"))
