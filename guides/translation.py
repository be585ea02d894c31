"""The fields of content that are written in each language (django-modeltranslation).

Each gets a column per language (title_en, title_es) on the same row, so a page costs no extra
query in any language; reading `title` gives the active language's words, falling back to English.
"""

from modeltranslation.translator import TranslationOptions, register

from guides.models import (
    Barrier,
    ContactKind,
    ContactMethod,
    CrisisResource,
    Guide,
    Region,
    SafetyPlanStep,
    Section,
    Statement,
    StatementGroup,
)


@register(Guide)
class GuideTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = (
        "title",
        "summary",
        "body",
        "body_html",
        "key_points",
        "action_text",
        "action_label",
        "action_url",
        "loaded_hash",
    )


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(CrisisResource)
class CrisisResourceTranslation(TranslationOptions):
    fields = ("name", "description", "area", "hours")


@register(StatementGroup)
class StatementGroupTranslation(TranslationOptions):
    fields = ("title", "intro")


@register(Statement)
class StatementTranslation(TranslationOptions):
    fields = ("text", "hint")


@register(ContactKind)
class ContactKindTranslation(TranslationOptions):
    fields = ("name", "description", "when_it_fits", "script_template")


@register(ContactMethod)
class ContactMethodTranslation(TranslationOptions):
    fields = ("name", "phrase", "detail_label")


@register(Barrier)
class BarrierTranslation(TranslationOptions):
    fields = ("name", "suggestion")


@register(SafetyPlanStep)
class SafetyPlanStepTranslation(TranslationOptions):
    fields = ("title", "question", "hint", "examples", "safer_words")
