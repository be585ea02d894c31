"""The planner in Chromium: the whole wizard with JavaScript on and off, sign-up claiming an
anonymous plan, and downloading then deleting one's data."""

import datetime
import json
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from guides.models import Plan, User
from tests.base import PASSWORD
from tests.e2e.conftest import assert_accessible
from tests.e2e.pages import sign_up_in_browser

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def make_plan_in_browser(page):
    """Each step of the wizard, as a person fills it in. (Every step's page, and the plan's, is
    checked for accessibility with every page of the site: tests/e2e/test_every_page.py.)"""
    page.goto("/plan/new/")
    expect(page.locator(".step-count")).to_contain_text("Step 1 of 5")
    page.get_by_label("A friend or family member").check()
    page.get_by_label("Their name (optional)").fill("my sister Ana")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".step-count")).to_contain_text("Step 2 of 5")
    page.get_by_label("Text", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("What will you say?")).not_to_be_empty()
    page.get_by_label("What will you say?").fill("Ana, I’ve been having a hard time. Can we talk?")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Date").fill("2001-01-01")
    page.get_by_label("Your time zone").select_option("Europe/London")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".error-summary")).to_contain_text("The date is in the past")
    due = timezone.now().date() + datetime.timedelta(days=4)
    page.get_by_label("Date").fill(due.isoformat())
    page.get_by_label("Time (optional)").fill("18:00")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Fear of being judged", exact=True).check()
    page.get_by_label("My note on “Fear of being judged” (optional)").fill("She won't judge me.")
    page.get_by_role("button", name="Check my plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your plan")
    expect(page.locator(".if-then")).to_contain_text("I will text my sister Ana.")
    page.get_by_role("link", name="Change what I’ll say").click()
    page.get_by_label("What will you say?").fill("Ana, can we talk this week?")
    page.get_by_role("button", name="Save and go back to your answers").click()
    expect(page.locator(".summary-list")).to_contain_text("Ana, can we talk this week?")
    page.get_by_role("button", name="Save my plan").click()
    expect(page.locator(".plan-card")).to_contain_text("I will text my sister Ana.")
    return due


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_the_whole_wizard(new_context, live_server, content, javascript):
    context = new_context(java_script_enabled=javascript, base_url=live_server.url)
    page = context.new_page()
    due = make_plan_in_browser(page)
    plan = Plan.objects.get()
    assert plan.script == "Ana, can we talk this week?" and plan.due_date == due
    assert plan.plan_barriers.get().note == "She won't judge me."
    with page.expect_download() as download:
        page.get_by_role("link", name="Add the date to my calendar (.ics)").click()
    assert download.value.suggested_filename == "first-step.ics"
    page.get_by_role("link", name="My plans").first.click()
    expect(page.locator(".plan-list__item")).to_have_count(1)
    context.close()


def test_sign_up_then_log_in_claims_an_anonymous_plan(site_page):
    page = site_page
    make_plan_in_browser(page)
    page.get_by_role("link", name="Create an account").click()
    assert_accessible(page)
    page.get_by_label("E-mail address").fill("ana@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert_accessible(page)
    link = re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    expect(page.locator(".notice")).to_contain_text("Your e-mail address is confirmed")
    page.get_by_label("E-mail address").fill("ana@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    assert_accessible(page)
    page.get_by_role("link", name="Your plans").click()
    expect(page.locator(".plan-list__item")).to_have_count(1)
    assert Plan.objects.get().user == User.objects.get(email="ana@example.org")


def test_download_then_delete_my_data(site_page):
    page = site_page
    make_plan_in_browser(page)
    sign_up_in_browser(page, "ana@example.org")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data (JSON)").click()
    data = json.loads(download.value.path().read_text())
    assert data["account"]["email"] == "ana@example.org"
    assert data["plans"][0]["contact_name"] == "my sister Ana"
    page.get_by_role("link", name="Delete my account and everything in it").click()
    assert_accessible(page)
    page.get_by_label("Your password").fill("wrong password here")
    page.get_by_role("button", name="Delete everything").click()
    expect(page.locator(".error-summary")).to_contain_text("That password is not right.")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete everything").click()
    expect(page.locator(".notice")).to_contain_text("have been deleted")
    assert not User.objects.exists() and not Plan.objects.exists()


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_it_went_badly_leads_to_the_backup_and_to_help(
    new_context, live_server, content, javascript
):
    from guides.models import ContactKind
    from tests.base import make_person, make_plan

    person = make_person("ana@example.org")
    make_plan(
        user=person,
        backup_kind=ContactKind.objects.get(slug="helpline"),
        backup_name="Samaritans",
    )
    context = new_context(java_script_enabled=javascript, base_url=live_server.url)
    page = context.new_page()
    page.goto("/accounts/login/?next=/plan/")
    page.get_by_label("E-mail address").fill("ana@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator(".plan-list__title a").click()
    page.get_by_role("button", name="I did it, but it didn’t go well").click()
    card = page.locator(".not-well")
    expect(card).to_contain_text("says nothing about whether you deserve help")
    if javascript:  # axe runs in the page, so only with JavaScript on
        assert_accessible(page)
    card.get_by_role("link", name="Talk to someone now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get help now")
    page.go_back()
    page.locator(".not-well").get_by_role(
        "button", name="Plan to try my backup: Samaritans"
    ).click()
    expect(page.locator(".step-count")).to_contain_text("Step 2 of 5")
    assert Plan.objects.get().status == Plan.Status.DONE_NOT_WELL
    context.close()
