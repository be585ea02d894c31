"""Helpers shared by the tests: people, factories and page checks."""

import datetime
import html as html_module
import json
import os
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings

from guides.models import CrisisResource, Guide, Section, User
from guides.models.guide import add_months
from guides.services.content_loading import SECTION_WORDS, load_content

# The moment a test that needs "today" lives at (the `today` fixture fixes the clock there), so
# that the words it checks are the same on any day the suite runs: a Monday in December, near
# enough the year's end that a date a month ahead is in another year.
TODAY = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.UTC)

PASSWORD = "a long and memorable passphrase"
# Debian's Chromium headless shell (chromium-headless-shell): the headless build Playwright runs
# by default, with Chromium's own Blink and V8 but not the desktop browser around them, which
# took a quarter of the suite's time. CHROMIUM=/usr/bin/chromium runs the same tests in the full
# browser.
CHROMIUM_PATH = os.environ.get("CHROMIUM") or "/usr/bin/chromium-headless-shell"
# The full browser, for what the shell does not do: telling whether a site can be installed as an
# app (the shell's answer is "nothing in the way" for any page, with a manifest or without).
FULL_CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CONTENT_DIR = Path(settings.BASE_DIR) / "content"


# What the public pages use; collecting the admin's files too would only make tests slower.
STATIC_NOT_NEEDED = ["admin", "ext", "htmax-*", "htmx-4*", "htmx-2.js"]


def production_static_settings(static_root: Path):
    """Settings under which static files come from collectstatic, as in production: hashed
    names from the manifest, served by whitenoise with their brotli and gzip copies."""
    return override_settings(
        STATIC_ROOT=static_root,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    )


def load_real_content():
    # A flush makes the content types again under new ids, and load_content's history rows
    # would otherwise name the ids cached before it.
    ContentType.objects.clear_cache()
    return load_content(CONTENT_DIR)


def date_the_content_from(today: datetime.date) -> None:
    """The shipped content, as if it had been reviewed and its crisis lines checked a week before
    `today`. The files carry the day they were written, so a year on every section would be
    overdue for review and every line overdue for its check, whichever day the tests run."""
    from guides.models.base import approved_write

    week_ago = today - datetime.timedelta(days=7)
    with approved_write():  # as an approver's "Mark as checked" would
        CrisisResource.objects.update(last_checked=week_ago)
    reviewed = Section.objects.filter(last_reviewed__isnull=False)
    for months in set(reviewed.values_list("review_interval_months", flat=True)):
        reviewed.filter(review_interval_months=months).update(
            last_reviewed=week_ago, next_review_due=add_months(week_ago, months)
        )


def make_person(email: str, *, group: str | None = None, **fields) -> User:
    """Someone with an account whose address is confirmed, so they can log in."""
    from django.utils import timezone

    fields.setdefault("email_verified_at", timezone.now())
    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_guide(sections: int = 3, *, slug: str = "test-guide", order: int = 0) -> Guide:
    guide = Guide.objects.create(slug=slug, title="Test guide", summary="For tests.", order=order)
    Section.objects.bulk_create(
        [
            Section(
                guide=guide,
                slug=f"step-{n}",
                title=f"Step title {n}",
                summary=f"Summary {n}",
                body=f"Body of step {n}.",
                body_html=f"<p>Body of step {n}.</p>",
                key_points="One\nTwo",
                order=n,
            )
            for n in range(1, sections + 1)
        ]
    )
    return guide


def text_of(response) -> str:
    """The visible text of an HTML response, with tags removed and spaces folded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def make_plan(*, user=None, session_key=None, days_ahead: int = 3, **fields):
    """A saved plan, built from the default choices (load the content first)."""
    import datetime

    from django.utils import timezone

    from guides.models import ContactKind, ContactMethod, Plan

    values = {
        "contact_kind": ContactKind.objects.get(slug="gp"),
        "contact_name": "Dr Lee's office",
        "contact_method": ContactMethod.objects.get(slug="call"),
        "contact_detail": "020 7946 0000",
        "script": "I have been struggling and would like to talk to someone.",
        "due_date": timezone.now().date() + datetime.timedelta(days=days_ahead),
        "due_time": datetime.time(9, 30),
        "time_zone": "Europe/London",
        **fields,
    }
    return Plan.objects.create(user=user, session_key=session_key, **values)


def words_in_every_language(obj, names, changes: dict) -> dict:
    """An admin form's translated fields, once per language (title_en, title_es), as `obj` has
    them; a change given as "title" is to the default language's (English) words."""
    words = {
        f"{name}_{language}": getattr(obj, f"{name}_{language}") or ""
        for name in names
        for language, _name in settings.LANGUAGES
    }
    for name in names:
        if name in changes:
            words[f"{name}_{settings.LANGUAGE_CODE}"] = changes.pop(name)
    return words


def section_form_data(section, **changes) -> dict:
    """What the admin's section form posts for this section, with some fields changed."""
    words = words_in_every_language(section, SECTION_WORDS, changes)
    return {
        "guide": section.guide_id,
        "slug": section.slug,
        "order": section.order,
        "is_published": "on" if section.is_published else "",
        "review_interval_months": section.review_interval_months,
        "change_reason": "",
        "edit_version": section.edit_version,
        **words,
        **changes,
    }


def approve_every_proposal(approver) -> None:
    """A second person approves every change waiting, as the approval page would."""
    from guides.models import ProposedChange
    from guides.services.crisis.proposals import approve_proposal

    for proposal in ProposedChange.objects.pending().order_by("id"):
        approve_proposal(proposal, approver)


CRISIS_WORDS_SCRIPT = re.compile(
    r'<script src="([^"]*/crisis-words/[^"]+\.js)" defer data-crisis-words-data>'
)
CRISIS_DATA = re.compile(r"^self\.firstStepCrisisData = (.*);\n$", re.DOTALL)


def crisis_words_sent(client, html: str) -> dict:
    """What a page with free text sends the browser for its crisis check (its own script, read
    through `client`): the phrases, and the panel's HTML."""
    found = CRISIS_WORDS_SCRIPT.search(html)
    assert found, "the page names no crisis-words script"
    response = client.get(found[1])
    assert response.status_code == 200, found[1]
    data = CRISIS_DATA.match(response.content.decode())
    assert data, "the script is not the phrases' data"
    return json.loads(data[1])
