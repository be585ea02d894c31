"""A plan saved while the session could not be: the next plan's answers are not lost on it."""

import pytest

from guides.models import Plan
from tests.planner.test_wizard import draft_id, save, step_data, walk

pytestmark = pytest.mark.django_db


def keep_draft_as_if_the_session_save_failed(client, draft) -> None:
    """The plan was committed, then the database went away before the session lost its draft."""
    session = client.session
    session["plan_draft"] = draft
    session.save()


def test_a_retried_save_gives_the_same_plan(client, content):
    walk(client)
    draft = client.session["plan_draft"]
    first = save(client)
    keep_draft_as_if_the_session_save_failed(client, draft)
    again = save(client)
    assert again["Location"] == first["Location"]
    assert Plan.objects.count() == 1


def test_new_answers_on_a_draft_that_was_saved_make_a_new_plan(client, content):
    walk(client)
    draft = client.session["plan_draft"]
    save(client)
    keep_draft_as_if_the_session_save_failed(client, draft)
    data = step_data()
    data["who"]["contact_name"] = "my sister Ana"
    walk(client, data)
    assert draft_id(client) != draft["id"]
    response = save(client)
    newer = Plan.objects.exclude(pk=draft["id"]).get()
    assert response["Location"] == f"/plan/{newer.pk}/"
    assert newer.contact_name == "my sister Ana"
    assert Plan.objects.get(pk=draft["id"]).contact_name == "Dr Lee's office"
