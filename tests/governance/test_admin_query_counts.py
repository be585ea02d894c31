"""The section admin's pages, in both languages' fields, at a fixed number of queries."""

import pytest
from django.urls import reverse

from guides.models import CrisisResource, Section
from guides.services.crisis.proposals import propose_change

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("admin_page", "queries"),
    [
        ("admin:guides_section_change", 15),
        ("admin:guides_section_history", 9),
        ("admin:guides_section_changelist", 22),
    ],
)
def test_the_section_admin_costs_a_fixed_number_of_queries(
    client, content, editor, django_assert_max_num_queries, admin_page, queries
):
    client.force_login(editor)
    section = Section.objects.get(slug="faq")
    url = (
        reverse(admin_page)
        if admin_page.endswith("changelist")
        else reverse(admin_page, args=[section.pk])
    )
    client.get(url)  # the session and the permissions, as on any later page
    with django_assert_max_num_queries(queries):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("admin_page", "queries"),
    [
        ("admin:index", 9),
        ("admin:guides_crisisresource_change", 14),
        ("admin:guides_crisisresource_changelist", 14),
        ("admin:guides_proposedchange_change", 10),
        ("admin:guides_proposedchange_changelist", 9),
    ],
)
def test_the_crisis_admin_costs_a_fixed_number_of_queries_with_a_change_waiting(
    client, content, editor, django_assert_max_num_queries, admin_page, queries
):
    line = CrisisResource.objects.get(region__code="US", name="988 Suicide & Crisis Lifeline")
    proposal = propose_change(line, details={"phone": "911"}, reason="A test", user=editor)
    args = {
        "admin:guides_crisisresource_change": [line.pk],
        "admin:guides_proposedchange_change": [proposal.pk],
    }.get(admin_page, [])
    client.force_login(editor)
    url = reverse(admin_page, args=args)
    client.get(url)
    with django_assert_max_num_queries(queries):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("admin_page", "queries"),
    [("admin:guides_section_change", 15), ("admin:guides_section_changelist", 22)],
)
def test_the_section_admin_costs_the_same_with_new_words_waiting(
    client, content, editor, django_assert_max_num_queries, admin_page, queries
):
    import datetime

    from django.utils import timezone

    from guides.services.guide.schedule import schedule_section_words

    section = Section.objects.get(slug="faq")
    when = timezone.now() + datetime.timedelta(days=1)
    schedule_section_words(section, {"title_en": "New title"}, when=when, user=editor)
    client.force_login(editor)
    url = (
        reverse(admin_page)
        if admin_page.endswith("changelist")
        else reverse(admin_page, args=[section.pk])
    )
    client.get(url)
    with django_assert_max_num_queries(queries):
        response = client.get(url)
    assert timezone.localtime(when).strftime("%d %b %Y %H:%M") in response.content.decode()
