"""Two app instances share one database: a person can move between them mid-task.

Starts two gunicorn processes (helpseek/gunicorn.conf.py, as `make serve` does, one worker each)
on the test database, as two instances behind a load balancer would be. One browser, with one
cookie jar (cookies are not kept apart by port, so a real browser shares them too), logs in on A
with the form's CSRF token, walks the planner's wizard switching instance at every step (the
draft lives in the shared session), saves on B and reads the plan list and the plan on A, then
logs out on B and is logged out on A as well.

HELPSEEK_TESTING=1 lets gunicorn serve static files without collectstatic and send cookies over
plain http; debug stays off and both instances share one SECRET_KEY, as they must.
"""

import datetime
import secrets

import pytest
from django.utils import timezone

from guides.models import Barrier, ContactKind, ContactMethod, Plan
from tests.base import PASSWORD, load_real_content, make_person
from tests.servers import Browser, production_server


def wizard_answers() -> dict:
    judged = Barrier.objects.get(slug="fear-of-judgement")
    due = timezone.now().date() + datetime.timedelta(days=5)
    return {
        "who": {"contact_kind": ContactKind.objects.get(slug="gp").pk, "contact_name": "Dr Lee"},
        "how": {"contact_method": ContactMethod.objects.get(slug="call").pk},
        "what": {"script": "I have been struggling and I would like some help."},
        "when": {"due_date": due.isoformat(), "due_time": "09:30", "time_zone": "Europe/London"},
        "support": {"partner_name": "Sam", "barriers": [judged.pk], f"note_{judged.pk}": ""},
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_person_moves_between_two_instances_mid_task():
    load_real_content()
    alice = make_person("alice@example.org")
    browser = Browser()
    secret_key = secrets.token_urlsafe(50)  # one for both: sessions are signed with it
    with (
        production_server(SECRET_KEY=secret_key) as a_server,
        production_server(SECRET_KEY=secret_key) as b_server,
    ):
        a, b = a_server.url, b_server.url
        # Log in on A, with the CSRF token from A's form.
        location, _ = browser.submit(
            a, "/accounts/login/", {"username": alice.email, "password": PASSWORD}
        )
        assert location == "/"
        assert "alice@example.org" in browser.get(b, "/account/")  # B knows the session

        # The wizard, a step on each instance in turn: the draft is in the shared session.
        for number, (step, answers) in enumerate(wizard_answers().items()):
            browser.submit((a, b)[number % 2], f"/plan/new/{step}/", answers)
        location, _ = browser.submit(b, "/plan/new/check/", {"event_title": "Reach out"})
        plan = Plan.objects.get(user=alice)
        assert location == f"/plan/{plan.pk}/"

        # Saved through B, read through A.
        plan_list = browser.get(a, "/plan/")
        assert f'href="/plan/{plan.pk}/"' in plan_list and "Dr Lee" in plan_list
        assert "Dr Lee" in browser.get(a, f"/plan/{plan.pk}/")

        # Logged out through B is logged out on A too.
        browser.submit(b, "/accounts/logout/", {}, page=browser.get(b, "/account/"))
        browser.get(a, f"/plan/{plan.pk}/", expect=404)
