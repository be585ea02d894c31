"""The guide's words as Markdown files under content/: load them into the database, export them.

A section file is YAML front matter (slug, order, title, summary, key_points, action) followed by
the Markdown body. Crisis resources, crisis phrases and the choices of the checklist and planner
come as YAML defaults that are created once and then belong to staff.
"""

import datetime
import hashlib
import json
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import reversion
import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify

from guides.content_version import content_changed, one_change_for_all
from guides.helpers.phrase_matching import normalise, phrase_problem
from guides.models import (
    Barrier,
    ContactKind,
    ContactMethod,
    CrisisPhrase,
    CrisisResource,
    Guide,
    LoadedContentKey,
    Region,
    SafetyPlanStep,
    SafeWording,
    Section,
    Statement,
    StatementGroup,
)
from guides.models.base import approved_write, write_is_approved
from guides.models.crisis import validate_language_code
from guides.models.guide import validate_site_path
from guides.models.safety_plan import Step as SafetyPlanStepSlug
from guides.services.crisis.proposals import propose_change

SECTION_KEYS = {
    "slug",
    "order",
    "title",
    "summary",
    "key_points",
    "action",
    "is_published",
    "last_reviewed",
    "review_interval_months",
}
# Review dates are governance, not words: a file brings a later review date, and marking a section
# reviewed in the admin does not count as an edit of its words.
REVIEW_FIELDS = ("last_reviewed", "review_interval_months")
ACTION_KEYS = {"text", "label", "url"}


CONTENT_FILES = "content files"  # who made a change that load_content wrote, in the history


