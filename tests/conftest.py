"""Shared fixtures: the real content, the test people, and Chromium for browser tests."""

import os
from unittest import mock

import pytest
import time_machine
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
from tests.content_snapshot import load_content_for_test  # noqa: E402
from tests.crisis.phrase_corpus import SCORE_PROPERTY as CORPUS_SCORE  # noqa: E402

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


@pytest.fixture
def content(request, db):
    """The guide and default choices as content/ ships them (tests/content_snapshot.py), with
    its review and check dates a week before today, whatever day the tests run (the fixed day,
    in a test that asks for `today` too, whichever it names first)."""
    if "today" in request.fixturenames:
        request.getfixturevalue("today")
    assert connection.settings_dict["NAME"] != REAL_DATABASE, "not on a test database"
    load_content_for_test()
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


@pytest.fixture(scope="session", autouse=True)
def flush_deletes_rows_on_postgresql():
    """On PostgreSQL, a flush (after each browser test) deletes the rows instead of truncating the
    tables: truncating the 34 tables took 240 ms, deleting the few rows of a test 5 ms. It runs in
    one transaction, so the foreign keys (deferred, as Django makes them) hold at its end."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences:  # no test asks for it; TRUNCATE's RESTART IDENTITY does it
            return truncate(self, style, tables, reset_sequences=True, allow_cascade=allow_cascade)
        delete = style.SQL_KEYWORD("DELETE FROM")
        return [f"{delete} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


def _flushes_the_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    return transactional or bool({"transactional_db", "live_server"} & set(item.fixturenames))


# What the migrations made, as Django serialised it when it made each test database. Kept here
# because the connection a browser test's teardown sees may be another thread's, without it.
# Each with the test database's name: at the session's very end pytest-django has torn the test
# databases down (the connections name the real ones again) before the last test's teardown ends.
_made_by_migrations: dict[str, tuple[str, str]] = {}


@pytest.fixture(scope="session", autouse=True)
def remember_what_the_migrations_made(django_db_setup):
    from django.db import connections

    for each in connections.all():
        if hasattr(each, "_test_serialized_contents"):
            _made_by_migrations[each.alias] = (
                each.settings_dict["NAME"],
                each._test_serialized_contents,
            )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test on a transactional database, put back what the migrations made (the content
    types, permissions and groups), so that the next test finds it whatever ran before it: with
    pytest-xdist a worker may run any module after a browser test. Django's flush leaves the
    database empty (with serialized rollback) or with new content types and no groups."""
    result = yield
    # Not between two tests that flush: the second puts back what it needs itself (serialized
    # rollback). pytest-xdist may not know the next test yet (None): then put it back anyway.
    if _flushes_the_database(item) and not (nextitem and _flushes_the_database(nextitem)):
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            for alias, (test_database, contents) in _made_by_migrations.items():
                if connections[alias].settings_dict["NAME"] != test_database:
                    continue  # the session is over, and the test database gone
                call_command(
                    "flush",
                    database=alias,
                    interactive=False,
                    verbosity=0,
                    inhibit_post_migrate=True,
                )
                connections[alias].creation.deserialize_db_from_string(contents)
                # After a browser test this may be a connection pytest-django does not know
                # of, and would leave open at the end (PostgreSQL then cannot drop the test
                # database): the next test opens its own.
                connections[alias].close()
    return result


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # Longest first, so that pytest-xdist's two workers finish together: the page checks
    # (tests/e2e/test_every_page.py, a class for each worker), then the other browser tests, then
    # the many short modules, which fill in at the end. Any order is safe: after a test that
    # flushed the database, pytest_runtest_teardown above puts back what the migrations made.
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
