"""Shared fixtures: the real content, the test people, and Chromium for browser tests."""

import os
from unittest import mock

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.shortcuts import render
from django.utils import timezone, translation
from hypothesis import settings as hypothesis_settings

# Playwright's sync API runs an event loop in the test thread; the ORM calls are still safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# "ci" (the default): the same examples on every run, so a property that finds a bug finds it
# every time, not by chance. "fuzz" (make fuzz): many more, new ones each run.
# No time limit per example: a loaded two-core machine is slow, and slowness is not a bug.
hypothesis_settings.register_profile(
    "ci", max_examples=60, derandomize=True, print_blob=True, deadline=None
)
hypothesis_settings.register_profile("fuzz", max_examples=700, derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

from guides.content_cache import forget_content  # noqa: E402
from guides.views.skeletons import forget_skeletons  # noqa: E402
from tests.base import (  # noqa: E402
    CHROMIUM_ARGS,
    CHROMIUM_PATH,
    STATIC_NOT_NEEDED,
    TODAY,
    date_the_content_from,
    make_person,
    production_static_settings,
)
from tests.base_state import BaseState  # noqa: E402
from tests.crisis.phrase_corpus import SCORE_PROPERTY as CORPUS_SCORE  # noqa: E402

# Serialized rollback keeps no rows: tests/base_state.py puts back every row a flush took, in bulk.
# Marking a transactional test with it still keeps the flush from making the content types and
# permissions again (its post_migrate), only to be replaced by the kept ones.
settings.TEST_NON_SERIALIZED_APPS = [config.name for config in apps.get_app_configs()]

# The database the site itself uses, named before pytest-django points the connections at the
# test databases: no test may write to it.
REAL_DATABASE = settings.DATABASES["default"]["NAME"]


def pytest_terminal_summary(terminalreporter):
    """The crisis phrase corpus's figures (tests/crisis/test_corpus.py, and in the browser
    tests/e2e/test_crisis_words.py) at the end of the run, from whichever worker ran them."""
    lines = [
        value
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        if report.when == "call"
        for name, value in report.user_properties
        if name == CORPUS_SCORE
    ]
    if lines:
        terminalreporter.section("crisis phrase corpus")
        for line in sorted(lines):
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def fresh_content_cache():
    """Each test starts with nothing kept in this process from the last one's content."""
    forget_content()
    forget_skeletons()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in English: a request to /es/ leaves Spanish active in the thread (each
    request chooses its own), and a later test's words outside a request would follow it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def check_every_minute(settings):
    """As in production, where each process looks at the shared content version now and then."""
    settings.CONTENT_CHECK_SECONDS = 60


@pytest.fixture
def renders():
    """Counts the renderings of pages that readers can share (guides.content_cache)."""
    with mock.patch("guides.content_cache.render", wraps=render) as spy:
        yield spy


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """A STATIC_ROOT that collectstatic filled as in production (see production_static_settings)."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    with production_static_settings(static_root):
        call_command(
            "collectstatic", interactive=False, verbosity=0, ignore_patterns=STATIC_NOT_NEEDED
        )
    return static_root


@pytest.fixture
def today():
    """Fixes the clock at tests.base.TODAY (it goes on ticking from there) and gives that day,
    for a test whose words or answers depend on the date."""
    with time_machine.travel(TODAY):
        yield TODAY.date()


def _uses_the_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


# The rows of this process's test database after its migrations and content/ (tests/base_state.py).
_base_state: BaseState | None = None


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with content/ loaded into it once, for every test."""
    global _base_state
    with django_db_blocker.unblock():
        assert connection.settings_dict["NAME"] != REAL_DATABASE, "not on a test database"
        _base_state = BaseState.load_and_keep()
    yield
    _base_state = None


@pytest.fixture(scope="module", autouse=True)
def start_from_the_base_state(request):
    """Each module that uses the database starts from the migrations' rows and the content.

    A transactional test ends with a flush (pytest-django runs a module's transactional tests
    after its others), and with pytest-xdist a process may run any module after it: this puts
    back, committed, what the flush took, before the module's first test opens its transaction."""
    if not any(
        _uses_the_database(item)
        for item in request.session.items
        if getattr(item, "module", None) is request.module
    ):
        return
    request.getfixturevalue("django_db_setup")
    with request.getfixturevalue("django_db_blocker").unblock():
        _base_state.put_back_what_a_flush_took()


@pytest.fixture(autouse=True)
def content_only_where_asked(request):
    """A test on the database that does not ask for `content` finds none: its own guide, region or
    load of content/ is then the only one. Every test finds what the migrations made, after a
    flush too, before any other fixture of its own runs (an editor needs their group)."""
    if not _uses_the_database(request.node):
        return
    request.getfixturevalue("db")
    wanted = "content" in request.fixturenames
    if not _base_state.put_back_what_a_flush_took(content=wanted) and not wanted:
        _base_state.remove_the_content()


@pytest.fixture
def content(request, db):
    """The guide and default choices as content/ ships them, loaded once per test database
    (`django_db_setup`), with their review and check dates a week before today, whatever day the
    tests run (the fixed day, in a test that asks for `today` too, whichever it names first)."""
    if "today" in request.fixturenames:
        request.getfixturevalue("today")
    _base_state.put_back_what_a_flush_took()  # after a flush, in a transactional test
    date_the_content_from(timezone.localdate())


@pytest.fixture
def real_password_hashing(settings):
    """Passwords hashed as in production (Argon2id at its real cost), not by the tests' MD5."""
    settings.PASSWORD_HASHERS = [
        name for name in settings.PASSWORD_HASHERS if not name.endswith(".MD5PasswordHasher")
    ]


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
def approver(db):
    """A content editor who may also approve changes to what people in crisis are offered."""
    from django.contrib.auth.models import Permission

    person = make_person("approver@example.org", group="Content editors", is_staff=True)
    person.user_permissions.add(Permission.objects.get(codename="approve_crisis_lines"))
    return person


@pytest.fixture
def superuser(db):
    return make_person("root@example.org", is_staff=True, is_superuser=True)


def pytest_report_header(config):
    return f"browser tests: {CHROMIUM_PATH} (CHROMIUM=... for another)"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM_PATH, "args": CHROMIUM_ARGS}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # Longest first, so that the processes of a run without --dist loadscope finish together:
    # the page checks (tests/e2e/test_every_page.py), then the other browser tests, then the many
    # short modules. (With loadscope, pytest-xdist hands out the largest scopes first itself.)
    # pytest-django has put each module's transactional tests after its others; the sort keeps
    # that order within a module.
    def order(item) -> int:
        if item.path.name == "test_every_page.py":
            return 0
        return 1 if item.get_closest_marker("e2e") else 2

    items.sort(key=order)

    # pytest-django makes test databases only for the tests it can see will use one. A class of
    # page checks opens its database in its first test, which visits every page of the class
    # (`visit` in test_every_page.py): that test says so, or a run of the page checks alone (-k)
    # would find no test database, and use the site's own.
    first_of_class: dict[type, pytest.Item] = {}
    for item in items:
        if item.path.name == "test_every_page.py" and getattr(item, "cls", None) is not None:
            first_of_class.setdefault(item.cls, item)
    for item in first_of_class.values():
        item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))

    # Serialized rollback (which keeps no rows here: TEST_NON_SERIALIZED_APPS above) keeps a
    # transactional test's flush from making the content types and permissions again (until a
    # browser runs in the process: then tests/base_state.py replaces those it made).
    for item in items:
        marker = item.get_closest_marker("django_db")
        if _is_transactional(item) and not (marker and marker.kwargs.get("serialized_rollback")):
            raise pytest.UsageError(
                f"{item.nodeid} uses a transactional database: mark it "
                "@pytest.mark.django_db(transaction=True, serialized_rollback=True)"
            )