class ContentError(Exception):
    """One or more content files cannot be loaded; each problem names its file."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    defaults_created: list[str] = field(default_factory=list)
    # Entries of content/ that staff deleted, or whose place another row took: never brought back.
    deleted_by_staff: list[str] = field(default_factory=list)
    # New or changed crisis details, waiting for a second person (none on an empty database).
    proposed: list[str] = field(default_factory=list)
    # Every object this load wrote: each gets one version of its own in the history.
    touched: dict = field(default_factory=dict)
    # The keys of LoadedContentKey, read once when the load starts, with those it adds.
    loaded_keys: set[str] = field(default_factory=set)

    def touch(self, obj) -> None:
        self.touched[(type(obj), obj.pk)] = obj

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.defaults_created)


@dataclass
class GuideFile:
    directory: Path
    fields: dict
    sections: list[dict]
    # The sections in each other language, from <guide>/<language code>/: the same file names
    # and slugs as the default language's.
    translations: dict[str, list[dict]] = field(default_factory=dict)


DEFAULT_LANGUAGE = settings.LANGUAGE_CODE
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != DEFAULT_LANGUAGE]
# A section's fields that are written in each language (see guides/translation.py).
SECTION_WORDS = (
    "title",
    "summary",
    "body",
    "key_points",
    "action_text",
    "action_label",
    "action_url",
)


def words_as_in_a_file(fields: dict) -> dict:
    """A parsed section file in the shape of Section.content_fields, to compare their hashes."""
    return {
        "slug": fields["slug"],
        "order": fields["order"],
        "title": fields["title"],
        "summary": fields["summary"],
        "key_points": [p for p in fields["key_points"].splitlines() if p.strip()],
        "action": {
            "text": fields["action_text"],
            "label": fields["action_label"],
            "url": fields["action_url"],
        },
        "is_published": fields["is_published"],
        "body": fields["body"],
    }


def hash_of(fields: dict) -> str:
    encoded = json.dumps(words_as_in_a_file(fields), sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()


def fill_translations(obj, item: dict) -> bool:
    """Put a file's words in another language into fields staff have left empty; never over
    what they wrote. Whether anything was filled."""
    filled = False
    for key, value in item.items():
        name, _, language = key.rpartition("_")
        if language in OTHER_LANGUAGES and value and not getattr(obj, key, None):
            setattr(obj, key, value)
            filled = True
    if filled:
        obj.save()
    return filled


# libyaml's parser when PyYAML was built with it (its wheels are), else PyYAML's own: the same
# safe subset of YAML, about ten times faster, which matters on every deploy's load_content.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str):
    return yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 (a safe loader)


def split_front_matter(text: str, path: Path) -> tuple[dict, str]:
    if not text.startswith("---\n"):
        raise ContentError([f"{path}: the file must start with a '---' line of front matter."])
    try:
        front, body = text[4:].split("\n---\n", 1)
    except ValueError:
        raise ContentError([f"{path}: the front matter has no closing '---' line."]) from None
    try:
        meta = parse_yaml(front)
    except yaml.YAMLError as error:
        raise ContentError([f"{path}: the front matter is not valid YAML ({error})."]) from None
    if not isinstance(meta, dict):
        raise ContentError([f"{path}: the front matter must be a set of 'key: value' lines."])
    return meta, body


def parse_section(path: Path) -> dict:
    meta, body = split_front_matter(path.read_text(encoding="utf-8"), path)
    problems = []
    unknown = set(meta) - SECTION_KEYS
    if unknown:
        problems.append(f"unknown keys {sorted(unknown)}")
    slug = meta.get("slug")
    if not isinstance(slug, str) or not slug or slugify(slug) != slug:
        problems.append("'slug' must be lower-case words joined by hyphens")
    if not isinstance(meta.get("order"), int) or meta["order"] < 0:
        problems.append("'order' must be a whole number")
    for key, limit in (("title", 200), ("summary", 300)):
        value = meta.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"'{key}' is missing")
        elif len(value) > limit:
            problems.append(f"'{key}' is longer than {limit} characters")
    key_points = meta.get("key_points", [])
    if not isinstance(key_points, list) or not all(isinstance(p, str) for p in key_points):
        problems.append("'key_points' must be a list of sentences")
    action = meta.get("action") or {}
    if not isinstance(action, dict) or set(action) - ACTION_KEYS:
        problems.append("'action' must have only text, label and url")
        action = {}
    elif action.get("url"):
        try:
            validate_site_path(action["url"])
        except ValidationError:
            problems.append(f"'action.url' {action['url']!r} is not a path on this site")
    if not body.strip():
        problems.append("the body is empty")
    reviewed = meta.get("last_reviewed")
    if reviewed is not None and not isinstance(reviewed, datetime.date):
        problems.append("'last_reviewed' must be a date like 2026-11-29")
    interval = meta.get("review_interval_months", 12)
    if not isinstance(interval, int) or not 1 <= interval <= 36:
        problems.append("'review_interval_months' must be a whole number from 1 to 36")
    if problems:
        raise ContentError([f"{path}: {problem}." for problem in problems])
    return {
        "last_reviewed": reviewed,
        "review_interval_months": interval,
        "slug": slug,
        "order": meta["order"],
        "title": meta["title"].strip(),
        "summary": meta["summary"].strip(),
        "key_points": "\n".join(point.strip() for point in key_points),
        "action_text": str(action.get("text") or "").strip(),
        "action_label": str(action.get("label") or "").strip(),
        "action_url": str(action.get("url") or "").strip(),
        "is_published": bool(meta.get("is_published", True)),
        "body": body.strip(),
    }


def language_gaps(guides: list[GuideFile]) -> list[str]:
    """Each section that is in one language's files but not another's, as a sentence."""
    gaps = []
    for guide in guides:
        default = {section["slug"] for section in guide.sections}
        for language in OTHER_LANGUAGES:
            translated = {section["slug"] for section in guide.translations.get(language, [])}
            gaps += [
                f"{guide.directory.name}: “{slug}” has no {language} file in {language}/."
                for slug in sorted(default - translated)
            ]
            gaps += [
                f"{guide.directory.name}/{language}: “{slug}” has no {DEFAULT_LANGUAGE} file."
                for slug in sorted(translated - default)
            ]
    return gaps


def read_guides(content_dir: Path) -> list[GuideFile]:
    """Parse every guide under content/guides/, all of it or nothing."""
    guides, problems = [], []
    for directory in sorted(p for p in (content_dir / "guides").glob("*") if p.is_dir()):
        guide_path = directory / "guide.yaml"
        try:
            fields = parse_yaml(guide_path.read_text(encoding="utf-8"))
            if not isinstance(fields, dict) or not fields.get("slug") or not fields.get("title"):
                raise ContentError([f"{guide_path}: it needs at least a slug and a title."])
        except FileNotFoundError:
            problems.append(f"{guide_path}: the file is missing.")
            continue
        except (yaml.YAMLError, ContentError) as error:
            problems.extend(getattr(error, "problems", [f"{guide_path}: not valid YAML."]))
            continue
        sections = _read_sections(directory, problems)
        translations = {
            language: _read_sections(directory / language, problems)
            for language in OTHER_LANGUAGES
            if (directory / language).is_dir()
        }
        guides.append(GuideFile(directory, fields, sections, translations))
    if problems:
        raise ContentError(problems)
    return guides


def _read_sections(directory: Path, problems: list[str]) -> list[dict]:
    sections, slugs = [], set()
    for path in sorted(directory.glob("*.md")):
        try:
            section = parse_section(path)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        if section["slug"] in slugs:
            problems.append(f"{path}: the slug {section['slug']!r} is used twice.")
        slugs.add(section["slug"])
        sections.append(section)
    return sections


def read_yaml(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        data = parse_yaml(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ContentError([f"{path}: not valid YAML ({error})."]) from None
    if not isinstance(data, dict):
        raise ContentError([f"{path}: expected 'key: value' lines at the top."])
    return data


def was_loaded(key: str, report: LoadReport) -> bool:
    return key in report.loaded_keys


def remember_loaded(key: str, report: LoadReport) -> None:
    if key not in report.loaded_keys:
        LoadedContentKey.objects.create(key=key)
        report.loaded_keys.add(key)


def load_section(
    guide: Guide,
    fields: dict,
    *,
    force: bool,
    report: LoadReport,
    language: str = DEFAULT_LANGUAGE,
) -> None:
    """One section file: created once, then updated only while staff have not changed its
    words in that language (unless force)."""
    fields = dict(fields)
    review = {name: fields.pop(name) for name in REVIEW_FIELDS}
    source_key = f"{guide.slug}/{fields['slug']}"
    label = source_key if language == DEFAULT_LANGUAGE else f"{source_key} ({language})"
    incoming_hash = hash_of(fields)
    words = {f"{name}_{language}": fields[name] for name in SECTION_WORDS}
    section = Section.objects.filter(guide=guide, source_key=source_key).first()
    if section is None:
        taken = Section.objects.filter(guide=guide, slug=fields["slug"]).exists()
        if language != DEFAULT_LANGUAGE or taken or was_loaded(f"section:{source_key}", report):
            report.deleted_by_staff.append(label)
            return
        created_section = Section.objects.create(
            guide=guide,
            source_key=source_key,
            slug=fields["slug"],
            order=fields["order"],
            is_published=fields["is_published"],
            **words,
            **{f"loaded_hash_{language}": incoming_hash},
            **review,
        )
        report.touch(created_section)
        remember_loaded(f"section:{source_key}", report)
        report.created.append(label)
        return
    if (
        language == DEFAULT_LANGUAGE
        and review["last_reviewed"]
        and (section.last_reviewed is None or section.last_reviewed < review["last_reviewed"])
    ):
        section.last_reviewed = review["last_reviewed"]
        section.review_interval_months = review["review_interval_months"]
        section.save(update_fields=[*REVIEW_FIELDS, "next_review_due"])
        report.touch(section)
    loaded_hash = f"loaded_hash_{language}"
    if section.content_hash(language) == incoming_hash:
        if getattr(section, loaded_hash) != incoming_hash:
            Section.objects.filter(pk=section.pk).update(**{loaded_hash: incoming_hash})
        report.unchanged.append(label)
    elif section.edited_since_load(language) and not force:
        report.skipped.append(label)
    else:
        for name, value in words.items():
            setattr(section, name, value)
        if language == DEFAULT_LANGUAGE:
            section.slug, section.order = fields["slug"], fields["order"]
            section.is_published = fields["is_published"]
        setattr(section, loaded_hash, incoming_hash)
        section.save()
        report.touch(section)
        report.updated.append(label)


CRISIS_KEYS = {
    "language",
    *(
        f"{name}_{language}"
        for name in ("name", "description", "area", "hours")
        for language in OTHER_LANGUAGES
    ),
    "name",
    "description",
    "phone",
    "text_number",
    "text_keyword",
    "web_url",
    "web_is_chat",
    "email",
    "textphone",
    "whatsapp_number",
    "area",
    "hours",
    "audience",
    "is_emergency",
    "last_checked",
    "source_url",
    "order",
}


def create_once(key: str, report: LoadReport, exists: bool, create) -> bool:
    """Create a default the first time only: after that it is staff's, to change or delete."""
    if exists:
        return False
    if was_loaded(key, report):
        report.deleted_by_staff.append(key)
        return False
    obj = create()
    if obj is not None:
        report.touch(obj)
    remember_loaded(key, report)
    report.defaults_created.append(key)
    return True


