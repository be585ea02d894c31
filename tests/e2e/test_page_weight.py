"""What a first visit costs a reader on a slow phone, counted from the responses in Chromium.

The site runs as in production: static files from collectstatic, hashed and served by whitenoise
compressed with brotli; pages from Django, gzipped by GZipMiddleware. Sizes are bytes on the wire,
as Chromium received them: the encoded bodies and their headers.
"""

import pytest
from django.db import connections
from django.test.testcases import LiveServerThread

from guides.models import Section
from tests.base import production_static_settings
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BUDGET_BYTES = 35_000
BUDGET_REQUESTS = 6
IMAGE_BUDGET_BYTES = 20_000
# What the service worker fetches for itself after a first visit, the page already loaded: its
# script, the crisis lines and the offline page, the guide step it was installed from, and the
# favicon when the page's own request for it had not reached the HTTP cache yet (a race).
WORKER_BUDGET_BYTES = 20_000
WORKER_BUDGET_REQUESTS = 5


@pytest.fixture
def production_server(collected_static, content):
    """A live server whose static files go through the production middleware, not finders."""
    with production_static_settings(collected_static):
        shared = [
            connection
            for connection in connections.all()
            if connection.vendor == "sqlite" and connection.is_in_memory_db()
        ]
        for connection in shared:
            connection.inc_thread_sharing()
        server = LiveServerThread(
            "localhost",
            static_handler=lambda application: application,  # whitenoise in MIDDLEWARE serves
            connections_override={connection.alias: connection for connection in shared},
        )
        server.daemon = True
        server.start()
        server.is_ready.wait()
        try:
            if server.error:
                raise server.error
            yield f"http://localhost:{server.port}"
        finally:
            server.terminate()
            for connection in shared:
                connection.dec_thread_sharing()


class Transfers:
    """Every response the page received, with what it cost; apart from them, what the service
    worker fetched for itself once the page had loaded (the crisis lines it keeps, say). Take
    them before navigating on."""

    def __init__(self, page):
        self.pending = []
        self.worker_pending = []
        self.rows = []
        self.worker_rows = []
        page.on("response", lambda response: self.pending.append(response))
        # Chromium reports the worker's own fetches on the context, not on the page.
        page.context.on(
            "response",
            lambda response: (
                response.request.service_worker and self.worker_pending.append(response)
            ),
        )

    def take(self) -> None:
        by_worker: dict[str, list] = {}
        for response in self.worker_pending:
            by_worker.setdefault(response.url, []).append(response)
        for response in self.pending:
            kind = response.request.resource_type
            if response.from_service_worker:
                # What went over the network for it is the worker's fetch of the same address;
                # with none, the worker answered from its cache.
                fetched = by_worker.get(response.url)
                if not fetched:
                    continue
                response = fetched.pop(0)
            row = self.row(response, kind)
            if row:
                self.rows.append(row)
        for responses in by_worker.values():
            for response in responses:
                row = self.row(response, response.request.resource_type)
                if row:
                    self.worker_rows.append(row)
        self.pending = []
        self.worker_pending = []

    @staticmethod
    def row(response, kind: str) -> dict | None:
        sizes = response.request.sizes()
        if sizes["responseBodySize"] + sizes["responseHeadersSize"] <= 0:
            return None  # from the browser's cache: nothing went over the network
        return {
            "url": response.url,
            "type": kind,
            "status": response.status,
            "encoding": response.headers.get("content-encoding", ""),
            "cache_control": response.headers.get("cache-control", ""),
            "body": sizes["responseBodySize"],
            "headers": sizes["responseHeadersSize"],
            "text": response.body() if kind == "stylesheet" else b"",
        }


def heaviest_step(language: str = "en") -> str:
    """The path (without a language prefix) of the step whose words weigh most in a language."""
    section = max(
        Section.objects.published(),
        key=lambda section: len(getattr(section, f"body_html_{language}") or ""),
    )
    return f"guide/{section.slug}/"


def report(label: str, rows: list[dict]) -> None:
    total = sum(row["body"] + row["headers"] for row in rows)
    print(f"\n{label}: {len(rows)} requests, {total} bytes")
    for row in rows:
        print(
            f"  {row['status']} {row['type']:<10} {row['body']:>6} + {row['headers']:>4} headers "
            f"{row['encoding'] or 'identity':<8} {row['url']}"
        )


def check_worker_budget(rows: list[dict]) -> None:
    assert sum(row["body"] + row["headers"] for row in rows) <= WORKER_BUDGET_BYTES
    assert len(rows) <= WORKER_BUDGET_REQUESTS
    assert all(row["status"] == 200 for row in rows)


def check_budget(rows: list[dict]) -> None:
    assert sum(row["body"] + row["headers"] for row in rows) <= BUDGET_BYTES
    assert len(rows) <= BUDGET_REQUESTS
    assert all(row["status"] == 200 for row in rows)
    assert not [row for row in rows if row["type"] == "font"], "no web fonts"
    assert not [row for row in rows if b"@font-face" in row["text"]], "no web fonts"
    heavy = [row for row in rows if row["type"] == "image" and row["body"] > IMAGE_BUDGET_BYTES]
    assert not heavy, "no image over 20 KB"
    for row in rows:
        if "/static/" in row["url"]:
            assert row["encoding"] == "br", row["url"]
            assert "immutable" in row["cache_control"], row["url"]
        elif row["type"] == "document":
            assert row["encoding"] == "gzip", row["url"]


def test_a_first_visit_to_home_then_a_guide_step_fits_the_budget(new_context, production_server):
    context = new_context(base_url=production_server)
    page = context.new_page()
    transfers = Transfers(page)
    page.goto("/", wait_until="networkidle")
    transfers.take()
    assert_accessible(page)
    page.goto("/" + heaviest_step(), wait_until="networkidle")
    transfers.take()
    assert_accessible(page)
    rows = transfers.rows
    context.close()
    report("home, then the heaviest guide step", rows)
    report("  and the service worker, after the pages had loaded", transfers.worker_rows)
    check_budget(rows)
    check_worker_budget(transfers.worker_rows)
    # The second page costs only itself: its stylesheet and scripts come from the cache.
    urls = [row["url"] for row in rows]
    assert len(urls) == len(set(urls))


def test_a_first_visit_to_one_page_fits_the_budget(new_context, production_server, subtests):
    """Each page a first visit of its own (a new browser context) and a subtest of its own, on
    one server and database."""
    for path in [
        "/",
        "step",
        "/es/",
        "/es/step",
        "/es/help-now/",
        "/safety-plan/",
        "/es/safety-plan/",
    ]:
        with subtests.test(path=path):
            context = new_context(base_url=production_server)
            page = context.new_page()
            transfers = Transfers(page)
            if path.endswith("step"):  # "step" and "/es/step"
                language = "es" if path.startswith("/es/") else "en"
                path = path.removesuffix("step") + heaviest_step(language)
            page.goto(path)
            page.wait_for_load_state("networkidle")
            transfers.take()
            assert_accessible(page)
            rows = transfers.rows
            context.close()
            report(f"first visit to {page.url}", rows)
            report("  and the service worker, after the page had loaded", transfers.worker_rows)
            check_budget(rows)
            check_worker_budget(transfers.worker_rows)
