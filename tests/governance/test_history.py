"""Every change to what readers see is kept: who, when, why; compared and reverted in the admin."""

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from guides.models import CrisisResource, ProposedChange, Section
from tests.base import section_form_data, text_of

pytestmark = pytest.mark.django_db


def versions_of(obj):
    return list(Version.objects.get_for_object(obj).select_related("revision__user"))


def test_a_save_keeps_a_version_with_who_and_why(client, content, editor):
    section = Section.objects.get(slug="faq")
    client.force_login(editor)
    response = client.post(
        reverse("admin:guides_section_change", args=[section.pk]),
        section_form_data(section, title="Questions people ask", change_reason="Plainer title"),
    )
    assert response.status_code == 302
    latest = versions_of(section)[0]
    assert latest.revision.user == editor
    assert "Plainer title" in latest.revision.comment
    assert latest.field_dict["title"] == "Questions people ask"


def test_an_untouched_field_is_not_logged_as_changed(client, content, editor):
    # Browsers send textareas with \r\n line ends; the file's are \n.
    section = Section.objects.get(slug="faq")
    client.force_login(editor)
    data = section_form_data(section, key_points=section.key_points.replace("\n", "\r\n"))
    client.post(reverse("admin:guides_section_change", args=[section.pk]), data)
    comment = versions_of(section)[0].revision.comment
    assert "Key points" not in comment and "key points" not in comment


def test_the_history_compares_two_versions_with_a_line_diff(client, content, editor):
    section = Section.objects.get(slug="faq")
    client.force_login(editor)
    url = reverse("admin:guides_section_change", args=[section.pk])
    client.post(url, section_form_data(section, body=section.body + "\n\nA new last line."))
    history = client.get(reverse("admin:guides_section_history", args=[section.pk]))
    assert history.status_code == 200
    [new, old] = versions_of(section)[:2]
    compare = client.get(
        reverse("admin:guides_section_compare", args=[section.pk]),
        {"version_id1": old.pk, "version_id2": new.pk},
    )
    html = compare.content.decode()
    assert compare.status_code == 200
    assert "<ins>A new last line.</ins>" in html or "A new last line." in html
    assert "diff-ins" in html or "<ins>" in html


def test_a_revert_is_a_new_version_and_readers_see_it_at_once(
    client, content, editor, check_every_minute
):
    section = Section.objects.get(slug="faq")
    original_title = section.title
    client.force_login(editor)
    url = reverse("admin:guides_section_change", args=[section.pk])
    client.post(url, section_form_data(section, title="A title with a typo"))
    assert "A title with a typo" in text_of(Client().get("/guide/faq/"))
    first = versions_of(section)[-1]  # as content/ loaded it
    revert_url = reverse("admin:guides_section_revision", args=[section.pk, first.pk])
    form = client.get(revert_url)
    assert form.status_code == 200
    section.refresh_from_db()  # the form is opened after the last save
    response = client.post(revert_url, section_form_data(section, title=original_title))
    assert response.status_code == 302
    assert original_title in text_of(Client().get("/guide/faq/"))
    assert len(versions_of(section)) == 3  # loaded, changed, reverted


def test_a_deleted_crisis_line_can_be_recovered(client, content, superuser):
    line = CrisisResource.objects.get(region__code="UK", name="Shout")
    client.force_login(superuser)
    client.post(reverse("admin:guides_crisisresource_delete", args=[line.pk]), {"post": "yes"})
    assert CrisisResource.objects.filter(name="Shout").exists()  # proposed, not deleted
    decide = reverse("admin:guides_proposedchange_decide", args=[ProposedChange.objects.get().pk])
    client.post(decide, {"decision": "approve", "confirm_alone": "yes"})
    assert not CrisisResource.objects.filter(name="Shout").exists()
    deleted = client.get(reverse("admin:guides_crisisresource_recoverlist"))
    assert "Shout" in deleted.content.decode()
    [version] = Version.objects.get_deleted(CrisisResource)
    recover_url = reverse("admin:guides_crisisresource_recover", args=[version.pk])
    assert client.get(recover_url).status_code == 200
    fields = {k: v for k, v in version.field_dict.items() if v is not None and v is not False}
    fields["region"] = fields.pop("region_id")
    response = client.post(recover_url, {**fields, "change_reason": "Deleted by mistake"})
    assert response.status_code == 302, text_of(response)[:2000]
    recovered = CrisisResource.objects.get(name="Shout", text_number="85258")
    assert recovered.is_retired  # kept from readers until a second person approves
    assert "Shout" not in text_of(Client().get("/help-now/?region=UK"))
    proposal = ProposedChange.objects.pending().get()
    assert proposal.details == {"is_retired": False} and proposal.reason == "Deleted by mistake"
    decide = reverse("admin:guides_proposedchange_decide", args=[proposal.pk])
    client.post(decide, {"decision": "approve", "confirm_alone": "yes"})
    assert "Shout" in text_of(Client().get("/help-now/?region=UK"))


