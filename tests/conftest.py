"""Shared fixtures: the real content, the test people, and Chromium for browser tests."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls are still safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.base import CHROMIUM_ARGS, CHROMIUM_PATH, load_real_content, make_person  # noqa: E402


@pytest.fixture
def content(db):
    """The guide and default choices exactly as content/ ships them."""
    return load_real_content()


@pytest.fixture
def alice(db):
    return make_person("alice@example.org")


@pytest.fixture
def bob(db):
    return make_person("bob@example.org")


@pytest.fixture
def editor(db):
    return make_person("editor@example.org", group="Content editors", is_staff=True)


@pytest.fixture
def superuser(db):
    return make_person("root@example.org", is_staff=True, is_superuser=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM_PATH, "args": CHROMIUM_ARGS}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # Browser tests run on a transactional database that is flushed after each one, so they go
    # last: pytest's reordering for the parametrized browser fixtures can otherwise put them
    # before tests that need what the migrations made.
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)
