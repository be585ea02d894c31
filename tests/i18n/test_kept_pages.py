"""Kept pages are kept per language, and cost as little in Spanish as in English."""

import pytest
from django.test import Client

from tests.base import text_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/guide/barriers/", "/guide/", "/"])
def test_each_language_is_kept_apart_and_reused_without_a_query(
    content,
    check_every_minute,
    renders,
    django_assert_max_num_queries,
    django_assert_num_queries,
    path,
):
    pages = {}
    for prefix in ("", "/es"):
        with django_assert_max_num_queries(3):
            pages[prefix] = Client().get(f"{prefix}{path}")
        with django_assert_num_queries(0):
            again = Client().get(f"{prefix}{path}")
        assert again.content == pages[prefix].content
    assert renders.call_count == 2
    assert pages[""].content != pages["/es"].content
    assert '<html lang="es">' in pages["/es"].content.decode()


def test_a_kept_spanish_step_is_in_spanish(content, check_every_minute):
    Client().get("/guide/barriers/")
    assert "Lo que se interpone" in text_of(Client().get("/es/guide/barriers/"))
    assert "Lo que se interpone" not in text_of(Client().get("/guide/barriers/"))
