"""Home, About, Privacy, health checks, and what every page carries (the way to Get help now,
landmarks, security headers). Get help now itself: tests/crisis/test_help_now.py."""

import re
from unittest import mock

import pytest
from django.db import OperationalError

from tests.base import text_of

pytestmark = pytest.mark.django_db

PAGES = ["/", "/guide/", "/guide/introduction/", "/help-now/", "/about/", "/privacy/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_links_to_get_help_now_in_its_header(client, content, url):
    response = client.get(url)
    assert response.status_code == 200
    header = response.content.decode().split("</header>")[0]
    assert '<a class="help-now-link" href="/help-now/">Get help now</a>' in header


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_one_h1_a_skip_link_and_landmarks(client, content, url):
    html = client.get(url).content.decode()
    assert html.count("<h1") == 1
    assert '<a class="skip-link" href="#main">' in html
    for landmark in ("<header", '<main id="main"', "<footer", "<nav"):
        assert landmark in html


@pytest.mark.parametrize("url", PAGES)
def test_no_page_loads_anything_from_elsewhere(client, content, url):
    html = client.get(url).content.decode()
    for attribute in ('src="http', 'src="//', 'href="//', "@import"):
        assert attribute not in html
    assert '<link rel="stylesheet" href="/static/' in html


def test_the_home_page_says_what_the_site_is_for_and_offers_ways_in(client, content):
    response = client.get("/")
    assert "Read the guide" in text_of(response)
    assert 'href="/guide/"' in response.content.decode()


def test_about_credits_the_article_and_its_author(client):
    text = text_of(client.get("/about/"))
    assert "Asking for Help is the First Step" in text
    assert "Dr. Emily Williams Jones" in text
    assert "not a substitute for professional care" in text


def test_privacy_says_what_is_stored_where_and_for_how_long(client):
    text = text_of(client.get("/privacy/"))
    for words in ("What we store, where, and for how long", "cookie", "90 days", "no analytics"):
        assert words in text


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_readyz_answers_200_when_the_database_answers(client):
    assert client.get("/readyz").status_code == 200


def test_readyz_answers_503_when_the_database_does_not(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError):
        assert client.get("/readyz").status_code == 503


def test_a_database_outage_is_a_friendly_503_page(client):
    with mock.patch("guides.views.pages.read_section_ids", side_effect=OperationalError("down")):
        response = client.get("/")
    assert response.status_code == 503
    assert "We’ll be back in a moment" in text_of(response)
    assert "988" in text_of(response)


def test_the_500_page_still_offers_get_help_now(client):
    client.raise_request_exception = False
    with mock.patch("guides.views.pages.read_section_ids", side_effect=RuntimeError("boom")):
        response = client.get("/")
    assert response.status_code == 500
    assert "Get help now" in text_of(response)
    assert "boom" not in response.content.decode()


def test_responses_carry_the_security_headers(client, content):
    response = client.get("/guide/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/guides/first-step/barriers/", "/guide/barriers/"),
        ("/guides/first-step/", "/guide/"),
        ("/es/guides/first-step/barriers/", "/es/guide/barriers/"),
        ("/es/guides/first-step/", "/es/guide/"),
    ],
)
def test_the_second_address_of_each_guide_page_redirects_for_good(client, content, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(new).status_code == 200


def test_a_result_links_to_guide_steps_at_their_one_address(client, content):
    from guides.models import Statement

    statement = Statement.objects.get(key="admitted-need")
    result = client.post("/checklist/", {"statements": [statement.pk]})["Location"]
    html = client.get(result).content.decode()
    assert 'href="/guide/' in html
    assert "/guides/first-step/" not in html


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_planner_links_go_straight_to_its_first_step(client, content, prefix):
    from guides.models import Statement

    statement = Statement.objects.get(key="lasted-two-weeks")
    result = client.post(f"{prefix}/checklist/", {"statements": [statement.pk]})["Location"]
    pages = [f"{prefix}/", f"{prefix}/plan/", result, f"{prefix}/guide/first-step/"]
    for url in pages:
        html = client.get(url).content.decode()
        assert f'href="{prefix}/plan/new/who/' in html, url
        assert not re.search(rf'href="{prefix}/plan/new/(\?|")', html), url


def test_the_privacy_table_has_a_caption(client, content):
    html = client.get("/privacy/").content.decode()
    table = html.split("<table>", 1)[1]
    assert table.lstrip().startswith("<caption")
    assert "What we store, where, and for how long" in table.split("</caption>")[0]


def test_privacy_lists_every_weekly_count_that_is_kept(client, db):
    from guides.services.insight import counts

    text = text_of(client.get("/privacy/"))
    assert "opened the crisis route" in text
    assert "The kind of help each plan is to contact first" in text
    assert "Each thing that might get in the way ticked in a plan" in text
    for description in counts.KEPT_COUNTS.values():
        assert str(description) in text


def test_every_count_the_site_keeps_is_described_for_the_privacy_page(content, alice):
    """A new count added to guides.services.insight.counts is listed on the privacy page too."""
    import datetime

    from django.utils import timezone

    from guides.models import Barrier, SafetyPlan
    from guides.services.insight import counts
    from tests.base import make_plan

    plan = make_plan(user=alice, status="done")
    a_month_ago = timezone.now() - datetime.timedelta(days=30)
    safety_plan = SafetyPlan.objects.create(user=alice)
    SafetyPlan.objects.filter(pk=safety_plan.pk).update(created_at=a_month_ago)
    safety_plan.refresh_from_db()
    tallies = [
        counts.checklist_sent(crisis=True),
        counts.plan_made(plan, barrier_slugs=[Barrier.objects.first().slug]),
        counts.plan_answered(plan, before="planned", due_date=plan.due_date),
        counts.reminder_sent(plan, now=plan.due_at),
        counts.signed_up(),
        counts.safety_plan_made(safety_plan),
        counts.safety_plan_updated(safety_plan, last_saved=a_month_ago),
    ]
    metrics = {metric for tally in tallies for (_week, _language, metric) in tally.changes}
    described = set(counts.KEPT_COUNTS)
    for metric in metrics:
        assert metric in described or any(
            metric.startswith(family) for family in described if family.endswith(":")
        ), metric


def test_privacy_says_what_superusers_and_share_links_can_see(client, db):
    text = text_of(client.get("/privacy/"))
    assert "superusers, can also see each account’s e-mail address" in text
    assert "when it last logged in" in text
    assert "anyone who has the link sees the name you chose" in text
    assert "a job that runs every night" in text
