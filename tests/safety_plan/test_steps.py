"""Making a safety plan step by step, without JavaScript: each step's words kept, any step
skipped, bad numbers turned down with nothing typed lost, and the finished plan."""

import pytest

from guides.models import SafetyPlan
from tests.base import text_of

from .helpers import ANSWERS, make_safety_plan

pytestmark = pytest.mark.django_db


def test_the_start_page_offers_the_first_step_and_the_regions_lines(client, content):
    client.cookies["region"] = "US"
    response = client.get("/safety-plan/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Start my safety plan" in text
    assert 'href="/safety-plan/warning-signs/"' in response.content.decode()
    assert 'href="tel:988"' in response.content.decode()


def test_each_step_asks_its_question_with_examples(client, content):
    response = client.get("/safety-plan/warning-signs/")
    text = text_of(response)
    assert "How do you know a hard time is starting?" in text
    assert "For example:" in text
    assert "I stop answering messages and stay in my room." in text
    assert "Step 1 of 7" in text


def test_every_steps_words_are_kept_on_the_finished_plan(client, content):
    plan = make_safety_plan(client)
    assert plan.warning_signs == "I stop answering messages.\nI can’t sleep."
    assert plan.helpers == [{"name": "My sister Ana", "phone": "07700 900123"}]
    response = client.get("/safety-plan/")
    html = response.content.decode()
    text = text_of(response)
    for words in ("I stop answering messages.", "I can’t sleep.", "Walk round the block.",
                  "The library.", "My sister Ana", "Dr Patel", "Ask Ana to keep my medicines",
                  "My dog Luna."):  # fmt: skip
        assert words in text
    assert 'href="tel:07700900123"' in html
    assert 'href="tel:+442079460000"' in html
    assert "Last updated" in text
    assert "Edit any step" in text


def test_a_step_shows_what_was_saved_when_opened_again(client, content):
    make_safety_plan(client)
    response = client.get("/safety-plan/ask-for-help/?change=1")
    html = response.content.decode()
    assert 'value="My sister Ana"' in html
    assert 'value="07700 900123"' in html


def test_the_last_step_leads_to_the_finished_plan(client, content):
    response = client.post("/safety-plan/matters-most/", ANSWERS["matters-most"])
    assert response["Location"] == "/safety-plan/"
    assert "Your safety plan is saved." in text_of(client.get("/safety-plan/"))


def test_a_step_saved_while_changing_goes_back_to_the_plan(client, content):
    make_safety_plan(client)
    response = client.post("/safety-plan/on-my-own/", {"words": "Tea.", "change": "1"})
    assert response["Location"] == "/safety-plan/"
    assert SafetyPlan.objects.get().on_my_own == "Tea."


def test_any_step_can_be_skipped(client, content):
    response = client.get("/safety-plan/warning-signs/")
    assert 'href="/safety-plan/on-my-own/">Skip this step' in response.content.decode()
    client.post("/safety-plan/on-my-own/", {"words": "Music."})
    plan = SafetyPlan.objects.get()
    assert plan.warning_signs == ""
    assert "Nothing here yet." in text_of(client.get("/safety-plan/"))


def test_a_bad_number_is_turned_down_next_to_its_field_and_nothing_typed_is_lost(client, content):
    response = client.post(
        "/safety-plan/ask-for-help/",
        {"name_1": "Ana", "phone_1": "07700 900123", "name_2": "Sam", "phone_2": "call me"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    assert "There is a problem" in text
    assert 'href="#id_phone_2"' in html
    assert 'id="id_phone_2_error"' in html
    assert "Enter a phone number with digits only" in text
    assert 'value="call me"' in html and 'value="Sam"' in html and 'value="Ana"' in html
    assert not SafetyPlan.objects.exists()


def test_a_number_needs_a_name(client, content):
    response = client.post("/safety-plan/ask-for-help/", {"phone_1": "07700 900123"})
    assert response.status_code == 200
    assert "Add a name for this number." in text_of(response)


@pytest.mark.parametrize("number", ["988", "+1 (555) 010-0199", "07700.900.123"])
def test_a_number_is_checked_loosely(client, content, number):
    response = client.post("/safety-plan/ask-for-help/", {"name_1": "A", "phone_1": number})
    assert response.status_code == 302


def test_words_over_the_limit_are_turned_down_and_kept(client, content):
    words = "x" * 1001
    response = client.post("/safety-plan/warning-signs/", {"words": words})
    assert response.status_code == 200
    assert "Keep it to 1000 characters" in text_of(response)
    assert words in response.content.decode()


def test_the_professionals_step_already_has_the_regions_lines(client, content):
    client.cookies["region"] = "UK"
    text = text_of(client.get("/safety-plan/professionals/"))
    assert "Already on your plan" in text
    assert "116 123" in text


def test_the_making_safer_step_uses_gentle_words_and_names_no_method(client, content):
    text = text_of(client.get("/safety-plan/safer/"))
    assert "keep your medicines for a while" in text
    for method in ("overdose", "gun", "firearm", "knife", "rope", "pills", "method"):
        assert method not in text.lower()


def test_crisis_words_in_the_plan_do_not_bring_the_crisis_panel(client, content):
    response = client.post("/safety-plan/warning-signs/", {"words": "I want to die."})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "You don’t have to carry this alone" not in text_of(page)
    assert "data-crisis-words" not in page.content.decode()


def test_an_unknown_step_is_a_404(client, content):
    assert client.get("/safety-plan/no-such-step/").status_code == 404


@pytest.mark.parametrize(
    "method, path",
    [
        ("put", "/safety-plan/warning-signs/"),
        ("post", "/safety-plan/"),
        ("post", "/safety-plan/card/"),
        ("get", "/safety-plan/delete/"),
        ("get", "/safety-plan/share/revoke/"),
    ],
)
def test_the_wrong_method_is_a_405(client, content, method, path):
    assert getattr(client, method)(path).status_code == 405


def test_the_steps_and_the_plan_are_in_spanish(client, content):
    client.cookies["region"] = "US"
    text = text_of(client.get("/es/safety-plan/warning-signs/"))
    assert "¿Cómo te das cuenta de que empieza un momento difícil?" in text
    make_safety_plan(client, prefix="/es")
    plan = SafetyPlan.objects.get()
    assert plan.language == "es"
    page = text_of(client.get("/es/safety-plan/"))
    assert "Mi plan de seguridad" in page
    assert "Mis señales de alerta" in page
    assert "Última actualización" in page


def test_the_plan_can_be_deleted(client, content):
    make_safety_plan(client)
    response = client.post("/safety-plan/delete/")
    assert response["Location"] == "/safety-plan/"
    assert not SafetyPlan.objects.exists()
    assert "Make a safety plan" in text_of(client.get("/help-now/"))


def test_the_wallet_card_has_the_plan(client, content):
    make_safety_plan(client)
    response = client.get("/safety-plan/card/")
    assert response.status_code == 200
    assert "My dog Luna." in text_of(response)
