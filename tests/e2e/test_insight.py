"""'How First Step is used' in a real browser: a staff member logs in to the admin, reads the
tables and the chart as tables, nothing breaks the Content Security Policy, and axe finds no
problem. Saves artifacts/screenshots/insight.png to look at."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from guides.services.insight.counts import this_week
from guides.services.insight.report import last_week_over
from tests.base import PASSWORD, make_person
from tests.e2e.conftest import assert_accessible
from tests.insight.helpers import fill

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOT = Path(settings.BASE_DIR) / "artifacts" / "screenshots" / "insight.png"


def some_weeks_of_counts() -> None:
    """Fourteen weeks of a small service's counts, some of them under 10."""
    over = last_week_over(timezone.localdate())
    for n in range(14):
        week = this_week() - datetime.timedelta(weeks=n)
        fill(
            [week],
            {
                "checklist": 30 + (n * 7) % 25,
                "crisis": 4 + n % 9,
                "plan": 12 + (n * 5) % 11,
                "outcome:done": 6 + n % 7,
                "outcome:not_yet": 3,
                "signup": 8 + n % 5,
                "reminder": 15 + n % 6,
                "kind:gp": 5 + n % 3,
                "kind:friend-family": 4,
                "kind:helpline": 2,
                "barrier:fear-of-judgement": 5,
                "barrier:cost": 3,
                "barrier:where-to-start": 1 + n % 3,
            },
        )
        if week <= over:
            fill(
                [week],
                {
                    "due": 14 + (n * 3) % 9,
                    "answer:done": 5 + (n * 3) % 8,
                    "answer:done_not_well": 1,
                    "answer:not_yet": 2,
                    "answer:switched_to_backup": 1,
                },
            )


def test_staff_read_how_first_step_is_used(new_context, live_server, content):
    make_person("root@example.org", is_staff=True, is_superuser=True)
    some_weeks_of_counts()
    context = new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("E-mail address").fill("root@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="How First Step is used").first.click()
    page.wait_for_url("**/admin/insight/")

    assert page.get_by_role("heading", name="How First Step is used").is_visible()
    chart = page.get_by_role("table", name="Checklists sent and plans made each week, as bars")
    assert chart.get_by_role("row").count() == 13  # the heading and 12 weeks
    assert chart.get_by_role("columnheader", name="Plans made").is_visible()
    deadlines = page.get_by_role("table", name="Plans by the week of their deadline")
    assert deadlines.get_by_role("row").count() == 14  # the heading, 12 weeks and the total
    assert "%" in deadlines.inner_text()
    assert "fewer than 10" in page.inner_text("body")
    assert refused == []
    assert_accessible(page)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT, full_page=True, animations="disabled")
    context.close()
