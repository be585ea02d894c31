"""The steps' words are content: loaded from content/safety_plan.yaml in both languages, edited
in the admin with history and the reading-grade and safe-wording checks; new making-safer words
reach readers only once a second person approves them."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from reversion.models import Version

from guides.models import SaferWordsChange, SafetyPlanStep
from guides.models.safety_plan import STEPS
from tests.base import make_person, text_of

pytestmark = pytest.mark.django_db


def _approver(email: str):
    person = make_person(email, is_staff=True, group="Content editors")
    person.user_permissions.add(Permission.objects.get(codename="approve_safer_words"))
    return person


def _form(step: SafetyPlanStep, **changes) -> dict:
    data = {
        "order": step.order,
        "review_interval_months": step.review_interval_months,
        "last_reviewed": "",
        "change_reason": "",
    }
    for name in ("title", "question", "hint", "examples", "safer_words"):
        for code in ("en", "es"):
            data[f"{name}_{code}"] = getattr(step, f"{name}_{code}") or ""
    data.update(changes)
    return data


def test_every_step_is_loaded_in_both_languages(content):
    steps = list(SafetyPlanStep.objects.in_order())
    assert [step.slug for step in steps] == STEPS
    for step in steps:
        assert step.title_en and step.title_es and step.question_en and step.question_es
        if step.slug == "safer":
            assert step.safer_words_en and step.safer_words_es
        else:
            assert len(step.example_list) >= 2


def test_a_change_to_a_question_is_kept_in_the_history(client, content, editor):
    client.force_login(editor)
    step = SafetyPlanStep.objects.get(slug="warning-signs")
    url = f"/admin/guides/safetyplanstep/{step.pk}/change/"
    response = client.post(url, _form(step, question_en="What tells you it is getting hard?"))
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.question_en == "What tells you it is getting hard?"
    assert Version.objects.get_for_object(step).count() >= 1
    assert "What tells you it is getting hard?" in text_of(
        client.get("/safety-plan/warning-signs/")
    )


def test_a_warning_asks_save_anyway_before_readers_see_it_and_keeps_the_words(
    client, content, editor
):
    client.force_login(editor)
    step = SafetyPlanStep.objects.get(slug="matters-most")
    before = step.hint_en
    url = f"/admin/guides/safetyplanstep/{step.pk}/change/"
    hint = "Think of a friend who committed suicide."
    response = client.post(url, _form(step, hint_en=hint))
    assert response.status_code == 200
    text = text_of(response)
    assert "Save anyway? The checks found something to look at first:" in text
    assert "Safe-messaging guidance advises against" in text
    assert hint in response.content.decode()  # what was typed stays on the form
    step.refresh_from_db()
    assert step.hint_en == before
    assert hint not in text_of(client.get("/safety-plan/matters-most/"))
    response = client.post(url, _form(step, hint_en=hint, save_anyway="on"))
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.hint_en == hint


def test_new_making_safer_words_are_checked_before_they_are_proposed(client, content, editor):
    client.force_login(editor)
    step = SafetyPlanStep.objects.get(slug="safer")
    url = f"/admin/guides/safetyplanstep/{step.pk}/change/"
    words = "Some people committed suicide with what was at hand: put it away."
    response = client.post(url, _form(step, safer_words_en=words))
    assert response.status_code == 200
    assert "Save anyway?" in text_of(response)
    assert not SaferWordsChange.objects.exists()


def test_new_making_safer_words_wait_for_a_second_person(client, content, editor):
    first = _approver("first@example.org")
    second = _approver("second@example.org")
    step = SafetyPlanStep.objects.get(slug="safer")
    before = step.safer_words_en
    client.force_login(first)
    new_words = "Ask someone you trust to keep your medicines for a while."
    url = f"/admin/guides/safetyplanstep/{step.pk}/change/"
    assert client.post(url, _form(step, safer_words_en=new_words)).status_code == 302
    step.refresh_from_db()
    assert step.safer_words_en == before
    change = SaferWordsChange.objects.get()
    assert change.words == new_words and change.language == "en"
    # The one who proposed it cannot approve it.
    changelist = "/admin/guides/saferwordschange/"
    client.post(changelist, {"action": "approve", "_selected_action": [change.pk]})
    change.refresh_from_db()
    assert change.status == SaferWordsChange.Status.PENDING
    client.force_login(second)
    client.post(changelist, {"action": "approve", "_selected_action": [change.pk]})
    change.refresh_from_db()
    step.refresh_from_db()
    assert change.status == SaferWordsChange.Status.APPROVED and change.decided_by == second
    assert step.safer_words_en == new_words
    assert new_words in text_of(client.get("/safety-plan/safer/"))


def test_an_editor_without_the_permission_cannot_approve(client, content, editor):
    proposer = _approver("first@example.org")
    step = SafetyPlanStep.objects.get(slug="safer")
    change = SaferWordsChange.objects.create(
        step=step, language="en", words="New.", proposed_by=proposer
    )
    client.force_login(editor)
    response = client.post(
        "/admin/guides/saferwordschange/", {"action": "approve", "_selected_action": [change.pk]}
    )
    assert response.status_code == 403
    change.refresh_from_db()
    assert change.status == SaferWordsChange.Status.PENDING


def test_no_other_path_changes_the_making_safer_words(content):
    step = SafetyPlanStep.objects.get(slug="safer")
    step.safer_words_es = "Otras palabras."
    with pytest.raises(ValidationError):
        step.save()


def test_a_review_date_sets_the_next_review(content):
    import datetime

    step = SafetyPlanStep.objects.get(slug="warning-signs")
    step.last_reviewed = datetime.date(2026, 1, 15)
    step.save()
    assert step.next_review_due == datetime.date(2027, 1, 15)


def test_loading_the_content_again_keeps_staffs_words_and_fills_only_empty_ones(content):
    from tests.base import load_real_content

    step = SafetyPlanStep.objects.get(slug="safer")
    SafetyPlanStep.objects.filter(pk=step.pk).update(question_en="Staff’s own question?")
    SafetyPlanStep.objects.filter(pk=step.pk).update(safer_words_es="")
    load_real_content()
    step.refresh_from_db()
    assert step.question_en == "Staff’s own question?"
    assert "medicamentos" in step.safer_words_es
