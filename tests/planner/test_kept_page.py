"""The plan page comes from a skeleton kept per shape (guides.views.skeletons): it must be, byte for
byte, the page Django renders from the same plan, whatever the plan holds, in every status and
language, one after another in the same process (so that a shape the key missed would serve one
plan's skeleton for another's); and one person's words never reach another's page."""

import datetime
import gzip
import re

import pytest
import time_machine
from django.test import Client

from guides.models import Barrier, Plan, ShareLink
from guides.views import planner as planner_views
from guides.views.skeletons import (
    Mine,
    Plain,
    Shape,
    Skeleton,
    SkeletonContextError,
    render_plain,
    skeletons_kept,
)
from tests.base import make_plan

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
# Words with everything escaping must handle, and lines.
TOKEN = 'name="csrfmiddlewaretoken" value="…"'  # each request's own, in place of its token
AWKWARD = '<b>Tom & "Jerry"</b>\nit\'s\n\nnew line'


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return CSRF.sub(TOKEN, response.content.decode())


GZIP = {"Accept-Encoding": "gzip, deflate, br"}  # as a browser asks


def gzipped_page(client: Client, url: str) -> str:
    """The page as a browser that accepts gzip gets it (compressed once per shape, with the
    person's words and the CSRF token between its parts, guides.helpers.deflate), read back."""
    response = client.get(url, headers=GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    page = gzip.decompress(response.content).decode()  # its CRC-32 and length checked too
    return CSRF.sub(TOKEN, page)


def plain_page(client: Client, url: str, monkeypatch) -> str:
    with monkeypatch.context() as patched:
        patched.setattr(planner_views, "Mine", Plain)
        patched.setattr(planner_views, "render_kept", render_plain)
        return page(client, url)


SHAPES = [
    {},
    {"contact_name": "", "contact_detail": "", "script": AWKWARD},
    {"partner_name": AWKWARD, "backup": True, "backup_name": "Mo <i>"},
    {"backup": True, "backup_name": ""},
    {"status": "done", "outcome_note": AWKWARD},
    {"status": "done_not_well", "backup": True},
    {"status": "done_not_well"},
    {"status": "not_yet", "days_ahead": -2},  # past its date: "How did it go?"
    {"status": "cancelled", "due_time": None},
    {"barriers": ["I will remind myself why.", ""]},
    {"barriers": [AWKWARD]},
    {"share": True},
]


def plan_of(person, shape: dict) -> Plan:
    shape = dict(shape)
    notes = shape.pop("barriers", [])
    share = shape.pop("share", False)
    if shape.pop("backup", False):
        shape["backup_kind"] = Plan._meta.get_field("contact_kind").related_model.objects.last()
    plan = make_plan(user=person, **shape)
    for barrier, note in zip(Barrier.objects.order_by("pk"), notes, strict=False):
        plan.plan_barriers.create(barrier=barrier, note=note)
    if share:
        ShareLink.objects.create(plan=plan, display_name="Ana")
    return plan


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_every_shape_of_plan_page_is_the_page_django_renders(
    client, content, alice, prefix, monkeypatch, check_every_minute
):
    client.force_login(alice)
    for shape in SHAPES + SHAPES:  # the second time round, every page comes from its skeleton
        url = f"{prefix}/plan/{plan_of(alice, shape).pk}/"
        django_renders = plain_page(client, url, monkeypatch)
        assert page(client, url) == django_renders, shape
        assert gzipped_page(client, url) == django_renders, shape


def test_a_kept_page_holds_only_its_own_persons_words(
    client, content, alice, bob, check_every_minute
):
    alices = make_plan(user=alice, contact_name="Alice's GP", script="Alice's words")
    bobs = make_plan(user=bob, contact_name="Bob's GP", script="Bob's words")
    client.force_login(alice)
    alice_page = page(client, alices.get_absolute_url())
    client.force_login(bob)
    bob_page = page(client, bobs.get_absolute_url())  # the same shape: Alice's skeleton
    assert skeletons_kept() == 1
    assert "Bob's GP" in bob_page.replace("&#x27;", "'")
    assert "Bob&#x27;s words" in bob_page and str(bobs.pk) in bob_page
    assert "Alice" not in bob_page and str(alices.pk) not in bob_page
    assert alice_page.replace(str(alices.pk), str(bobs.pk)).replace("Alice", "Bob") == bob_page
    assert client.get(alices.get_absolute_url()).status_code == 404
    bob_compressed = client.get(bobs.get_absolute_url(), headers=GZIP).content
    assert CSRF.sub(TOKEN, gzip.decompress(bob_compressed).decode()) == bob_page
    for alices_own in ("Alice", str(alices.pk)):
        assert alices_own.encode() not in gzip.decompress(bob_compressed)
    # Bob's words are in his compressed page as he wrote them (escaped): never compressed.
    assert b"Bob&#x27;s words" in bob_compressed and str(bobs.pk).encode() in bob_compressed


def test_a_form_on_the_compressed_page_posts_with_its_token(content, alice, check_every_minute):
    browser = Client(enforce_csrf_checks=True, headers=GZIP)
    browser.force_login(alice)
    plan = make_plan(user=alice)
    response = browser.get(plan.get_absolute_url())
    tokens = re.findall(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', gzip.decompress(response.content).decode()
    )
    assert tokens and len(set(tokens)) == 1  # one token for the page's forms
    new_date = (datetime.date.today() + datetime.timedelta(days=4)).isoformat()
    answer = browser.post(
        f"{plan.get_absolute_url()}not-yet/",
        {"csrfmiddlewaretoken": tokens[0], "due_date": new_date, "time_zone": "Europe/London"},
    )
    assert answer.status_code == 302
    plan.refresh_from_db()
    assert plan.due_date.isoformat() == new_date
    refused = browser.post(
        f"{plan.get_absolute_url()}not-yet/",
        {"csrfmiddlewaretoken": "x" * 64, "due_date": new_date, "time_zone": "Europe/London"},
    )
    assert refused.status_code == 403


HEADERS_OF_THE_BODY = {"Content-Length"}  # the two compressions make different bytes


@pytest.mark.parametrize("accepts", [GZIP, {"Accept-Encoding": "identity"}, {}])
def test_a_kept_page_has_the_headers_gzip_middleware_gives(
    client, content, alice, accepts, monkeypatch, check_every_minute
):
    client.force_login(alice)
    url = make_plan(user=alice).get_absolute_url()
    # Each answer's `Expires` (never_cache) is the second it was sent: the skeleton is made, then
    # the kept page and Django's are both sent a few seconds later, on a stopped clock. (On a
    # running clock the two answers differed there alone when a second turned between them, as
    # once in CI; a kept page still showing its skeleton's time would differ here every time.)
    made = datetime.datetime.now(datetime.UTC)
    with time_machine.travel(made, tick=False):
        client.get(url, headers=accepts)
    with time_machine.travel(made + datetime.timedelta(seconds=5), tick=False):
        kept = client.get(url, headers=accepts)  # from its skeleton
        with monkeypatch.context() as patched:
            patched.setattr(planner_views, "Mine", Plain)
            patched.setattr(planner_views, "render_kept", render_plain)
            django_renders = client.get(url, headers=accepts)  # compressed by GZipMiddleware
    assert headers_of(kept) == headers_of(django_renders)
    assert kept["Content-Length"] == str(len(kept.content))
    assert kept.has_header("Content-Encoding") == (accepts == GZIP)
    assert not kept.has_header("ETag")  # a personal page is never stored, so none to weaken


def headers_of(response) -> dict:
    headers = {k: v for k, v in response.headers.items() if k not in HEADERS_OF_THE_BODY}
    headers["Vary"] = sorted(headers["Vary"].split(", "))  # the same names, in another order
    return headers


def test_a_message_is_shown_once_then_the_page_is_kept_again(
    client, content, alice, monkeypatch, check_every_minute
):
    client.force_login(alice)
    plan = make_plan(user=alice)
    url = plan.get_absolute_url()
    kept_before = page(client, url)
    new_date = (datetime.date.today() + datetime.timedelta(days=4)).isoformat()
    answer = client.post(
        f"{url}not-yet/", {"due_date": new_date, "time_zone": "Europe/London"}, follow=True
    )
    assert "Not yet is not never" in answer.content.decode()
    after = page(client, url)
    assert "Not yet is not never" not in after
    assert after == plain_page(client, url, monkeypatch) != kept_before  # a new date


def test_a_template_that_reads_a_name_the_page_lacks_fails_loudly():
    with pytest.raises(SkeletonContextError):
        Shape(status="done")["contact_name"]


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_every_list_of_plans_is_the_page_django_renders(
    client, content, alice, prefix, monkeypatch, check_every_minute
):
    client.force_login(alice)
    url = f"{prefix}/plan/"
    assert page(client, url) == plain_page(client, url, monkeypatch)  # no plans yet
    for shape in SHAPES:  # one more plan each time, some the same shape as one before
        plan_of(alice, shape)
        assert page(client, url) == plain_page(client, url, monkeypatch), shape
        django_renders = plain_page(client, url, monkeypatch)
        assert page(client, url) == gzipped_page(client, url) == django_renders, shape


def test_a_list_kept_for_one_person_shows_another_only_their_own(
    client, content, alice, bob, check_every_minute
):
    alices = make_plan(user=alice, contact_name="Alice's GP")
    bobs = make_plan(user=bob, contact_name="Bob's GP")
    client.force_login(alice)
    page(client, "/plan/")
    client.force_login(bob)
    bob_page = page(client, "/plan/")
    assert "Bob&#x27;s GP" in bob_page and str(bobs.pk) in bob_page
    assert "Alice" not in bob_page and str(alices.pk) not in bob_page


def test_a_slot_not_of_the_length_it_was_compressed_for_goes_uncompressed(rf):
    request = rf.get("/", headers=GZIP)
    skeleton = Skeleton.of(["<p>" * 100, 1, "</p>" * 100], False, {1: 5})
    mine = Mine()
    mine.fills.append("12345")
    assert (
        gzip.decompress(skeleton.response(request, mine).content)
        == b"<p>" * 100 + b"12345" + b"</p>" * 100
    )
    mine.fills[1] = "1234"
    response = skeleton.response(request, mine)
    assert not response.has_header("Content-Encoding")
    assert response.content == b"<p>" * 100 + b"1234" + b"</p>" * 100
