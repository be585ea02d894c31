"""Guide pages kept in each process: reused for anonymous readers, refreshed on any change."""

import ast
import gzip
import time
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import reverse

from guides import content_version
from guides.content_cache import render_shared
from guides.content_version import VERSION_KEY
from guides.models import Section
from guides.services.content_loading import export_content
from guides.services.guide.reading import READ_COOKIE
from tests.base import load_real_content, section_form_data, text_of

pytestmark = pytest.mark.django_db


def test_an_anonymous_readers_page_is_rendered_once_then_reused_without_a_query(
    content, check_every_minute, renders, django_assert_num_queries
):
    first = Client().get("/guide/barriers/")
    with django_assert_num_queries(0):
        again = Client().get("/guide/barriers/")
    assert renders.call_count == 1
    assert again.content == first.content
    assert again.cookies[READ_COOKIE].value == first.cookies[READ_COOKIE].value


def test_a_shared_page_is_compressed_once_for_every_reader_who_accepts_gzip(content, renders):
    plain = Client().get("/guide/barriers/").content
    for _ in range(2):
        response = Client().get("/guide/barriers/", headers={"Accept-Encoding": "gzip, br"})
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert gzip.decompress(response.content) == plain
    assert renders.call_count == 1


def test_readers_with_different_progress_each_see_their_own(content, check_every_minute):
    reader, newcomer = Client(), Client()
    reader.get("/guide/introduction/")
    assert "You have read 1 of 11 steps." in text_of(reader.get("/guide/"))
    assert "You have read 0 of 11 steps." in text_of(newcomer.get("/guide/"))
    assert "You have read 1 of 11 steps." in text_of(reader.get("/guide/"))


def test_a_reader_with_a_session_gets_a_page_of_their_own(content, alice, renders):
    signed_in = Client()
    signed_in.force_login(alice)
    Client().get("/guide/")
    signed_in.get("/guide/")
    signed_in.get("/guide/")
    assert renders.call_count == 3


def test_in_debug_pages_are_rendered_each_time_so_template_edits_show(content, settings, renders):
    settings.DEBUG = True
    Client().get("/guide/")
    Client().get("/guide/")
    assert renders.call_count == 2


def test_a_page_holding_a_csrf_token_is_never_shared(db):
    def render_with_token(request, template_name, context):
        return HttpResponse(get_token(request))

    with mock.patch("guides.content_cache.render", side_effect=render_with_token) as renders:
        first = render_shared(RequestFactory().get("/guide/"), "guide/overview.html", {})
        second = render_shared(RequestFactory().get("/guide/"), "guide/overview.html", {})
    assert renders.call_count == 2
    assert first.content != second.content


def test_a_staff_edit_in_the_admin_reaches_readers_at_once(
    client, content, editor, check_every_minute
):
    section = Section.objects.get(slug="faq")
    assert section.title in text_of(Client().get("/guide/faq/"))
    client.force_login(editor)
    response = client.post(
        reverse("admin:guides_section_change", args=[section.pk]),
        section_form_data(section, title="Questions people ask"),
    )
    assert response.status_code == 302
    assert "Questions people ask" in text_of(Client().get("/guide/faq/"))
    assert "Questions people ask" in text_of(Client().get("/guide/"))


def test_unpublishing_from_the_admin_list_reaches_readers_at_once(
    client, content, editor, check_every_minute
):
    section = Section.objects.get(slug="neuroscience")
    assert Client().get("/guide/neuroscience/").status_code == 200
    client.force_login(editor)
    client.post(
        reverse("admin:guides_section_changelist"),
        {"action": "unpublish", "_selected_action": [section.pk]},
    )
    assert Client().get("/guide/neuroscience/").status_code == 404
    assert "/guide/neuroscience/" not in Client().get("/guide/").content.decode()


def test_another_process_sees_a_change_within_the_check_interval(content, check_every_minute):
    Client().get("/guide/faq/")
    # Another instance saves: the database and the shared version change, not this process.
    Section.objects.filter(slug="faq").update(title="Questions people ask")
    cache.set(VERSION_KEY, "set-by-another-instance", timeout=None)
    assert "Questions people ask" not in text_of(Client().get("/guide/faq/"))
    later = time.monotonic() + 61
    with mock.patch("guides.content_version.time.monotonic", return_value=later):
        assert "Questions people ask" in text_of(Client().get("/guide/faq/"))


def test_loading_content_moves_the_shared_version(content):
    before = cache.get(VERSION_KEY)
    load_real_content()
    assert cache.get(VERSION_KEY) not in (None, before)


def test_a_load_tells_readers_once_not_once_an_object(db):
    """A first load saves hundreds of objects; each save would write the shared version twice."""
    with mock.patch(
        "guides.content_version._set_new_version", wraps=content_version._set_new_version
    ) as told:
        report = load_real_content()
        assert len(report.touched) > 300
        # Once now (and once more when the test's transaction would commit), where each object
        # saved was told before: 419 times.
        assert told.call_count == 1
        told.reset_mock()
        Section.objects.get(slug="faq").save()  # outside a load, each save is told
        assert told.call_count == 1


def test_exporting_content_moves_the_shared_version(content, tmp_path):
    before = cache.get(VERSION_KEY)
    export_content(tmp_path)
    assert cache.get(VERSION_KEY) not in (None, before)


def test_guide_pages_still_work_when_the_shared_cache_does_not(content):
    with mock.patch("guides.content_version.cache.get", side_effect=ConnectionError("down")):
        response = Client().get("/guide/barriers/")
    assert response.status_code == 200
    assert "Step 4 of 11" in text_of(response)


def test_a_plain_orm_save_anywhere_reaches_readers_at_once(content, check_every_minute):
    # A shell edit, a data migration or a history library's revert saves through the ORM alone.
    client = Client()
    assert "Questions people ask" not in text_of(client.get("/guide/faq/"))
    section = Section.objects.get(slug="faq")
    section.title = "Questions people ask"
    section.save()
    assert "Questions people ask" in text_of(client.get("/guide/faq/"))
    section.delete()
    assert client.get("/guide/faq/").status_code == 404


def test_changing_a_statements_kinds_of_help_moves_the_version(content):
    from guides.models import ContactKind, Statement

    statement = Statement.objects.get(key="lasted-two-weeks")
    before = cache.get(VERSION_KEY)
    statement.help_kinds.set([ContactKind.objects.get(slug="helpline")])
    assert cache.get(VERSION_KEY) not in (None, before)


def test_the_checklist_and_exit_switch_follow_a_plain_save(content, check_every_minute):
    from guides.models import SiteSettings, Statement

    client = Client()
    assert "exit-this-page__button" in client.get("/checklist/").content.decode()
    statement = Statement.objects.get(key="keep-wondering")
    statement.text = "I keep asking myself whether I need support."
    statement.save()
    SiteSettings.objects.update_or_create(pk=1, defaults={"show_exit_button": False})
    html = client.get("/checklist/").content.decode()
    assert "I keep asking myself whether I need support." in html
    assert "exit-this-page" not in html


def test_the_content_version_imports_no_models():
    # Models call content_changed when saved: the version's module must not import them back.
    source = Path(content_version.__file__).read_text()
    imported = {
        node.module
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported and not {name for name in imported if name.startswith("guides")}
