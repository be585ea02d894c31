"""Every URL that takes an id, uuid or token: another person and an anonymous person get a 404."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from guides.models import ChecklistResult, SafetyPlan, SafetyPlanShare, ShareLink
from tests.base import make_plan

pytestmark = pytest.mark.django_db

# Django's own password-reset links and the admin are tested in their own modules; the e-mail
# check link is signed, so there is no object to guess.
NOT_OWNED = re.compile(r"^(admin/|accounts/reset/|accounts/verify/)")


def routes_with_identifiers(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes_with_identifiers(pattern.url_patterns, route)
        elif (
            isinstance(pattern, URLPattern)
            and re.search(r"<(uuid|int|str|slug):\w*(id|token)>", route)
            and not NOT_OWNED.match(route)
        ):
            yield route


@pytest.fixture
def owned(content, alice):
    """One of each per-person object, all Alice's."""
    plan = make_plan(user=alice)
    link = ShareLink.objects.create(plan=plan, display_name="Alice")
    link_revoked = ShareLink.objects.create(
        plan=plan, display_name="Old", revoked_at=plan.created_at
    )
    safety_plan = SafetyPlan.objects.create(user=alice, matters_most="Luna.")
    revoked_share = SafetyPlanShare.objects.create(plan=safety_plan, revoked_at=plan.created_at)
    return {
        "share_token": revoked_share.token,
        "plan_id": plan.pk,
        "result_id": ChecklistResult.objects.create(user=alice).pk,
        "token": link_revoked.token,
        "live_token": link.token,
    }


def fill(route: str, values: dict) -> str:
    return "/" + re.sub(r"<\w+:(\w+)>", lambda m: str(values[m.group(1)]), route)


def test_the_sweep_knows_every_route_that_takes_an_identifier():
    assert sorted(routes_with_identifiers()) == sorted(
        [
            "checklist/results/<uuid:result_id>/",
            "checklist/results/<uuid:result_id>/delete/",
            "plan/<uuid:plan_id>/",
            "plan/<uuid:plan_id>/edit/",
            "plan/<uuid:plan_id>/done/",
            "plan/<uuid:plan_id>/done-not-well/",
            "plan/<uuid:plan_id>/not-yet/",
            "plan/<uuid:plan_id>/backup/",
            "plan/<uuid:plan_id>/cancel/",
            "plan/<uuid:plan_id>/delete/",
            "plan/<uuid:plan_id>/calendar.ics",
            "plan/<uuid:plan_id>/share/",
            "plan/<uuid:plan_id>/share/revoke/",
            "s/<str:token>/",
            "safety-plan/s/<str:share_token>/",
        ]
    )


@pytest.mark.parametrize("route", sorted(routes_with_identifiers()))
def test_another_person_and_an_anonymous_person_get_a_404(owned, alice, bob, route):
    url = fill(route, owned)
    stranger = Client()
    stranger.force_login(bob)
    for client in (stranger, Client()):
        statuses = {method: getattr(client, method)(url).status_code for method in ("get", "post")}
        # A method the view does not take is a 405 whether or not the object exists, which
        # tells nothing; every method it does take is a 404.
        assert set(statuses.values()) <= {404, 405}, f"{url}: {statuses}"
        assert 404 in statuses.values(), f"{url}: {statuses}"


def test_the_owner_can_open_them(owned, alice):
    client = Client()
    client.force_login(alice)
    for route in ("plan/<uuid:plan_id>/", "checklist/results/<uuid:result_id>/"):
        assert client.get(fill(route, owned)).status_code == 200


def test_a_live_share_link_opens_for_anyone_with_it_and_a_guessed_one_does_not(owned):
    token = owned["live_token"]
    assert Client().get(f"/s/{token}/").status_code == 200
    # One character off. Not always "x": a token that ends in "x" (1 in 62) was "guessed" right.
    guessed = token[:-1] + ("y" if token.endswith("x") else "x")
    assert Client().get(f"/s/{guessed}/").status_code == 404
