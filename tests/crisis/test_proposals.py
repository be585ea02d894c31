"""Proposals an approver can trust, and numbers checked against each region's numbering plan."""

import datetime

import pytest
import time_machine
import yaml
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from guides.helpers.phone_numbers import is_dialable_in
from guides.models import CrisisResource, ProposedChange, Region
from guides.models.base import approved_write
from guides.services.crisis.proposals import ProposalRefused, approve_proposal, propose_change
from tests.base import CONTENT_DIR, text_of
from tests.crisis.test_crisis_approval import propose

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)


@pytest.fixture
def lifeline(content):
    return CrisisResource.objects.get(region__code="US", name="988 Suicide & Crisis Lifeline")


def test_a_newer_proposal_replaces_the_older(client, lifeline, editor, approver):
    client.force_login(editor)
    propose(client, lifeline, phone="9888")
    propose(client, lifeline, phone="911")
    older, newer = ProposedChange.objects.order_by("id")
    assert older.status == "replaced" and newer.status == "pending"
    with pytest.raises(ProposalRefused):
        approve_proposal(older, approver)
    approve_proposal(newer, approver)
    lifeline.refresh_from_db()
    assert lifeline.phone == "911"


def test_a_proposal_whose_before_is_no_longer_true_cannot_be_approved(lifeline, editor, approver):
    proposal = propose_change(lifeline, details={"phone": "9888"}, reason="New", user=editor)
    with approved_write():  # meanwhile, another approved change
        lifeline.text_number = "741741"
        lifeline.save()
    with pytest.raises(ProposalRefused, match="no longer true"):
        approve_proposal(proposal, approver)
    lifeline.refresh_from_db()
    assert lifeline.phone == "988"


def test_a_proposal_needs_a_reason(client, lifeline, editor):
    client.force_login(editor)
    response = propose(client, lifeline, phone="9888", change_reason="")
    assert response.status_code == 200
    assert "Say why, and where you checked it" in text_of(response)
    assert not ProposedChange.objects.exists()


def test_the_approval_page_shows_what_the_buttons_will_do_the_source_and_the_reason(
    client, lifeline, editor, approver
):
    client.force_login(editor)
    propose(
        client,
        lifeline,
        phone="1-800-273-8255",
        text_keyword="HOME",
        source_url="https://988lifeline.org/",
        change_reason="Their page lists it.",
    )
    proposal = ProposedChange.objects.get()
    client.force_login(approver)
    page = client.get(reverse("admin:guides_proposedchange_change", args=[proposal.pk]))
    html = page.content.decode()
    assert "<code>tel:18002738255</code>" in html
    assert "<code>sms:988?&amp;body=HOME</code>" in html
    assert '<a href="https://988lifeline.org/"' in html
    assert "Their page lists it." in html
    assert "Approve: readers get the new details now" in html