def offer_after_approval(obj, hidden: dict, reason: str, report: LoadReport):
    """Save a new row readers would be shown: at once on an empty database; otherwise hidden
    (retired, inactive), with a proposal to show it that a second person approves."""
    if write_is_approved() or not obj.is_shown_to_readers():
        obj.save()
        return obj
    wanted = obj.guarded_state()
    for name, value in hidden.items():
        setattr(obj, name, value)
    obj.save()
    saved = obj.guarded_state()
    propose_change(
        obj,
        details={name: value for name, value in wanted.items() if saved[name] != value},
        reason=reason,
    )
    report.proposed.append(str(obj))
    return obj


def touch_translations(obj, item: dict, report: LoadReport) -> None:
    if fill_translations(obj, item):
        report.touch(obj)


def load_crisis_defaults(data: dict, report: LoadReport) -> None:
    """Create the default lines that are missing. A line must say where it was checked, and when."""
    for region_data in data.get("regions", []):
        code = region_data["code"]
        create_once(
            f"region:{code}",
            report,
            Region.objects.filter(code=code).exists(),
            lambda code=code, region_data=region_data: offer_after_approval(
                Region(
                    code=code,
                    name=region_data["name"],
                    order=region_data.get("order", 0),
                    line_language=region_data.get("line_language", ""),
                ),
                {"is_retired": True},
                f"New in content/crisis.yaml: the region {code}.",
                report,
            ),
        )
        region = Region.objects.filter(code=code).first()
        if region is None:  # staff deleted the region: its lines stay deleted too
            continue
        touch_translations(region, region_data, report)
        for item in region_data.get("resources", []):
            label = f"crisis.yaml: {code}/{item.get('name')}"
            unknown = set(item) - CRISIS_KEYS
            if unknown:
                raise ContentError([f"{label}: unknown keys {sorted(unknown)}."])
            if not item.get("source_url") or not isinstance(
                item.get("last_checked"), datetime.date
            ):
                raise ContentError(
                    [f"{label}: every line needs source_url and last_checked (a date)."]
                )
            source_key = f"{code}/{item['name']}"
            resource = CrisisResource(
                region=region,
                source_key=source_key,
                **{key: value for key, value in item.items() if value is not None},
            )
            try:
                resource.full_clean()
            except ValidationError as error:
                raise ContentError([f"{label}: {error.messages}"]) from None
            reason = (
                f"content/crisis.yaml: checked against {item['source_url']} "
                f"on {item['last_checked']}."
            )
            created = create_once(
                f"crisis:{source_key}",
                report,
                CrisisResource.objects.filter(source_key=source_key).exists(),
                lambda resource=resource, reason=reason: offer_after_approval(
                    resource, {"is_retired": True}, f"New in {reason}", report
                ),
            )
            if existing := CrisisResource.objects.filter(source_key=source_key).first():
                touch_translations(existing, item, report)
                propose_what_the_file_changed(
                    existing, resource, f"crisis:{source_key}", created, reason, report
                )


