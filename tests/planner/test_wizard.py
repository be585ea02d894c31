"""The planner's wizard: one page a step, going back, check your answers, and bad input."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from guides.forms import STEP_FORMS
from guides.models import Barrier, ContactKind, ContactMethod, Plan, Session
from guides.services.planner.draft import PLAN_FIELDS_BY_STEP
from tests.base import text_of

pytestmark = pytest.mark.django_db


def future(days=5) -> str:
    return (timezone.now().date() + datetime.timedelta(days=days)).isoformat()


def step_data():
    gp = ContactKind.objects.get(slug="gp")
    judged = Barrier.objects.get(slug="fear-of-judgement")
    return {
        "who": {"contact_kind": gp.pk, "contact_name": "Dr Lee's office"},
        "how": {
            "contact_method": ContactMethod.objects.get(slug="call").pk,
            "contact_detail": "020 7946 0000",
        },  # fmt: skip
        "what": {"script": "I’ve been struggling and I think I need some help."},
        "when": {"due_date": future(), "due_time": "09:30", "time_zone": "Europe/London"},
        "support": {
            "partner_name": "Sam",
            "barriers": [judged.pk],
            f"note_{judged.pk}": "They hear this every day.",
            "backup_kind": ContactKind.objects.get(slug="helpline").pk,
            "backup_name": "",
        },
    }


def draft_id(client):
    return client.session["plan_draft"]["id"]


def walk(client, data=None, stop_before=None, prefix=""):
    """The wizard's steps, posted in order; `prefix` "/es" walks the Spanish pages."""
    data = data or step_data()
    for step in ("who", "how", "what", "when", "support"):
        if step == stop_before:
            return
        posted = dict(data[step])
        if "plan_draft" in client.session:
            posted["draft_id"] = draft_id(client)
        response = client.post(f"{prefix}/plan/new/{step}/", posted)
        assert response.status_code == 302, text_of(response)[:600]
    return response


def save(client, **extra):
    return client.post(
        "/plan/new/check/", {"draft_id": draft_id(client), "event_title": "Reach out", **extra}
    )


def test_plan_new_starts_at_the_who_step(client, content):
    response = client.get("/plan/new/")
    assert response.status_code == 302 and response["Location"] == "/plan/new/who/"
    page = client.get("/plan/new/who/")
    assert "Step 1 of 5" in text_of(page)
    assert "Who will you contact first?" in text_of(page)
    for kind in ContactKind.objects.all():
        assert kind.name in text_of(page)


def test_a_deadline_link_opens_the_planner_at_the_when_step(client, content):
    assert client.get("/plan/new/?step=when")["Location"] == "/plan/new/when/"


def test_looking_at_the_planner_creates_no_session(client, content):
    client.get("/plan/new/who/")
    assert Session.objects.count() == 0


def test_the_whole_wizard_saves_one_plan_with_every_answer(client, content):
    assert walk(client)["Location"] == "/plan/new/check/"
    check = client.get("/plan/new/check/")
    text = text_of(check)
    assert "Check your plan" in text
    assert "I will call Dr Lee's office." in text
    assert text.count("Change") >= 5
    response = save(client)
    plan = Plan.objects.get()
    assert response["Location"] == f"/plan/{plan.pk}/"
    assert plan.contact_kind.slug == "gp" and plan.contact_name == "Dr Lee's office"
    assert plan.contact_method.slug == "call" and plan.contact_detail == "020 7946 0000"
    assert plan.due_time == datetime.time(9, 30) and plan.time_zone == "Europe/London"
    assert plan.partner_name == "Sam" and plan.backup_kind.slug == "helpline"
    assert [(pb.barrier.slug, pb.note) for pb in plan.plan_barriers.all()] == [
        ("fear-of-judgement", "They hear this every day.")
    ]
    assert plan.status == "planned" and plan.event_title == "Reach out"
    assert plan.session_key == client.session.session_key and plan.user is None
    assert "plan_draft" not in client.session


def test_the_script_starts_from_the_template_for_the_chosen_kind(client, content):
    walk(client, stop_before="what")
    page = client.get("/plan/new/what/")
    template = ContactKind.objects.get(slug="gp").script_template.strip()
    assert template[:40] in text_of(page)


