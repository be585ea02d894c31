"""Helpers shared by the tests: people, factories and page checks."""

import html as html_module
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group

from guides.content import load_content
from guides.models import Guide, Section, User

PASSWORD = "a long and memorable passphrase"
CHROMIUM_PATH = "/usr/bin/chromium"
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


def load_real_content():
    return load_content(CONTENT_DIR)


def make_person(email: str, *, group: str | None = None, **fields) -> User:
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