def propose_what_the_file_changed(
    existing: CrisisResource,
    in_file: CrisisResource,
    key: str,
    created: bool,
    reason: str,
    report: LoadReport,
) -> None:
    """A deploy whose crisis.yaml changed a line's details proposes that change: it never writes
    it. Only what the file itself changed since the last load, so staff's own changes stand."""
    record = LoadedContentKey.objects.filter(key=key).first()
    if record is None:
        return
    # Not the region: in the file it is part of the line's key (a line moved to another region
    # is a new line), and its id is the database's own, which differs from one database to the next.
    now_in_file = {
        name: value
        for name, value in in_file.guarded_state().items()
        if name not in ("last_checked", "is_retired", "region_id")
    }
    before, record.loaded = record.loaded, now_in_file
    record.save(update_fields=["loaded"])
    if created or not before:
        return  # the first load of this entry (or the first since its values were kept)
    current = existing.guarded_state()
    details = {
        name: value
        for name, value in now_in_file.items()
        if before.get(name) != value and current.get(name) != value
    }
    if details:
        propose_change(existing, details=details, reason=f"Changed in {reason}")
        report.proposed.append(str(existing))


def load_planner_defaults(data: dict, report: LoadReport) -> None:
    for model, key in (
        (ContactKind, "contact_kinds"),
        (ContactMethod, "contact_methods"),
        (Barrier, "barriers"),
    ):
        editable = {f.name for f in model._meta.fields} - {"id", "slug"}
        for item in data.get(key, []):
            unknown = set(item) - editable - {"slug"}
            if unknown:
                raise ContentError([f"planner.yaml: {key} {item.get('slug')}: unknown {unknown}."])
            defaults = {name: value for name, value in item.items() if name != "slug"}
            create_once(
                f"{key}:{item['slug']}",
                report,
                model.objects.filter(slug=item["slug"]).exists(),
                lambda model=model, item=item, defaults=defaults: model.objects.create(
                    slug=item["slug"], **defaults
                ),
            )
            if existing := model.objects.filter(slug=item["slug"]).first():
                touch_translations(existing, item, report)


