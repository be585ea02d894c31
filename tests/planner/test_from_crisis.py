"""After a crisis answer, contact comes first: the result leads with the lines to call or text
today, and a planner started from the crisis lines plans a call to one of them, for today, with
the lines at the top of each step. Everywhere else the kinds of help keep their order."""

import datetime
import re
import zoneinfo

import pytest
import time_machine

from guides.models import ContactKind, Statement
from tests.base import text_of
from tests.planner.test_wizard import draft_id, step_data

pytestmark = pytest.mark.django_db

PANEL = '<section class="crisis-panel"'  # not the copy the script shows beside a field
TODAY = datetime.datetime(2027, 3, 9, 10, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY.date()


def crisis_result(client) -> str:
    crisis = Statement.objects.get(key="thoughts-of-harm")
    ready = Statement.objects.filter(group__kind="readiness")[:3]
    response = client.post("/checklist/", {"statements": [crisis.pk, *(s.pk for s in ready)]})
    return response["Location"]


def chosen_kind(response) -> str:
    html = response.content.decode()
    checked = re.search(r'<input[^>]*name="contact_kind"[^>]*value="(\d+)"[^>]*checked', html)
    return ContactKind.objects.get(pk=checked.group(1)).slug if checked else ""


def main_of(response) -> str:
    return response.content.decode().split('<main id="main"', 1)[1]


def test_a_crisis_result_leads_with_a_line_to_call(client, content):
    client.cookies["region"] = "UK"
    response = client.get(crisis_result(client))
    main = main_of(response)
    heading, after = main.split("</h1>", 1)
    assert "You don’t have to carry this alone" in heading
    links = re.findall(r'<a [^>]*href="([^"]+)"', after)
    assert links[0] == "tel:116123"  # Samaritans
    assert "Call 116 123" in text_of(response)


def test_a_crisis_result_has_no_list_of_steps_still_open(client, content):
    text = text_of(client.get(crisis_result(client)))
    assert "Steps still open" not in text
    assert "Kinds of help that fit" not in text


def test_planning_comes_after_the_lines_and_plans_a_call_for_today(client, content):
    client.cookies["region"] = "US"
    result = crisis_result(client)
    main = main_of(client.get(result))
    result_id = result.rstrip("/").rsplit("/", 1)[1]
    plan_link = f'href="/plan/new/who/?result={result_id}&amp;from=crisis"'
    assert plan_link in main
    assert main.index("tel:988") < main.index(plan_link)
    assert "Plan my first step" not in main


def test_the_planner_from_a_crisis_result_has_the_helpline_chosen(client, content):
    result = crisis_result(client)
    result_id = result.rstrip("/").rsplit("/", 1)[1]
    response = client.get("/plan/new/who/", {"result": result_id, "from": "crisis"})
    assert chosen_kind(response) == "helpline"
    main = main_of(response)
    assert main.index(PANEL) < main.index("<h1")  # the lines at the top
    assert 'name="from" value="crisis"' in main


def test_the_crisis_panel_offers_a_plan_to_call_a_line(client, content):
    crisis = Statement.objects.get(key="thoughts-of-harm")
    response = client.post(
        "/checklist/", {"statements": [crisis.pk], "unexpected": "x"}
    )  # the form again, with the panel
    assert 'href="/plan/new/who/?from=crisis"' in response.content.decode()
    assert chosen_kind(client.get("/plan/new/who/?from=crisis")) == "helpline"


def test_elsewhere_the_kinds_of_help_keep_their_order(client, content):
    assert chosen_kind(client.get("/plan/new/who/")) == ""
    gp_tick = Statement.objects.get(key="gets-in-the-way")
    result = client.post("/checklist/", {"statements": [gp_tick.pk]})["Location"]
    result_id = result.rstrip("/").rsplit("/", 1)[1]
    response = client.get("/plan/new/who/", {"result": result_id})
    assert chosen_kind(response) == "friend-family"  # the first by order, as before
    assert PANEL not in response.content.decode()


@pytest.mark.parametrize("value", ["Crisis", "x", "crisis2", ""])
def test_only_from_crisis_is_taken(client, content, value):
    response = client.get("/plan/new/who/", {"from": value})
    assert chosen_kind(response) == ""
    assert PANEL not in response.content.decode()


def test_each_step_of_a_plan_from_the_crisis_lines_shows_the_lines(client, content, today):
    client.cookies["region"] = "UK"
    data = step_data()
    data["who"] = {"contact_kind": ContactKind.objects.get(slug="helpline").pk}
    data["when"] = {**data["when"], "due_date": today.isoformat(), "due_time": ""}
    response = client.post("/plan/new/who/", {**data["who"], "from": "crisis"})
    assert client.session["plan_draft"]["crisis"] is True
    for step in ("how", "what", "when", "support"):
        page = client.get(response["Location"])
        main = main_of(page)
        assert main.index(PANEL) < main.index("<h1"), step
        assert "You can talk to someone today" in text_of(page)
        assert "tel:116123" in main
        response = client.post(f"/plan/new/{step}/", {**data[step], "draft_id": draft_id(client)})
        assert response.status_code == 302, (step, text_of(client.get(f"/plan/new/{step}/")))
    check = client.get(response["Location"])
    assert PANEL in main_of(check)
    saved = client.post(
        "/plan/new/check/", {"draft_id": draft_id(client), "event_title": "Reach out"}
    )
    assert saved.status_code == 302
    assert "plan_draft" not in client.session  # the flag goes with the draft


def test_a_plan_from_the_crisis_lines_suggests_today(client, content, today):
    client.post("/plan/new/who/", {"contact_kind": ContactKind.objects.get(slug="helpline").pk,
                                   "from": "crisis"})  # fmt: skip
    response = client.get("/plan/new/when/")
    html = response.content.decode()
    assert re.search(rf'name="due_date"[^>]*value="{today.isoformat()}"', html)
    assert "data-suggest-today" in html  # the browser's own today, with JavaScript
    assert "Today, if you can." in text_of(response)
    assert "Pick a day soon" not in text_of(response)


def test_a_plan_not_from_the_crisis_lines_suggests_no_date(client, content, today):
    client.post("/plan/new/who/", step_data()["who"])
    response = client.get("/plan/new/when/")
    assert not re.search(r'name="due_date"[^>]*value="', response.content.decode())
    assert "Pick a day soon" in text_of(response)


def test_old_links_to_the_planner_keep_working_with_their_query(client, content):
    response = client.get("/plan/new/", {"result": "abc", "from": "crisis"})
    assert response["Location"] == "/plan/new/who/?result=abc&from=crisis"
    assert client.get("/plan/new/", {"from": "elsewhere"})["Location"] == "/plan/new/who/"
