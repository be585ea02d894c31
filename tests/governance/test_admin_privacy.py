"""A content editor never sees a person's e-mail, id or answers on any admin page, and cannot
delete content that people's own data points to."""

import contextlib

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from guides.models import (
    Barrier,
    ChecklistResult,
    ContactKind,
    ReadingProgress,
    Section,
    ShareLink,
    Statement,
)
from tests.base import make_person, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def people_data(content):
    """Someone with reading progress, answers (the crisis statement ticked) and a plan."""
    person = make_person("private.person@example.org")
    for section in Section.objects.all():
        ReadingProgress.objects.create(user=person, section=section)
    result = ChecklistResult.objects.create(user=person, signs_count=1)
    result.statements.set(Statement.objects.all())
    plan = make_plan(user=person, backup_kind=ContactKind.objects.get(slug="helpline"))
    plan.plan_barriers.create(barrier=Barrier.objects.first(), note="a private note")
    link = ShareLink.objects.create(plan=plan, display_name="Ana")
    return [person.email, str(plan.pk), str(result.pk), "a private note", link.token]


def every_admin_page_of_content():
    """Every admin page of every model, for its first and its newest object (the person's, where
    the model holds people's data). Each object of a model is served by the same admin code, and
    the person's data points at every section and statement alike: opening all of them, over
    1,000 pages, took 23 s of the suite and found nothing more."""
    for model, _model_admin in admin.site._registry.items():
        if model._meta.app_label != "guides":
            continue
        ends = {*model.objects.order_by("pk")[:1], *model.objects.order_by("-pk")[:1]}
        for obj in sorted(ends, key=lambda obj: obj.pk):
            for view in ("change", "delete", "history"):
                with contextlib.suppress(NoReverseMatch):
                    yield reverse(f"admin:guides_{model._meta.model_name}_{view}", args=[obj.pk])
        yield reverse(f"admin:guides_{model._meta.model_name}_changelist")


def test_no_admin_page_shows_an_editor_anything_personal(client, people_data, editor):
    client.force_login(editor)
    pages = list(every_admin_page_of_content())
    assert len(pages) > 50
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 302, 403), url
        html = response.content.decode()
        for secret in people_data:
            assert secret not in html, f"{url} shows {secret!r}"


def test_deleting_content_people_s_data_points_to_is_refused(client, people_data, editor):
    client.force_login(editor)
    section = Section.objects.get(slug="faq")
    delete = reverse("admin:guides_section_delete", args=[section.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Section.objects.filter(pk=section.pk).exists()
    change = client.get(reverse("admin:guides_section_change", args=[section.pk]))
    assert "unpublish it or stop offering it instead" in change.content.decode()
    kind = ContactKind.objects.get(slug="helpline")
    bulk = client.post(
        reverse("admin:guides_contactkind_changelist"),
        {"action": "delete_selected", "_selected_action": [kind.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302, 403)
    assert ContactKind.objects.filter(pk=kind.pk).exists()


def test_content_nobody_s_data_points_to_can_be_deleted(client, content, editor):
    client.force_login(editor)
    section = Section.objects.get(slug="ripple-effects")  # no checklist statement links to it
    response = client.post(
        reverse("admin:guides_section_delete", args=[section.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Section.objects.filter(pk=section.pk).exists()