def load_checklist_defaults(data: dict, report: LoadReport) -> None:
    for group_data in data.get("groups", []):
        slug = group_data["slug"]
        create_once(
            f"checklist-group:{slug}",
            report,
            StatementGroup.objects.filter(slug=slug).exists(),
            lambda group_data=group_data, slug=slug: StatementGroup.objects.create(
                slug=slug,
                kind=group_data["kind"],
                title=group_data["title"],
                intro=group_data.get("intro", ""),
                order=group_data.get("order", 0),
            ),
        )
        group = StatementGroup.objects.filter(slug=slug).first()
        if group is None:
            continue
        touch_translations(group, group_data, report)
        for item in group_data.get("statements", []):

            def create(item=item, group=group):
                section = None
                if item.get("section"):
                    # The section file's slug, which staff may since have changed in the admin.
                    slug = item["section"]
                    sections = Section.objects.order_by("guide__order")
                    section = (
                        sections.filter(source_key__endswith=f"/{slug}").first()
                        or sections.filter(slug=slug).first()
                    )
                    if section is None:
                        raise ContentError(
                            [f"checklist.yaml: {item['key']}: no guide section {slug!r}."]
                        )
                statement = offer_after_approval(
                    Statement(
                        group=group,
                        key=item["key"],
                        text=item["text"],
                        hint=item.get("hint") or "",
                        order=item.get("order", 0),
                        is_crisis=bool(item.get("is_crisis")),
                        lines_for=item.get("lines_for") or "",
                        section=section,
                    ),
                    {"is_crisis": False},
                    "New crisis statement in content/checklist.yaml.",
                    report,
                )
                statement.help_kinds.set(
                    ContactKind.objects.filter(slug__in=item.get("help_kinds", []))
                )
                return statement

            create_once(
                f"checklist:{item['key']}",
                report,
                Statement.objects.filter(key=item["key"]).exists(),
                create,
            )
            if existing := Statement.objects.filter(key=item["key"]).first():
                touch_translations(existing, item, report)


def load_safe_wording(data: dict, report: LoadReport) -> None:
    for language, entries in data.items():
        for item in entries:
            create_once(
                f"safe-wording:{language}:{item['avoid']}",
                report,
                SafeWording.objects.filter(language=language, avoid=item["avoid"]).exists(),
                lambda language=language, item=item: SafeWording.objects.create(
                    language=language, avoid=item["avoid"], instead=item["instead"]
                ),
            )