def test_going_back_keeps_what_was_typed(client, content):
    walk(client, stop_before="support")
    who = client.get("/plan/new/who/")
    assert 'value="Dr Lee&#x27;s office"' in who.content.decode()
    when = client.get("/plan/new/when/")
    assert f'value="{future()}"' in when.content.decode()
    assert 'value="09:30"' in when.content.decode()
    assert "Back" in text_of(when)


def test_a_change_link_returns_to_check_your_answers(client, content):
    walk(client)
    page = client.get("/plan/new/how/?change=1")
    assert 'name="change"' in page.content.decode()
    data = step_data()["how"]
    data.update(draft_id=draft_id(client), change="1", contact_method=ContactMethod.objects.get(
        slug="text").pk)  # fmt: skip
    response = client.post("/plan/new/how/", data)
    assert response["Location"] == "/plan/new/check/"
    assert "I will text Dr Lee's office." in text_of(client.get("/plan/new/check/"))


def test_a_date_in_the_past_is_an_error_on_its_field(client, content):
    walk(client, stop_before="when")
    yesterday = (timezone.now().date() - datetime.timedelta(days=2)).isoformat()
    response = client.post(
        "/plan/new/when/",
        {"draft_id": draft_id(client), "due_date": yesterday, "time_zone": "Europe/London"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_due_date_error"' in html
    assert "The date is in the past" in text_of(response)
    assert 'aria-describedby="id_due_date_helptext id_due_date_error"' in html
    assert '<a href="#id_due_date">' in html
    assert f'value="{yesterday}"' in html  # what was typed is kept


def test_an_unknown_time_zone_is_an_error_on_its_field(client, content):
    walk(client, stop_before="when")
    response = client.post(
        "/plan/new/when/",
        {"draft_id": draft_id(client), "due_date": future(), "time_zone": "Mars/Olympus"},
    )
    assert "We don’t know that place. Choose one from the list." in text_of(response)
    assert 'id="id_time_zone_error"' in response.content.decode()


def test_the_time_zone_is_chosen_by_place_names_and_kept_as_its_zone(client, content):
    walk(client, stop_before="when")
    html = client.get("/plan/new/when/").content.decode()
    assert '<select name="time_zone"' in html
    assert '<option value="Europe/London">United Kingdom</option>' in html
    assert '<option value="America/Mexico_City">Mexico (most of the country)</option>' in html
    assert '<option value="Africa/Lagos">Lagos (Africa)</option>' in html
    assert ">Europe/London<" not in html and "For example Europe/London" not in html
    client.post(
        "/plan/new/when/",
        {"draft_id": draft_id(client), "due_date": future(), "time_zone": "Europe/London"},
    )
    assert client.session["plan_draft"]["steps"]["when"]["time_zone"] == "Europe/London"


def test_the_places_are_named_in_spanish_on_spanish_pages(client, content):
    walk(client, stop_before="when")
    html = client.get("/es/plan/new/when/").content.decode()
    assert '<option value="Europe/London">Reino Unido</option>' in html
    assert '<option value="America/Mexico_City">México (la mayor parte del país)</option>' in html
    assert '<option value="Africa/Lagos">Lagos (África)</option>' in html


def test_a_time_that_has_passed_today_is_an_error(client, today, content):
    walk(client, stop_before="when")
    # The clock is at 10:00 UTC.
    response = client.post(
        "/plan/new/when/",
        {
            "draft_id": draft_id(client),
            "due_date": today.isoformat(),
            "due_time": "08:00",
            "time_zone": "UTC",
        },
    )
    assert "That time has already passed today" in text_of(response)


@pytest.mark.parametrize(
    ("step", "field", "limit"),
    [
        ("who", "contact_name", 100),
        ("how", "contact_detail", 200),
        ("what", "script", 2000),
        ("support", "partner_name", 100),
    ],
)
def test_lengths_have_limits_that_the_form_shows(client, content, step, field, limit):
    walk(client, stop_before=step)
    page = client.get(f"/plan/new/{step}/").content.decode()
    assert f'maxlength="{limit}"' in page
    data = dict(step_data()[step])
    data[field] = "x" * (limit + 1)
    if "plan_draft" in client.session:
        data["draft_id"] = draft_id(client)
    response = client.post(f"/plan/new/{step}/", data)
    assert response.status_code == 200
    assert f"at most {limit} characters" in text_of(response)


def test_nul_bytes_are_refused_with_a_message(client, content):
    response = client.post(
        "/plan/new/who/",
        {"contact_kind": ContactKind.objects.get(slug="gp").pk, "contact_name": "Ana\x00"},
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in text_of(response)


def test_html_in_the_script_is_stored_as_text_and_escaped(client, content):
    data = step_data()
    data["what"]["script"] = "<script>alert('x')</script> <b>hello</b>"
    walk(client, data)
    save(client)
    plan = Plan.objects.get()
    assert plan.script == "<script>alert('x')</script> <b>hello</b>"
    html = client.get(f"/plan/{plan.pk}/").content.decode()
    assert "<script>alert" not in html and "<b>hello</b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_a_double_submit_of_the_last_step_creates_one_plan(client, content):
    walk(client)
    posted_draft = draft_id(client)
    first = save(client)
    second = client.post("/plan/new/check/", {"draft_id": posted_draft, "event_title": "Reach out"})
    assert Plan.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]


def test_a_session_that_expires_mid_wizard_starts_again_and_saves_nothing(client, content):
    walk(client, stop_before="what")
    stale = draft_id(client)
    Session.objects.all().delete()
    response = client.post("/plan/new/what/", {"draft_id": stale, "script": "Hello"})
    assert response.status_code == 302 and response["Location"] == "/plan/new/who/"
    page = client.get(response["Location"])
    assert "Your session ended before the plan was saved" in text_of(page)
    assert Plan.objects.count() == 0


def test_a_missing_step_sends_the_person_back_to_it(client, content):
    walk(client, stop_before="what")
    response = client.get("/plan/new/check/")
    assert response["Location"] == "/plan/new/what/"


def test_a_tampered_choice_is_a_form_error(client, content):
    for bad in ("999999", "abc", ""):
        response = client.post("/plan/new/who/", {"contact_kind": bad})
        assert response.status_code == 200
        assert "There is a problem" in text_of(response)
    assert Plan.objects.count() == 0


def test_an_unknown_step_is_a_404(client, content):
    assert client.get("/plan/new/elsewhere/").status_code == 404


def test_a_wizard_post_without_the_csrf_token_is_refused(content):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/plan/new/who/", {"contact_kind": ContactKind.objects.first().pk})
    assert response.status_code == 403


def test_the_checklist_result_prefills_the_kind_of_help(client, content):
    from guides.models import Statement

    harm = Statement.objects.get(key="thoughts-of-harm")
    result_url = client.post("/checklist/", {"statements": [harm.pk]})["Location"]
    result_id = result_url.rstrip("/").split("/")[-1]
    response = client.get(f"/plan/new/?result={result_id}")
    page = client.get(response["Location"])
    helpline_or_gp = ContactKind.objects.filter(slug__in=["gp", "helpline"]).order_by("order")[0]
    assert f'value="{helpline_or_gp.pk}" id="id_contact_kind_' in page.content.decode()
    assert "checked" in page.content.decode().split(f'value="{helpline_or_gp.pk}"')[1][:80]


def test_a_signed_in_person_can_opt_in_to_reminders(client, content, alice):
    alice.email_verified_at = timezone.now()
    alice.save()
    client.force_login(alice)
    walk(client)
    assert "E-mail me the day before and on the day" in text_of(client.get("/plan/new/check/"))
    save(client, remind="on", event_title="Dentist")
    plan = Plan.objects.get()
    assert plan.user == alice and plan.remind and plan.event_title == "Dentist"


def test_an_anonymous_person_cannot_turn_on_reminders(client, content):
    walk(client)
    save(client, remind="on")
    assert Plan.objects.get().remind is False


def test_each_step_form_fills_the_plan_fields_the_field_map_names():
    """The draft, saving and the data export follow PLAN_FIELDS_BY_STEP; the step forms are
    written by hand, so a field added to one and not the other is caught here."""
    assert list(STEP_FORMS) == list(PLAN_FIELDS_BY_STEP)
    for step, form in STEP_FORMS.items():
        filled = [name for name in form.base_fields if name not in ("draft_id", "barriers")]
        assert filled == PLAN_FIELDS_BY_STEP[step], step
        assert all(hasattr(Plan, name) for name in filled), step
