"""The read-only share link for a support person."""

import pytest
from django.test import Client

from guides.models import Barrier, PlanBarrier, ShareLink
from tests.base import make_plan, text_of

pytestmark = pytest.mark.django_db


def test_the_owner_makes_a_link_that_shows_only_name_date_and_status(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice, partner_name="Sam", backup_name="Samaritans")
    PlanBarrier.objects.create(plan=plan, barrier=Barrier.objects.first(), note="my secret note")
    response = client.post(f"/plan/{plan.pk}/share/", {"display_name": "Ana"})
    assert response.status_code == 302
    link = ShareLink.objects.get()
    page = Client().get(f"/s/{link.token}/")
    text = text_of(page)
    assert page.status_code == 200
    assert f"Ana plans to reach out by {plan.due_date:%A} {plan.due_date.day}" in text
    assert "Still planned." in text
    for private in ("Dr Lee", "020 7946", "struggling", "my secret note", "Samaritans",
                    Barrier.objects.first().name, "alice@example.org"):  # fmt: skip
        assert private not in text
    assert page["X-Robots-Tag"] == "noindex, nofollow"


def test_when_it_went_badly_the_link_asks_for_a_check_in_and_never_shows_the_note(
    client, content, alice
):
    client.force_login(alice)
    plan = make_plan(user=alice)
    client.post(f"/plan/{plan.pk}/share/", {"display_name": "Ana"})
    client.post(f"/plan/{plan.pk}/done-not-well/", {"outcome_note": "they laughed at me"})
    plan.refresh_from_db()
    assert plan.status == "done_not_well" and plan.outcome_note == "they laughed at me"
    text = text_of(Client().get(f"/s/{ShareLink.objects.get().token}/"))
    assert "it didn’t go as they hoped" in text
    assert "Now is a good time to check in with them." in text
    assert "They did it." not in text
    assert "they laughed at me" not in text


def test_when_it_went_well_the_link_says_so(client, content, alice):
    plan = make_plan(user=alice, status="done", outcome_note="it was fine")
    link = ShareLink.objects.create(plan=plan, display_name="Ana")
    text = text_of(Client().get(f"/s/{link.token}/"))
    assert "They did it." in text and "didn’t go as they hoped" not in text
    assert "it was fine" not in text


def test_the_token_is_long_and_random(content, alice):
    plan = make_plan(user=alice)
    tokens = {ShareLink.objects.create(plan=plan, display_name="A").token for _ in range(20)}
    assert len(tokens) == 20
    assert all(len(token) >= 32 for token in tokens)  # 24 random bytes = 192 bits


def test_a_revoked_link_is_a_404(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice)
    client.post(f"/plan/{plan.pk}/share/", {"display_name": "Ana"})
    token = ShareLink.objects.get().token
    client.post(f"/plan/{plan.pk}/share/revoke/")
    assert Client().get(f"/s/{token}/").status_code == 404


def test_a_new_link_switches_the_old_one_off(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice)
    client.post(f"/plan/{plan.pk}/share/", {"display_name": "Ana"})
    old = ShareLink.objects.get().token
    client.post(f"/plan/{plan.pk}/share/", {"display_name": "Ana"})
    assert Client().get(f"/s/{old}/").status_code == 404
    assert ShareLink.objects.filter(revoked_at__isnull=True).count() == 1


def test_an_unknown_token_is_a_404(client, content):
    assert client.get("/s/not-a-real-token/").status_code == 404


def test_making_a_link_with_htmx_returns_the_panel_only(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice)
    response = client.post(
        f"/plan/{plan.pk}/share/", {"display_name": "Ana"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="share-panel"') and "<html" not in html
    assert ShareLink.objects.get().token in html
    full = client.get(f"/plan/{plan.pk}/share/").content.decode()
    assert "<html" in full and 'id="share-panel"' in full


def test_a_blank_name_is_an_error(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice)
    response = client.post(f"/plan/{plan.pk}/share/", {"display_name": ""})
    assert "Enter the name your support person will see." in text_of(response)
    assert not ShareLink.objects.exists()
