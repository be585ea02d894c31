"""load_content and export_content: idempotent, all or nothing, and a lossless round trip."""

import datetime
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from guides.models import CrisisResource, LoadedContentKey, Region, Section
from guides.models.base import approved_write
from guides.services.content_loading import ContentError, export_content, load_content
from tests.base import CONTENT_DIR

pytestmark = pytest.mark.django_db


@pytest.fixture
def content_copy(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


@pytest.fixture
def loaded_copy(content, content_copy):
    """content/ copied, with the database as loading it leaves it: every test database starts
    from that load (tests/base_state.py), which saves each test a first load of its own."""
    return content_copy


def section_file(content_dir, slug):
    return next((content_dir / "guides" / "first-step").glob(f"*-{slug}.md"))


def snapshot():
    return list(Section.objects.order_by("pk").values())


def test_it_loads_every_section_of_the_article(content_copy):
    report = load_content(content_copy)
    slugs = list(Section.objects.order_by("order").values_list("slug", flat=True))
    assert slugs == [
        "introduction", "resistance", "why-it-matters", "barriers", "neuroscience",
        "types-of-help", "first-step", "after", "teaching-others", "ripple-effects", "faq",
    ]  # fmt: skip
    assert len(report.created) == 12  # the guide and its 11 sections
    assert all(section.body_html.startswith("<") for section in Section.objects.all())
    assert all(section.key_point_list for section in Section.objects.all())


def test_it_loads_the_crisis_defaults(content_copy):
    load_content(content_copy)
    assert set(Region.objects.values_list("code", flat=True)) == {
        "US",
        "UK",
        "CA",
        "IE",
        "AU",
        "ES",
        "MX",
        "INT",
    }
    assert Region.objects.get(code="MX").line_language == "es"
    assert Region.objects.get(code="UK").line_language == ""
    us = CrisisResource.objects.filter(region__code="US")
    assert us.filter(phone="988", text_number="988").exists()
    assert us.filter(text_number="741741").exists()
    assert us.filter(phone="911", is_emergency=True).exists()
    assert CrisisResource.objects.filter(region__code="UK", phone="116 123").exists()


def test_a_second_run_changes_nothing(loaded_copy):
    before = snapshot()
    report = load_content(loaded_copy)
    assert not report.changed
    assert len(report.unchanged) == 22  # 11 sections, in English and in Spanish
    assert snapshot() == before


def test_a_changed_file_updates_its_section(loaded_copy):
    path = section_file(loaded_copy, "barriers")
    path.write_text(path.read_text().replace("title: ", "title: Changed - ", 1))
    report = load_content(loaded_copy)
    assert report.updated == ["first-step/barriers"]
    assert Section.objects.get(slug="barriers").title.startswith("Changed - ")


def test_a_staff_edit_is_kept_and_reported_unless_forced(loaded_copy):
    section = Section.objects.get(slug="faq")
    section.title = "Edited by staff"
    section.save()
    path = section_file(loaded_copy, "faq")
    path.write_text(path.read_text().replace("summary: ", "summary: New file summary. ", 1))

    report = load_content(loaded_copy)
    assert report.skipped == ["first-step/faq"]
    assert Section.objects.get(slug="faq").title == "Edited by staff"

    report = load_content(loaded_copy, force=True)
    assert report.updated == ["first-step/faq"]
    assert Section.objects.get(slug="faq").title != "Edited by staff"


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda text: text.replace("---\n", "", 1), "must start with a '---' line"),
        (lambda text: text.replace("title: ", "title: [unclosed ", 1), "not valid YAML"),
        (lambda text: text.replace("slug: ", "slug: Not A Slug ", 1), "'slug' must be"),
        (lambda text: text.replace("order: ", "order: first #", 1), "'order' must be"),
        (lambda text: text.replace("url: /", "url: javascript:alert(1)//", 1), "not a path"),
        (lambda text: text.split("\n---\n")[0] + "\n---\n", "the body is empty"),
        (lambda text: text.replace("---\n", "---\ncolour: blue\n", 1), "unknown keys"),
    ],
)
def test_a_malformed_file_is_named_and_nothing_changes(loaded_copy, damage, problem):
    intro = section_file(loaded_copy, "introduction")
    intro.write_text(intro.read_text().replace("title: ", "title: Updated ", 1))
    broken = section_file(loaded_copy, "neuroscience")
    broken.write_text(damage(broken.read_text()))
    before = snapshot()

    with pytest.raises(ContentError) as raised:
        load_content(loaded_copy)

    assert any(str(broken) in line and problem in line for line in raised.value.problems)
    assert snapshot() == before  # the good change to the introduction was not applied either


def test_the_command_reports_problems_without_a_traceback(content_copy):
    broken = section_file(content_copy, "faq")
    broken.write_text("no front matter here")
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("load_content", path=content_copy)
    assert Section.objects.count() == 0


def test_export_then_load_changes_nothing(loaded_copy, tmp_path):
    section = Section.objects.get(slug="after")
    section.body += "\n\nA paragraph staff added."
    section.key_points += "\nA point staff added."
    section.save()
    exported = tmp_path / "exported"
    shutil.copytree(loaded_copy, exported)

    export_content(exported)
    before = snapshot()
    report = load_content(exported)

    assert not report.changed and not report.skipped
    assert snapshot() == before
    assert "A paragraph staff added." in section_file(exported, "after").read_text()


def test_export_writes_the_same_format_the_loader_reads(content_copy, tmp_path):
    load_content(content_copy)  # the dates as the files give them
    exported = tmp_path / "exported"
    export_content(exported)
    Section.objects.all().delete()
    LoadedContentKey.objects.all().delete()  # as on a fresh install
    load_content(exported)
    assert Section.objects.count() == 11
    assert Section.objects.get(slug="faq").last_reviewed == datetime.date(2026, 11, 29)
    faq = Section.objects.get(slug="faq")
    assert faq.action_url == "/checklist/"


def test_a_deploy_never_brings_back_what_staff_deleted(loaded_copy):
    with approved_write():  # as a second person's approval deletes it
        CrisisResource.objects.get(region__code="UK", name="Shout").delete()
    Section.objects.get(slug="ripple-effects").delete()
    report = load_content(loaded_copy)
    assert not CrisisResource.objects.filter(name="Shout").exists()
    assert not Section.objects.filter(slug="ripple-effects").exists()
    assert "crisis:UK/Shout" in report.deleted_by_staff
    assert "first-step/ripple-effects" in report.deleted_by_staff


def test_a_deploy_never_duplicates_what_staff_renamed(loaded_copy):
    CrisisResource.objects.filter(region__code="UK", name="Shout").update(name="Shout 85258")
    section = Section.objects.get(slug="faq")
    section.slug, section.title = "questions", "Questions people ask"
    section.save()
    before = (CrisisResource.objects.count(), Section.objects.count())
    report = load_content(loaded_copy)
    assert (CrisisResource.objects.count(), Section.objects.count()) == before
    assert Section.objects.get(source_key="first-step/faq").slug == "questions"
    assert "first-step/faq" in report.skipped  # staff's words are kept


def test_loading_writes_a_version_by_content_files(content_copy):
    from reversion.models import Version

    load_content(content_copy)
    section = Section.objects.get(slug="faq")
    [version] = Version.objects.get_for_object(section)
    assert version.revision.comment == "content files" and version.revision.user is None
