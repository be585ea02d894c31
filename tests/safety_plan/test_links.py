"""“Make a safety plan” wherever the crisis lines are; once the person has a plan, the links
open it instead."""

import pytest

from guides.models import Statement
from tests.base import make_plan, text_of

from .helpers import make_safety_plan

pytestmark = pytest.mark.django_db


def _crisis_result(client, prefix: str = "") -> str:
    crisis = Statement.objects.get(is_crisis=True)
    response = client.post(f"{prefix}/checklist/", {"statements": [crisis.pk]})
    assert response.status_code == 302
    return response["Location"]


def test_get_help_now_offers_a_safety_plan(client, content):
    response = client.get("/help-now/")
    assert 'href="/safety-plan/">Make a safety plan</a>' in response.content.decode()


def test_the_result_after_a_crisis_answer_offers_it_in_the_crisis_panel(client, content):
    page = client.get(_crisis_result(client))
    html = page.content.decode()
    panel = html[html.index('class="crisis-panel') :]
    assert 'href="/safety-plan/">Make a safety plan</a>' in panel[: panel.index("</section>")]


def test_in_spanish_it_is_haz_tu_plan_de_seguridad(client, content):
    page = client.get(_crisis_result(client, "/es"))
    assert 'href="/es/safety-plan/">Haz tu plan de seguridad</a>' in page.content.decode()
    assert "Haz tu plan de seguridad" in text_of(client.get("/es/help-now/"))


def test_a_plan_that_went_badly_offers_it(client, content, alice):
    client.force_login(alice)
    plan = make_plan(user=alice, status="done_not_well")
    html = client.get(f"/plan/{plan.pk}/").content.decode()
    assert 'href="/safety-plan/">Make a safety plan</a>' in html
    other = make_plan(user=alice)
    assert "Make a safety plan" not in client.get(f"/plan/{other.pk}/").content.decode()


def test_the_faq_answer_about_saying_i_feel_suicidal_offers_it(client, content):
    html = client.get("/guide/faq/").content.decode()
    answer = html[html.index("What happens if I tell someone I feel suicidal?") :]
    assert (
        'href="/safety-plan/" rel="noopener noreferrer">Make a safety plan</a>'
        in answer[: answer.index("<h2")]
    )
    assert "Haz tu plan de seguridad</a>" in client.get("/es/guide/faq/").content.decode()


def test_once_there_is_a_plan_the_links_open_it(client, content):
    make_safety_plan(client)
    for path in ("/help-now/", _crisis_result(client)):
        html = client.get(path).content.decode()
        assert 'href="/safety-plan/">Open my safety plan</a>' in html
        assert "Make a safety plan" not in html
