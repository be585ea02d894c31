"""The finished safety plan comes from a skeleton kept per shape (guides.views.skeletons): byte
for byte the page Django renders from the same plan, for every shape of plan, signed in or not, in
each language and region, one after another in the same process; one person's words never reach
another's page."""

import gzip
import re

import pytest
from django.test import Client

from guides.models import SafetyPlan, SafetyPlanShare
from guides.models.safety_plan import STEPS
from guides.views import safety_plan as safety_plan_views
from guides.views.skeletons import Plain, render_plain

from .helpers import make_safety_plan

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
AWKWARD = '<b>Tom & "Jerry"</b>\nit\'s\n\n  new line  '


def page(client: Client, url: str = "/safety-plan/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return CSRF.sub('name="csrfmiddlewaretoken" value="…"', response.content.decode())


def gzipped_page(client: Client, url: str = "/safety-plan/") -> str:
    """The page as a browser that accepts gzip gets it (compressed once per shape, with the
    person's words and the CSRF token between its parts), read back."""
    response = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    page = gzip.decompress(response.content).decode()  # its CRC-32 and length checked too
    return CSRF.sub('name="csrfmiddlewaretoken" value="…"', page)


def plain_page(client: Client, monkeypatch, url: str = "/safety-plan/") -> str:
    with monkeypatch.context() as patched:
        patched.setattr(safety_plan_views, "Mine", Plain)
        patched.setattr(safety_plan_views, "render_kept", render_plain)
        return page(client, url)


SHAPES = [
    {},
    {"warning_signs": AWKWARD, "helpers": [{"name": AWKWARD, "phone": ""}]},
    {"helpers": [{"name": "", "phone": "07700 900123"}, {"name": "Jo", "phone": "+1 555"}]},
    {"professionals": [], "safer": "", "matters_most": ""},
    {"share": True},
]


def set_plan(plan: SafetyPlan, shape: dict) -> None:
    shape = dict(shape)
    SafetyPlanShare.objects.filter(plan=plan).delete()
    if shape.pop("share", False):
        SafetyPlanShare.objects.create(plan=plan)
    for name, value in shape.items():
        setattr(plan, name, value)
    plan.steps_seen = list(STEPS)
    plan.save()


@pytest.mark.parametrize("prefix", ["", "/es"])
@pytest.mark.parametrize("signed_in", [True, False])
def test_every_shape_of_safety_plan_is_the_page_django_renders(
    client, content, alice, prefix, signed_in, monkeypatch, check_every_minute
):
    if signed_in:
        client.force_login(alice)
    plan = make_safety_plan(client)
    client.get("/safety-plan/")  # "Your safety plan is saved": shown once
    for region in ("", "UK"):
        if region:
            client.cookies["region"] = region
        for shape in SHAPES + SHAPES:  # the second time round, from the skeletons
            set_plan(plan, shape)
            url = f"{prefix}/safety-plan/"
            django_renders = plain_page(client, monkeypatch, url)
            assert page(client, url) == gzipped_page(client, url) == django_renders, (region, shape)


def test_a_kept_safety_plan_holds_only_its_own_persons_words(
    content, alice, bob, check_every_minute
):
    pages = {}
    for person in (alice, bob):
        client = Client()
        client.force_login(person)
        plan = make_safety_plan(client)
        set_plan(plan, {"matters_most": f"{person.email}'s dog"})
        page(client)  # "Your safety plan is saved": shown once
        pages[person.email] = gzipped_page(client)
        assert pages[person.email] == page(client)
    assert "alice@example.org" in pages["alice@example.org"]
    assert "alice" not in pages["bob@example.org"] and "bob@example.org" in pages["bob@example.org"]


def test_a_form_on_a_compressed_step_posts_with_its_token(content, alice, check_every_minute):
    browser = Client(enforce_csrf_checks=True, headers={"Accept-Encoding": "gzip"})
    browser.force_login(alice)
    url = f"/safety-plan/{STEPS[0]}/"
    for _ in range(2):  # the second from its skeleton
        response = browser.get(url)
    assert response["Content-Encoding"] == "gzip"
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', gzip.decompress(response.content).decode()
    )
    assert token is not None
    answer = browser.post(url, {"csrfmiddlewaretoken": token.group(1), "words": "Not sleeping."})
    assert answer.status_code == 302
    assert SafetyPlan.objects.get(user=alice).warning_signs == "Not sleeping."


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_every_step_is_the_page_django_renders(
    client, content, alice, prefix, monkeypatch, check_every_minute
):
    client.force_login(alice)
    urls = [f"{prefix}/safety-plan/{step}/" for step in STEPS]
    urls += [f"{url}?change=1" for url in urls]
    for url in urls:  # before there is a plan
        assert page(client, url) == plain_page(client, monkeypatch, url), url
    plan = make_safety_plan(client)
    client.get("/safety-plan/")  # "Your safety plan is saved": shown once
    for shape in SHAPES:
        set_plan(plan, shape)
        for url in urls:
            django_renders = plain_page(client, monkeypatch, url)
            assert page(client, url) == gzipped_page(client, url) == django_renders, (url, shape)