def test_people_s_data_has_no_history(content, alice):
    from guides.models import ChecklistResult, Plan
    from tests.base import make_plan

    make_plan(user=alice)
    ChecklistResult.objects.create(user=alice)
    import reversion

    for model in (Plan, ChecklistResult, type(alice)):
        assert not reversion.is_registered(model)
    assert not Version.objects.filter(content_type__model__in=["plan", "checklistresult", "user"])


def test_a_save_based_on_a_version_someone_else_changed_is_refused_and_keeps_the_words(
    client, content, editor, superuser
):
    section = Section.objects.get(slug="faq")
    opened = section_form_data(section)  # both open the form
    url = reverse("admin:guides_section_change", args=[section.pk])
    client.force_login(superuser)
    assert client.post(url, {**opened, "title_en": "Their new title"}).status_code == 302
    client.force_login(editor)
    response = client.post(url, {**opened, "body_en": section.body + "\n\nMy new paragraph."})
    assert response.status_code == 200
    text = text_of(response)
    assert "root@example.org saved this section after you opened it" in text
    assert "What they changed: title (English)." in text
    assert response.context["adminform"].form.data["title_en"] == "Their new title"
    assert "My new paragraph." in response.content.decode()  # what this person typed
    section.refresh_from_db()
    assert section.title == "Their new title" and "My new paragraph." not in section.body
    # Having seen it, they save again: this time it is based on the latest version.
    form = response.context["adminform"].form
    again = {**opened, "title_en": "Their new title", "body_en": section.body + "\n\nMine."}
    again["edit_version"] = form.data["edit_version"]
    assert client.post(url, again).status_code == 302
    section.refresh_from_db()
    assert section.title == "Their new title" and section.body.endswith("Mine.")


def test_the_compare_page_shows_each_field_once(client, content, editor):
    section = Section.objects.get(slug="faq")
    client.force_login(editor)
    url = reverse("admin:guides_section_change", args=[section.pk])
    client.post(url, section_form_data(section, title="Questions people ask"))
    [new, old] = versions_of(section)[:2]
    compare = client.get(
        reverse("admin:guides_section_compare", args=[section.pk]),
        {"version_id1": old.pk, "version_id2": new.pk},
    )
    html = compare.content.decode()
    assert html.count("<h3>title") == 1  # "title (English)", not also the plain "title"
    assert "<ins>+ Questions people ask</ins>" in html


def test_the_compare_page_wraps_long_lines(client, content, editor):
    """The page links a stylesheet that wraps the diff's <pre> boxes, and that stylesheet is
    served with the rule (a long paragraph is one line in the diff)."""
    import re
    from pathlib import Path

    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    section = Section.objects.get(slug="faq")
    client.force_login(editor)
    url = reverse("admin:guides_section_change", args=[section.pk])
    client.post(url, section_form_data(section, body=section.body + "\n\n" + "A long line. " * 80))
    [new, old] = versions_of(section)[:2]
    html = client.get(
        reverse("admin:guides_section_compare", args=[section.pk]),
        {"version_id1": old.pk, "version_id2": new.pk},
    ).content.decode()
    assert '<pre class="highlight">' in html
    href = static("css/admin-compare.css")
    assert f'href="{href}"' in html
    css = Path(finders.find("css/admin-compare.css")).read_text()
    rule = re.search(r"pre\.highlight\s*\{([^}]*)\}", css)
    assert rule is not None
    assert "white-space: pre-wrap" in rule.group(1)
    assert "overflow-wrap: anywhere" in rule.group(1)


def test_the_compare_page_leaves_out_the_spanish_check_hash(client, content, editor):
    section = Section.objects.get(slug="faq")
    client.force_login(editor)
    url = reverse("admin:guides_section_change", args=[section.pk])
    client.post(url, section_form_data(section, title="Questions people ask"))
    section.refresh_from_db()
    client.post(url, section_form_data(section, title_es="Preguntas que la gente hace"))
    [new, old] = versions_of(section)[:2]
    assert new.field_dict["spanish_checked_against"] != old.field_dict["spanish_checked_against"]
    html = client.get(
        reverse("admin:guides_section_compare", args=[section.pk]),
        {"version_id1": old.pk, "version_id2": new.pk},
    ).content.decode()
    assert "Preguntas" in html and "gente hace" in html  # the diff marks the words
    assert "spanish checked against" not in html.lower()
