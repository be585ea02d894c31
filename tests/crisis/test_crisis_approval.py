"""Two people for a crisis line: a new number reaches readers only once someone else approves."""

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from guides.models import CrisisResource, ProposedChange
from tests.base import text_of, words_in_every_language

pytestmark = pytest.mark.django_db


def line_form(line: CrisisResource, **changes) -> dict:
    fields = {
        "region": line.region_id,
        **words_in_every_language(line, ("name", "description", "hours"), changes),
        "phone": line.phone,
        "text_number": line.text_number,
        "text_keyword": line.text_keyword,
        "web_url": line.web_url,
        "email": line.email,
        "audience": line.audience,
        "last_checked": line.last_checked.isoformat(),
        "source_url": line.source_url,
        "order": line.order,
        "change_reason": "Checked on the service's own page.",
    }
    if line.is_emergency:
        fields["is_emergency"] = "on"
    if line.web_is_chat:
        fields["web_is_chat"] = "on"
    return {**fields, **changes}


def propose(client, line, **changes):
    return client.post(
        reverse("admin:guides_crisisresource_change", args=[line.pk]), line_form(line, **changes)
    )


@pytest.fixture
def lifeline(content):
    return CrisisResource.objects.get(region__code="US", name="988 Suicide & Crisis Lifeline")


def test_a_new_number_waits_and_readers_still_see_the_old_one(client, lifeline, editor):
    client.force_login(editor)
    response = propose(client, lifeline, phone="9888", description="Now with more words.")
    assert response.status_code == 302
    lifeline.refresh_from_db()
    assert lifeline.phone == "988"  # the number waits
    assert lifeline.description == "Now with more words."  # the rest is saved at once
    proposal = ProposedChange.objects.get()
    assert proposal.details == {"phone": "9888"} and proposal.proposed_by == editor
    text = text_of(Client().get("/help-now/?region=US"))
    assert "Call 988" in text and "9888" not in text
    history = Version.objects.get_for_object(lifeline).first()
    assert "Proposed" in history.revision.comment and history.revision.user == editor


def test_the_proposer_cannot_approve_their_own_change(client, lifeline, approver):
    client.force_login(approver)
    propose(client, lifeline, phone="9888")
    proposal = ProposedChange.objects.get()
    page = client.get(reverse("admin:guides_proposedchange_change", args=[proposal.pk]))
    assert "Approve" not in page.content.decode()
    response = client.post(
        reverse("admin:guides_proposedchange_decide", args=[proposal.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    lifeline.refresh_from_db()
    assert lifeline.phone == "988"


def test_an_editor_without_the_permission_cannot_approve(client, lifeline, editor, approver):
    client.force_login(approver)
    propose(client, lifeline, phone="9888")
    client.force_login(editor)
    decide = reverse("admin:guides_proposedchange_decide", args=[ProposedChange.objects.get().pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 403


def test_another_person_approves_and_readers_see_it_at_once(
    client, lifeline, editor, approver, check_every_minute
):
    client.force_login(editor)
    propose(client, lifeline, phone="9888")
    reader = Client()
    assert "Call 988" in text_of(reader.get("/help-now/?region=US"))
    index = text_of(client.get(reverse("admin:index")))
    assert "1 change to crisis help is waiting for a second person." in index
    assert "They can approve: approver@example.org." in index

    client.force_login(approver)
    index = text_of(client.get(reverse("admin:index")))
    assert "1 change to a crisis line is waiting for approval." in index
    proposal = ProposedChange.objects.get()
    response = client.post(
        reverse("admin:guides_proposedchange_decide", args=[proposal.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    assert "Call 9888" in text_of(reader.get("/help-now/?region=US"))
    proposal.refresh_from_db()
    assert proposal.status == "approved" and proposal.decided_by == approver
    latest = Version.objects.get_for_object(lifeline).first()
    assert "Approved" in latest.revision.comment and latest.revision.user == approver


def test_a_rejection_leaves_the_page_as_it_was(client, lifeline, editor, approver):
    client.force_login(editor)
    propose(client, lifeline, phone="9888")
    client.force_login(approver)
    proposal = ProposedChange.objects.get()
    client.post(
        reverse("admin:guides_proposedchange_decide", args=[proposal.pk]), {"decision": "reject"}
    )
    lifeline.refresh_from_db()
    assert lifeline.phone == "988"
    assert "Call 988" in text_of(Client().get("/help-now/?region=US"))
    assert ProposedChange.objects.get().status == "rejected"


def test_a_superuser_alone_approves_their_own_after_confirming(client, lifeline, superuser):
    client.force_login(superuser)
    propose(client, lifeline, phone="9888")
    decide = reverse("admin:guides_proposedchange_decide", args=[ProposedChange.objects.get().pk])
    confirm = client.post(decide, {"decision": "approve"})
    assert confirm.status_code == 200
    assert "You are approving your own change" in text_of(confirm)
    lifeline.refresh_from_db()
    assert lifeline.phone == "988"
    client.post(decide, {"decision": "approve", "confirm_alone": "yes"})
    lifeline.refresh_from_db()
    assert lifeline.phone == "9888"


@pytest.mark.parametrize("number", ["112 or 999", "988 ext. 2", "①②③", "call 911"])
def test_a_number_that_cannot_be_dialled_is_refused(client, lifeline, editor, number):
    client.force_login(editor)
    response = propose(client, lifeline, phone=number)
    assert response.status_code == 200
    assert "Use only digits, spaces, + and -" in text_of(response)
    assert not ProposedChange.objects.exists()


def test_a_word_to_text_needs_a_number(client, lifeline, editor):
    client.force_login(editor)
    response = propose(client, lifeline, text_number="", text_keyword="HELLO")
    assert "A word to text needs a number to text." in text_of(response)


def test_the_form_shows_what_readers_buttons_dial(client, lifeline, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:guides_crisisresource_change", args=[lifeline.pk]))
    assert "tel:988" in page.content.decode() and "sms:988" in page.content.decode()