PHRASE_KINDS = set(CrisisPhrase.Kind.values)
PHRASE_MAX_LENGTH = CrisisPhrase._meta.get_field("text").max_length or 0


def load_crisis_phrases(data: dict, report: LoadReport) -> None:
    """Create the default crisis phrases that are missing, for each language code."""
    problems = []
    rows = []
    for language, lists in data.items():
        label = f"crisis_phrases.yaml: {language}"
        try:
            validate_language_code(str(language))
        except ValidationError:
            problems.append(f"{label}: not a language code like en or es.")
            continue
        if not isinstance(lists, dict) or set(lists) - PHRASE_KINDS:
            problems.append(f"{label}: give only lists named {sorted(PHRASE_KINDS)}.")
            continue
        for kind, phrases in lists.items():
            for text in phrases or []:
                if not isinstance(text, str) or not normalise(text):
                    problems.append(f"{label}/{kind}: {text!r} is not a phrase of words.")
                elif problem := phrase_problem(text):
                    problems.append(f"{label}/{kind}: {text!r}: {problem}")
                elif len(text.strip()) > PHRASE_MAX_LENGTH:
                    too_long = f"is over {PHRASE_MAX_LENGTH} characters"
                    problems.append(f"{label}/{kind}: {text!r} {too_long}.")
                else:
                    rows.append((language, kind, text.strip()))
    if problems:
        raise ContentError(problems)
    there = set(CrisisPhrase.objects.values_list("language", "kind", "text"))
    for language, kind, text in rows:
        create_once(
            f"crisis_phrases:{language}/{kind}/{text}",
            report,
            (language, kind, text) in there,
            lambda language=language, kind=kind, text=text: offer_after_approval(
                CrisisPhrase(language=language, kind=kind, text=text),
                {"is_active": False},
                "New in content/crisis_phrases.yaml.",
                report,
            ),
        )


SAFETY_PLAN_STEP_KEYS = {
    f"{name}{suffix}"
    for name in ("title", "question", "hint", "examples", "safer_words")
    for suffix in ("", *(f"_{code}" for code in OTHER_LANGUAGES))
} | {"slug", "order", "last_reviewed", "review_interval_months"}


def load_safety_plan_steps(data: dict, report: LoadReport) -> None:
    """Create the safety plan's steps that are missing; fill a language staff left empty."""
    for item in data.get("steps", []):
        unknown = set(item) - SAFETY_PLAN_STEP_KEYS
        if unknown or item.get("slug") not in SafetyPlanStepSlug.values:
            raise ContentError([f"safety_plan.yaml: {item.get('slug')}: unknown {unknown}."])
        # Block text ends with a line end, which an admin form would strip: strip it here, so
        # an untouched field is not taken for a change (and a proposal of new safer words).
        item = {k: v.strip() if isinstance(v, str) else v for k, v in item.items()}
        fields = {name: value for name, value in item.items() if value is not None}
        create_once(
            f"safety-plan-step:{item['slug']}",
            report,
            SafetyPlanStep.objects.filter(slug=item["slug"]).exists(),
            lambda fields=fields: SafetyPlanStep.objects.create(**fields),
        )
        if existing := SafetyPlanStep.objects.filter(slug=item["slug"]).first():
            existing._safer_words_approved = True  # the file's words, only where none were
            fill_translations(existing, item)


# Loaders for the YAML defaults of each part, in the order they must run.
DEFAULT_LOADERS = [
    ("crisis.yaml", load_crisis_defaults),
    ("crisis_phrases.yaml", load_crisis_phrases),
    ("planner.yaml", load_planner_defaults),
    ("checklist.yaml", load_checklist_defaults),
    ("safe_messaging.yaml", load_safe_wording),
    ("safety_plan.yaml", load_safety_plan_steps),
]


