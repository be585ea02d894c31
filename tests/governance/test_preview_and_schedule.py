"""See it before readers do: Preview of an unsaved section change, "Save anyway?" before a
save goes live, and changes scheduled to take effect at a date and time."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from guides.content_version import VERSION_KEY
from guides.models import CrisisResource, ProposedChange, Section
from guides.services.crisis.proposals import ProposalRefused, approve_proposal, propose_change
from tests.base import section_form_data, text_of

pytestmark = pytest.mark.django_db

UNSAFE = "\n\nSome people committed suicide after a loss."


def change_url(section) -> str:
    return reverse("admin:guides_section_change", args=[section.pk])


def test_preview_shows_the_unsaved_words_in_each_language_and_saves_nothing(
    client, content, editor
):
    section = Section.objects.get(slug="faq")
    before = (section.body_en, section.body_es, section.edit_version, section.updated_at)
    versions = Version.objects.get_for_object(section).count()
    version = cache.get(VERSION_KEY)
    client.force_login(editor)
    data = section_form_data(
        section, title_en="A new title", title_es="Un título nuevo", _preview="en"
    )
    response = client.post(change_url(section), data)
    assert response.status_code == 200
    english = text_of(response)
    assert "Preview: nothing is saved yet" in english
    assert "A new title" in english and "Un título nuevo" not in english
    assert "css/site" in response.content.decode()  # the site's own styles
    assert '<nav class="step-nav"' in response.content.decode()  # the whole page
    response = client.post(change_url(section), {**data, "_preview": "es"})
    spanish = text_of(response)
    assert "Un título nuevo" in spanish and "A new title" not in spanish
    assert 'lang="es"' in response.content.decode()
    section.refresh_from_db()
    assert (section.body_en, section.body_es, section.edit_version, section.updated_at) == before
    assert section.title_en != "A new title"
    assert Version.objects.get_for_object(section).count() == versions
    assert cache.get(VERSION_KEY) == version


def test_preview_runs_the_checks_and_shows_them_above_the_page(client, content, editor):
    section = Section.objects.get(slug="faq")
    client.force_login(editor)
    response = client.post(
        change_url(section),
        section_form_data(
            section,
            body_en=section.body_en + UNSAFE + "\n\nSee [this](/guide/no-such-step/).",
            _preview="en",
        ),
    )
    text = text_of(response)
    assert "These stop the save:" in text
    assert "/guide/no-such-step/ goes to a page of this site that does not exist" in text
    assert "Warnings (you can save anyway):" in text
    assert "Safe-messaging guidance advises against" in text
    assert text.index("What the checks found") < text.index("Some people committed suicide")


def test_preview_is_for_staff_who_may_change_the_section(client, content, alice, editor):
    section = Section.objects.get(slug="faq")
    data = section_form_data(section, title_en="Leaked title", _preview="en")
    response = client.post(change_url(section), data)
    assert response.status_code == 302 and "Leaked title" not in response.content.decode()
    client.force_login(alice)  # signed in, not staff
    response = client.post(change_url(section), data)
    assert response.status_code == 302 and "Leaked title" not in response.content.decode()
    editor.user_permissions.clear()
    editor.groups.clear()
    client.force_login(editor)
    assert client.post(change_url(section), data).status_code == 403


def test_preview_needs_the_csrf_token(content, editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    section = Section.objects.get(slug="faq")
    response = client.post(change_url(section), section_form_data(section, _preview="en"))
    assert response.status_code == 403


def test_a_warning_asks_save_anyway_before_readers_see_it_and_keeps_the_words(
    client, content, editor
):
    section = Section.objects.get(slug="faq")
    client.force_login(editor)
    body = section.body_en + UNSAFE
    response = client.post(change_url(section), section_form_data(section, body_en=body))
    assert response.status_code == 200
    text = text_of(response)
    assert "Save anyway? The checks found something to look at first:" in text
    assert "committed suicide" in text
    assert "Some people committed suicide after a loss." in response.content.decode()
    section.refresh_from_db()
    assert "committed suicide" not in section.body_en
    response = client.post(
        change_url(section), section_form_data(section, body_en=body, save_anyway="on")
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert "committed suicide" in section.body_en


def test_a_block_stays_a_block_even_with_save_anyway(client, content, editor):
    section = Section.objects.get(slug="faq")
    client.force_login(editor)
    response = client.post(
        change_url(section),
        section_form_data(
            section, body_en=section.body_en + "\n\n[x](/guide/no-such-step/)", save_anyway="on"
        ),
    )
    assert response.status_code == 200
    section.refresh_from_db()
    assert "no-such-step" not in section.body_en


def test_a_section_scheduled_to_go_live_is_published_by_publish_scheduled(
    client, today, content, editor
):
    section = Section.objects.get(slug="faq")
    when = timezone.now() + datetime.timedelta(days=2)
    client.force_login(editor)
    response = client.post(
        change_url(section),
        section_form_data(
            section,
            is_published="",
            publish_at_0=when.strftime("%Y-%m-%d"),
            publish_at_1=when.strftime("%H:%M:%S"),
            save_anyway="on",
        ),
    )
    assert response.status_code == 302, text_of(response)
    client.logout()
    assert client.get("/guide/faq/").status_code == 404
    call_command("publish_scheduled")
    assert client.get("/guide/faq/").status_code == 404  # not yet
    with time_machine.travel(when + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
    section.refresh_from_db()
    assert section.is_published and section.publish_at is None
    assert client.get("/guide/faq/").status_code == 200
    comment = Version.objects.get_for_object(section).first().revision.comment
    assert "Published as scheduled" in comment


def test_publish_at_needs_the_section_unpublished(client, content, editor):
    section = Section.objects.get(slug="faq")
    client.force_login(editor)
    response = client.post(
        change_url(section),
        section_form_data(
            section, publish_at_0="2030-01-01", publish_at_1="09:00:00", save_anyway="on"
        ),
    )
    assert response.status_code == 200
    assert "Untick “published”" in text_of(response)


def lifeline():
    return CrisisResource.objects.get(region__code="US", name="988 Suicide & Crisis Lifeline")


def test_an_approved_number_takes_effect_at_its_time_through_publish_scheduled(
    client, today, content, editor, approver
):
    line = lifeline()
    old_phone = line.phone
    proposal = propose_change(line, details={"phone": "9888"}, reason="New", user=editor)
    when = timezone.now() + datetime.timedelta(days=3)
    approve_proposal(proposal, approver, takes_effect_at=when)
    proposal.refresh_from_db()
    assert proposal.status == ProposedChange.Status.SCHEDULED
    assert lifeline().phone == old_phone
    call_command("publish_scheduled")
    assert lifeline().phone == old_phone  # not due yet
    assert f"tel:{old_phone}" in client.get("/help-now/?region=US").content.decode()
    with time_machine.travel(when + datetime.timedelta(seconds=30)):
        call_command("publish_scheduled")
        assert lifeline().last_checked == timezone.localdate()
    proposal.refresh_from_db()
    assert proposal.status == ProposedChange.Status.APPROVED
    assert lifeline().phone == "9888"
    assert "tel:9888" in client.get("/help-now/?region=US").content.decode()
    comment = Version.objects.get_for_object(lifeline()).first().revision.comment
    assert comment.startswith("Approved the change proposed by")


def test_a_scheduled_change_whose_start_changed_since_is_not_applied(
    today, content, editor, approver, superuser
):
    proposal = propose_change(lifeline(), details={"phone": "9888"}, reason="New", user=editor)
    when = timezone.now() + datetime.timedelta(days=1)
    approve_proposal(proposal, approver, takes_effect_at=when)
    newer = propose_change(lifeline(), details={"phone": "9877"}, reason="Other", user=editor)
    approve_proposal(newer, approver)
    with time_machine.travel(when + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
    proposal.refresh_from_db()
    assert proposal.status == ProposedChange.Status.REPLACED
    assert lifeline().phone == "9877"


def test_the_one_person_rule_holds_for_a_scheduled_change(today, content, editor):
    proposal = propose_change(lifeline(), details={"phone": "9888"}, reason="New", user=editor)
    with pytest.raises(ProposalRefused):
        approve_proposal(
            proposal, editor, takes_effect_at=timezone.now() + datetime.timedelta(days=1)
        )


def test_public_pages_never_query_proposals_or_history(client, content):
    for path in ["/guide/faq/", "/help-now/", "/es/guia/"]:
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        assert "proposedchange" not in sql and "reversion" not in sql


def test_the_approval_page_can_set_when_the_change_takes_effect(
    client, today, content, editor, approver
):
    proposal = propose_change(lifeline(), details={"phone": "9888"}, reason="New", user=editor)
    client.force_login(approver)
    page = client.get(reverse("admin:guides_proposedchange_change", args=[proposal.pk]))
    assert 'name="takes_effect_at"' in page.content.decode()
    decide = reverse("admin:guides_proposedchange_decide", args=[proposal.pk])
    response = client.post(decide, {"decision": "approve", "takes_effect_at": "next week"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposedChange.Status.PENDING  # refused, said why, nothing done
    when = timezone.localtime() + datetime.timedelta(days=5)
    response = client.post(
        decide, {"decision": "approve", "takes_effect_at": when.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposedChange.Status.SCHEDULED
    assert proposal.takes_effect_at == when.replace(second=0, microsecond=0)
    assert lifeline().phone != "9888"
    messages = text_of(client.get(reverse("admin:guides_crisisresource_changelist")))
    assert "readers get the new details from" in messages


def test_a_crisis_line_s_warning_asks_save_anyway_before_the_save(client, content, editor):
    line = lifeline()
    client.force_login(editor)
    url = reverse("admin:guides_crisisresource_change", args=[line.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: ("on" if value is True else "" if value in (False, None) else value)
        for name, value in ((n, form[n].value()) for n in form.fields)
    }
    data["description_en"] = "For anyone who is thinking of committing suicide."
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Save anyway? The checks found something" in text_of(response)
    assert lifeline().description_en != data["description_en"]
    response = client.post(url, {**data, "save_anyway": "on"})
    assert response.status_code == 302, text_of(response)
    assert lifeline().description_en == data["description_en"]
