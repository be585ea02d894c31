"""Staff editing: content editors edit words and nothing personal; the public is kept out."""

import pytest
from django.urls import reverse

from guides.models import CrisisResource, Section, Statement
from guides.models.base import approved_write
from tests.base import section_form_data

pytestmark = pytest.mark.django_db

CONTENT_ADMIN_PAGES = [
    "admin:guides_guide_changelist",
    "admin:guides_section_changelist",
    "admin:guides_region_changelist",
    "admin:guides_crisisresource_changelist",
    "admin:guides_crisisphrase_changelist",
    "admin:guides_sitesettings_changelist",
    "admin:guides_statementgroup_changelist",
    "admin:guides_statement_changelist",
    "admin:guides_contactkind_changelist",
    "admin:guides_contactmethod_changelist",
    "admin:guides_barrier_changelist",
]


def test_the_admin_sends_anonymous_people_to_log_in(client):
    response = client.get(reverse("admin:guides_section_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_person_who_is_not_staff_cannot_use_the_admin(client, alice):
    client.force_login(alice)
    response = client.get(reverse("admin:guides_section_changelist"))
    assert response.status_code == 302


@pytest.mark.parametrize("admin_page", CONTENT_ADMIN_PAGES)
def test_content_editors_can_edit_every_word(client, content, editor, admin_page):
    client.force_login(editor)
    assert client.get(reverse(admin_page)).status_code == 200


def test_content_editors_cannot_see_people(client, editor, alice):
    client.force_login(editor)
    assert client.get(reverse("admin:guides_user_changelist")).status_code == 403
    assert client.get(reverse("admin:guides_user_change", args=[alice.pk])).status_code == 403
    assert "guides/user/" not in client.get(reverse("admin:index")).content.decode()


def test_superusers_can_manage_people(client, superuser, alice):
    client.force_login(superuser)
    response = client.get(reverse("admin:guides_user_changelist"))
    assert response.status_code == 200
    assert "alice@example.org" in response.content.decode()


def test_an_editor_saves_a_section_and_the_html_is_rendered_and_sanitised(client, content, editor):
    client.force_login(editor)
    section = Section.objects.get(slug="faq")
    url = reverse("admin:guides_section_change", args=[section.pk])
    page = client.get(url)
    assert "Open the whole page as readers will see it" in page.content.decode()
    response = client.post(
        url,
        section_form_data(
            section,
            title="Questions people ask",
            body="**Kind** words <script>alert(1)</script>",
            key_points="One\nTwo",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    section.refresh_from_db()
    assert section.title == "Questions people ask"
    assert "<strong>Kind</strong>" in section.body_html
    assert "<script" not in section.body_html
    assert section.edited_since_load()


def test_the_section_list_can_be_searched_and_filtered(client, content, editor):
    client.force_login(editor)
    url = reverse("admin:guides_section_changelist")
    response = client.get(url, {"q": "stress response"})
    assert response.status_code == 200
    assert "Your brain is built for connection" in response.content.decode()
    assert client.get(url, {"is_published__exact": "0"}).status_code == 200


def test_crisis_resources_are_listed_stalest_first(client, content, editor):
    with approved_write():
        CrisisResource.objects.filter(name__icontains="Samaritans").update(
            last_checked="2020-01-01"
        )
    client.force_login(editor)
    html = client.get(reverse("admin:guides_crisisresource_changelist")).content.decode()
    first_row = html.split('id="result_list"')[1].split("<tr")[2]
    assert "Samaritans" in first_row


def test_the_section_admin_offers_view_on_site(client, content, editor):
    client.force_login(editor)
    section = Section.objects.get(slug="faq")
    html = client.get(reverse("admin:guides_section_change", args=[section.pk])).content.decode()
    assert "View on site" in html


def test_content_editors_edit_a_statement_and_its_crisis_flag(client, content, editor):
    client.force_login(editor)
    statement = Statement.objects.get(key="keep-wondering")
    page = client.get(reverse("admin:guides_statement_change", args=[statement.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for field in ("is_active", "is_crisis", "section", "help_kinds"):
        assert f'name="{field}"' in html


def test_nobody_sees_checklist_results_in_the_admin(client, superuser):
    client.force_login(superuser)
    assert "checklistresult" not in client.get(reverse("admin:index")).content.decode()
