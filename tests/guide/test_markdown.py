"""Staff-written Markdown is rendered once, on save, and sanitised."""

import re

import pytest

from guides.helpers.markdown import render_markdown
from tests.base import make_guide

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div onclick="alert(1)">hi</div>',
    "<iframe src=//evil.example></iframe>",
    '<svg onload="alert(1)"></svg>',
    "<style>body{display:none}</style>",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<form action="//evil.example"><input name=x></form>',
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_it_removes_scripts_handlers_javascript_links_and_styles(payload):
    html = render_markdown(f"Before\n\n{payload}\n\nAfter").lower()
    for dangerous in ("<script", "onerror=", "onclick=", "onload=", "style=", "<iframe",
                      "<style", "<form", "<input", "<svg"):  # fmt: skip
        assert dangerous not in html
    # Harmless as text; never as a link.
    assert not re.search(r"(href|src)\s*=\s*[\"']?\s*javascript:", html)
    assert "after" in html


def test_it_keeps_ordinary_markdown():
    html = render_markdown("## Heading\n\nSome *soft* words and a [link](/guide/).\n\n- one\n- two")
    assert "<h2>Heading</h2>" in html
    assert "<em>soft</em>" in html
    assert '<a href="/guide/" rel="noopener noreferrer">link</a>' in html
    assert "<li>two</li>" in html


def test_a_top_level_heading_becomes_an_h2_so_the_page_keeps_one_h1():
    assert "<h1" not in render_markdown("# Big")


@pytest.mark.django_db
def test_the_html_is_rendered_on_save():
    section = make_guide(1).sections.get()
    section.body = "Now **bold** <script>x()</script>"
    section.save()
    section.refresh_from_db()
    assert "<strong>bold</strong>" in section.body_html
    assert "<script" not in section.body_html