def test_approvers_get_an_e_mail_when_a_proposal_waits(
    client, lifeline, editor, approver, superuser, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        propose(client, lifeline, phone="9888")
    [message] = mail.outbox
    assert sorted(message.to) == sorted([approver.email, superuser.email])
    assert "9888" in message.body and "/admin/guides/proposedchange/" in message.body


@time_machine.travel(datetime.datetime(2026, 12, 7, 12, 0), tick=False)
def test_approving_sets_last_checked_to_that_day(lifeline, editor, approver):
    with approved_write():
        lifeline.last_checked = TODAY - datetime.timedelta(days=200)
        lifeline.save()
    proposal = propose_change(lifeline, details={"phone": "9888"}, reason="New", user=editor)
    approve_proposal(proposal, approver)
    lifeline.refresh_from_db()
    assert lifeline.last_checked == TODAY


@time_machine.travel(datetime.datetime(2026, 12, 7, 12, 0), tick=False)
def test_last_checked_cannot_be_in_the_future_and_an_editor_only_proposes_it(
    client, lifeline, editor
):
    client.force_login(editor)
    response = propose(client, lifeline, last_checked="2031-01-01")
    assert "A line cannot have been checked on a day still to come." in text_of(response)
    before = lifeline.last_checked
    propose(client, lifeline, last_checked=(TODAY - datetime.timedelta(days=1)).isoformat())
    lifeline.refresh_from_db()
    assert lifeline.last_checked == before  # waits, like any detail readers rely on


@time_machine.travel(datetime.datetime(2026, 12, 7, 12, 0), tick=False)
def test_only_an_approver_marks_a_line_as_checked(client, lifeline, editor, approver):
    with approved_write():
        lifeline.last_checked = TODAY - datetime.timedelta(days=200)
        lifeline.save()
    changelist = reverse("admin:guides_crisisresource_changelist")
    data = {"action": "mark_checked", "_selected_action": [lifeline.pk]}
    client.force_login(editor)
    client.post(changelist, data)
    lifeline.refresh_from_db()
    assert lifeline.last_checked == TODAY - datetime.timedelta(days=200)
    client.force_login(approver)
    client.post(changelist, data)
    lifeline.refresh_from_db()
    assert lifeline.last_checked == TODAY


@pytest.mark.parametrize(
    ("number", "region"),
    [
        ("988", "US"),
        ("911", "US"),
        ("741741", "US"),
        ("1-800-273-8255", "US"),
        ("116 123", "UK"),
        ("999", "UK"),
        ("85258", "UK"),
        ("0800 1111", "UK"),
        ("112", "IE"),
        ("50808", "IE"),
        ("024", "ES"),
        ("112", "ES"),
        ("911", "MX"),
        ("13 11 14", "AU"),
        ("000", "AU"),
        ("686868", "CA"),
        ("+44 20 7946 0000", "INT"),
        ("112", "INT"),
    ],
)
def test_numbers_people_can_dial_in_the_region(number, region):
    assert is_dialable_in(number, region)


@pytest.mark.parametrize(
    ("number", "region"),
    [("112-999", "US"), ("999", "US"), ("000", "UK"), ("12", "US"), ("911", "INT")],
)
def test_numbers_people_cannot_dial_in_the_region(number, region):
    assert not is_dialable_in(number, region)


def test_the_form_refuses_112_999_for_the_us_and_never_shows_its_tel_link(client, lifeline, editor):
    client.force_login(editor)
    response = propose(client, lifeline, phone="112-999")
    assert response.status_code == 200
    assert "112-999 is not a number people can dial in United States" in text_of(response)
    assert "tel:112999" not in response.content.decode()
    assert "tel:988" in response.content.decode()  # what readers' buttons do now
    assert not ProposedChange.objects.exists()


def test_a_word_to_text_is_letters_and_digits(client, lifeline, editor):
    client.force_login(editor)
    response = propose(client, lifeline, text_keyword="HELLO THERE&x=1")
    assert "Use one word of letters and digits only" in text_of(response)
    assert not ProposedChange.objects.exists()
    assert "HELLO" not in text_of(Client().get("/help-now/?region=US"))


def test_every_line_in_the_content_files_is_dialable_in_its_region(content):
    data = yaml.safe_load((CONTENT_DIR / "crisis.yaml").read_text(encoding="utf-8"))
    checked = 0
    for region in data["regions"]:
        for line in region.get("resources", []):
            for name in ("phone", "text_number"):
                if line.get(name):
                    assert is_dialable_in(str(line[name]), region["code"]), (region["code"], line)
                    checked += 1
    assert checked >= 15
    for line in CrisisResource.objects.select_related("region"):
        line.full_clean()  # the model's own check, as the admin runs it


def test_a_new_region_s_numbers_are_checked_by_its_code(content):
    with approved_write():
        region = Region.objects.create(code="NZ", name="New Zealand")
    line = CrisisResource(
        region=region,
        name="Need to talk?",
        phone="1737",
        text_number="1737",
        last_checked=datetime.date(2026, 1, 1),
        source_url="https://1737.org.nz/",
    )
    line.full_clean()
    line.phone = "000"  # Australia's emergency number, not New Zealand's
    with pytest.raises(ValidationError, match="not a number people can dial in New Zealand"):
        line.full_clean()