def load_content(content_dir: Path, *, force: bool = False) -> LoadReport:
    """Load every file, or change nothing if any file is malformed."""
    guides = read_guides(content_dir)
    defaults = [(read_yaml(content_dir / name), loader) for name, loader in DEFAULT_LOADERS]
    report = LoadReport()
    # The plain field names (title, name) are the default language's: a load that follows a
    # Spanish request in the same thread would otherwise write the English words into the
    # Spanish fields. On an empty database the crisis details are written as they are; on any
    # other, what they would change for a person in crisis is proposed
    # (guides.services.crisis.proposals).
    empty = not Region.objects.exists() and not CrisisPhrase.objects.exists()
    with (
        one_change_for_all(),
        translation.override(DEFAULT_LANGUAGE),
        transaction.atomic(),
        approved_write() if empty else nullcontext(),
    ):
        report.loaded_keys = set(LoadedContentKey.objects.values_list("key", flat=True))
        for guide_file in guides:
            guide, created = Guide.objects.get_or_create(
                slug=guide_file.fields["slug"],
                defaults={
                    "title": guide_file.fields["title"],
                    "summary": guide_file.fields.get("summary", ""),
                    "order": guide_file.fields.get("order", 0),
                },
            )
            if created:
                report.created.append(guide.slug)
                report.touch(guide)
            touch_translations(guide, guide_file.fields, report)
            for fields in guide_file.sections:
                load_section(guide, fields, force=force, report=report)
            for language, sections in guide_file.translations.items():
                for fields in sections:
                    load_section(guide, fields, force=force, report=report, language=language)
        for data, loader in defaults:
            try:
                loader(data, report)
            except (KeyError, TypeError, ValidationError) as error:
                raise ContentError([f"{loader.__name__}: malformed entry ({error!r})."]) from None
        # One version per object it wrote, each in a revision of its own, by "content files":
        # bringing one back never brings back another.
        for obj in report.touched.values():
            if reversion.is_registered(type(obj)):
                with reversion.create_revision():
                    reversion.set_comment(CONTENT_FILES)
                    reversion.add_to_revision(obj)
    return report


def section_file_text(section: Section, language: str = DEFAULT_LANGUAGE) -> str:
    fields = section.content_fields(language)
    body = fields.pop("body")
    if fields["is_published"]:
        del fields["is_published"]
    if not any(fields["action"].values()):
        del fields["action"]
    if language == DEFAULT_LANGUAGE and section.last_reviewed:
        fields["last_reviewed"] = section.last_reviewed
    if language == DEFAULT_LANGUAGE and section.review_interval_months != 12:
        fields["review_interval_months"] = section.review_interval_months
    front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{front}---\n{body}\n"


def export_content(content_dir: Path) -> list[Path]:
    """Write every guide back to content/guides/ (each other language in its own folder), and
    mark the sections as in step with the files."""
    written = []
    for guide in Guide.objects.prefetch_related("sections"):
        directory = content_dir / "guides" / guide.slug
        directory.mkdir(parents=True, exist_ok=True)
        guide_path = directory / "guide.yaml"
        guide_fields: dict[str, str | int] = {
            "slug": guide.slug,
            "title": getattr(guide, "title_en", None) or "",
            "summary": getattr(guide, "summary_en", None) or "",
        }
        for language in OTHER_LANGUAGES:
            for name in ("title", "summary"):
                if value := getattr(guide, f"{name}_{language}", None):
                    guide_fields[f"{name}_{language}"] = value
        if guide.order:
            guide_fields["order"] = guide.order
        guide_path.write_text(
            yaml.safe_dump(guide_fields, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        keep = {guide_path}
        for section in guide.sections.all():
            name = f"{section.order:02d}-{section.slug}.md"
            hashes = {}
            for language in [DEFAULT_LANGUAGE, *OTHER_LANGUAGES]:
                if language != DEFAULT_LANGUAGE and not section.words_in(language, "body"):
                    continue
                folder = directory if language == DEFAULT_LANGUAGE else directory / language
                folder.mkdir(exist_ok=True)
                path = folder / name
                path.write_text(section_file_text(section, language), encoding="utf-8")
                keep.add(path)
                hashes[f"loaded_hash_{language}"] = section.content_hash(language)
            Section.objects.filter(pk=section.pk).update(**hashes)
        for stale in [*directory.glob("*.md"), *directory.glob("*/*.md")]:
            if stale not in keep:
                stale.unlink()
        written.extend(sorted(keep))
    content_changed()
    return written
