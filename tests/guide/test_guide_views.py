"""The guide's overview and section pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guides.content_version import content_changed
from guides.models import ReadingProgress, Section, Session
from guides.services.guide.reading import READ_COOKIE
from tests.base import make_guide, text_of

pytestmark = pytest.mark.django_db


def test_the_overview_lists_every_step_numbered_with_its_summary(client, content):
    response = client.get("/guide/")
    assert response.status_code == 200
    html = response.content.decode()
    sections = list(Section.objects.order_by("order"))
    titles = re.findall(r'class="step-list__title"[^>]*>.*?</span>\s*(.*?)\s*</a>', html, re.S)
    assert titles == [s.title for s in sections]
    for section in sections:
        assert section.summary in text_of(response)
    assert "You have read 0 of 11 steps." in text_of(response)
    # A first visit shows no wall of "Not started": statuses come with the first step read.
    assert "Not started" not in html


def test_a_section_shows_its_place_title_body_key_points_and_try_this(client, content):
    response = client.get("/guide/barriers/")
    assert response.status_code == 200
    section = Section.objects.get(slug="barriers")
    text = text_of(response)
    assert "Step 4 of 11" in text
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert f"<h1>{section.title}</h1>" in html
    assert section.body_html in html
    assert "Key points" in text and section.key_point_list[0] in text
    assert "Try this" in text and section.action_label in text
    assert re.search(r'<a [^>]*rel="prev" href="/guide/why-it-matters/"', html)
    assert re.search(r'<a [^>]*rel="next" href="/guide/neuroscience/"', html)
    assert re.search(r'href="/guide/barriers/"\s+aria-current="step"', html)
    assert html.count('aria-current="step"') == 1


def test_the_first_step_has_no_previous_and_the_last_has_no_next(client, content):
    first = client.get("/guide/introduction/").content.decode()
    last = client.get("/guide/faq/").content.decode()
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_an_unknown_slug_is_the_404_page_with_get_help_now(client, content):
    response = client.get("/guide/no-such-step/")
    assert response.status_code == 404
    assert "We can’t find that page" in text_of(response)
    assert 'href="/help-now/"' in response.content.decode()
    assert "Get help now" in text_of(response)


def test_an_unpublished_section_is_hidden_from_the_public(client, content):
    Section.objects.filter(slug="neuroscience").update(is_published=False)
    assert client.get("/guide/neuroscience/").status_code == 404
    overview = client.get("/guide/")
    assert "/guide/neuroscience/" not in overview.content.decode()
    assert "Step 5 of 10" in text_of(client.get("/guide/types-of-help/"))


def test_staff_preview_an_unpublished_section(client, content, editor):
    Section.objects.filter(slug="neuroscience").update(is_published=False)
    client.force_login(editor)
    response = client.get("/guide/neuroscience/")
    assert response.status_code == 200
    assert "Preview: this step is not published" in text_of(response)


@pytest.mark.parametrize("url", ["/guide/", "/guide/introduction/"])
def test_guide_pages_refuse_a_post(client, content, url):
    assert client.post(url).status_code == 405


def test_reading_progress_for_an_anonymous_reader_is_a_cookie_not_a_session(client, content):
    response = client.get("/guide/introduction/")
    intro = Section.objects.get(slug="introduction")
    assert response.cookies[READ_COOKIE].value == str(intro.pk)
    assert response.cookies[READ_COOKIE]["httponly"]
    client.get("/guide/resistance/")
    assert Session.objects.count() == 0
    assert "sessionid" not in client.cookies

    overview = client.get("/guide/")
    assert "You have read 2 of 11 steps." in text_of(overview)
    assert overview.content.decode().count("Not started") == 9
    assert overview.content.decode().count("step-list__item--read") == 2


def test_a_tampered_progress_cookie_is_ignored(client, content):
    client.cookies[READ_COOKIE] = "1.x.99999999999999.<script>"
    response = client.get("/guide/")
    assert response.status_code == 200
    assert "You have read 0 of 11 steps." in text_of(response) or "You have read 1" in text_of(
        response
    )


def test_a_signed_in_readers_progress_is_kept_on_the_account(client, content, alice):
    client.force_login(alice)
    client.get("/guide/barriers/")
    client.get("/guide/barriers/")
    assert list(
        ReadingProgress.objects.filter(user=alice).values_list("section__slug", flat=True)
    ) == ["barriers"]
    assert READ_COOKIE not in client.cookies


def test_the_home_page_offers_to_continue_only_when_there_is_progress(client, content):
    first_visit = client.get("/")
    assert "Continue where you left off" not in text_of(first_visit)
    client.get("/guide/introduction/")
    client.get("/guide/resistance/")
    again = client.get("/")
    assert "Continue where you left off" in text_of(again)
    assert 'href="/guide/why-it-matters/"' in again.content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/", "/guide/", "/guide/step-2/"])
def test_guide_pages_use_the_same_few_queries_with_11_sections_or_200(client, url):
    guide = make_guide(11)
    client.cookies[READ_COOKIE] = "1"  # so the home page needs the steps too
    content_changed()
    small = count_queries(client, url)  # the content version, the guides, their sections
    again = count_queries(client, url)  # the content version (tests look at it every time)
    Section.objects.bulk_create(
        Section(guide=guide, slug=f"more-{n}", title="t", summary="s", body="b", order=100 + n)
        for n in range(189)
    )
    content_changed()
    assert Section.objects.count() == 200
    large = count_queries(client, url)
    assert small == large == 3
    assert again == 1


def test_a_second_guide_has_its_own_pages(client, content):
    make_guide(2, slug="for-friends", order=5)
    response = client.get("/guides/for-friends/step-2/")
    assert response.status_code == 200
    assert "Step 2 of 2" in text_of(response)
    assert client.get("/guide/step-2/").status_code == 404  # not part of the main guide


def test_a_changed_slug_leaves_a_permanent_redirect_in_both_languages(client, content, editor):
    from django.urls import reverse

    from guides.models import Section
    from tests.base import section_form_data

    section = Section.objects.get(slug="faq")
    client.force_login(editor)
    client.post(
        reverse("admin:guides_section_change", args=[section.pk]),
        section_form_data(section, slug="questions"),
    )
    client.logout()
    response = client.get("/guide/faq/")
    assert response.status_code == 301 and response["Location"] == "/guide/questions/"
    response = client.get("/es/guide/faq/")
    assert response.status_code == 301 and response["Location"] == "/es/guide/questions/"
    assert client.get("/guide/questions/").status_code == 200
    assert client.get("/guide/no-such-step/").status_code == 404
    section.refresh_from_db()
    section.slug = "faq"  # changed back: the address is the section's own again
    section.save()
    assert client.get("/guide/faq/").status_code == 200
    assert client.get("/guide/questions/").status_code == 301
