"""The guide and its sections: words checked as staff write them, review dates, publishing."""

import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from reversion import set_comment
from reversion.models import Version

from guides.helpers.markdown import render_markdown
from guides.helpers.readability import reading_ease_es, reading_grade
from guides.models import Guide, ReadingProgress, ScheduledSectionWords, Section, Statement
from guides.models.guide import add_months
from guides.services.content_loading import SECTION_WORDS
from guides.services.guide.content_checks import check_section
from guides.services.guide.schedule import (
    cancel_section_words,
    schedule_section_words,
    section_word_fields,
    waiting_words,
    with_words,
)

from .base import ReasonForm, SaveAnywayForm, SpanishCheckForm, TranslatedContentAdmin


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["order", "title", "slug", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    extra = 0
    show_change_link = True
    ordering = ["order"]

    def has_delete_permission(self, request, obj=None):
        return False  # from the section's own page, where people's reading is checked


@admin.register(Guide)
class GuideAdmin(TranslatedContentAdmin):
    list_display = ["title", "slug", "order", "is_published", "updated_at"]
    list_editable = ["order", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "summary"]
    inlines = [SectionInline]
    people_data = [(ReadingProgress, "section__guide")]


class SectionForm(SaveAnywayForm, SpanishCheckForm, ReasonForm):
    edit_version = forms.IntegerField(widget=forms.HiddenInput)
    words_take_effect_at = forms.SplitDateTimeField(
        label=gettext_lazy("New words take effect at"),
        required=False,
        widget=AdminSplitDateTime,
        help_text=gettext_lazy(
            "For a published section: readers keep the words they see now until this date and "
            "time, in both languages. Empty: they see the new words as soon as you save."
        ),
    )
    cancel_scheduled_words = forms.BooleanField(
        label=gettext_lazy("Cancel the scheduled new words"),
        required=False,
        help_text=gettext_lazy("Readers then keep the words they see now."),
    )
    # The words that wait for words_take_effect_at (set by clean).
    scheduled_words: dict[str, str] = {}

    def clean_edit_version(self) -> int:
        """Refuse a save based on a version someone else has saved over since this form was
        opened; say what they changed, keep what this person typed, and let them save again."""
        based_on = self.cleaned_data["edit_version"]
        if not self.instance.pk:
            return based_on
        current = (
            Section.objects.select_for_update().filter(pk=self.instance.pk).first()
        )  # held until this save's transaction ends, so two saves cannot both pass
        if current is None or current.edit_version == based_on:
            return based_on
        changed, old, who = changed_since(current, based_on)
        data = QueryDict(mutable=True)  # the posted data, which a QueryDict keeps immutable
        data.update(self.data)
        data[self.add_prefix("edit_version")] = str(current.edit_version)
        self.data = data
        # What this person left as it was takes the other person's words; what they typed stays.
        for name in changed:
            key = self.add_prefix(name)
            if key in data and str(data.get(key) or "").replace("\r\n", "\n") == str(
                old.get(name) if old.get(name) is not None else ""
            ):
                value = getattr(current, name)
                data[key] = "on" if value is True else "" if value is False else value
        labels = [
            str(getattr(Section._meta.get_field(name), "verbose_name", name)) for name in changed
        ]
        message = _(
            "%(who)s saved this section after you opened it. What they changed: %(fields)s. "
            "Your words are still in the form: compare them with the page as it is now, then "
            "save again."
        ) % {"who": who, "fields": ", ".join(labels) or _("nothing you can see")}
        raise ValidationError(message)

    def clean(self):
        cleaned = super().clean() or {}
        candidate = Section(
            guide=cleaned.get("guide") or getattr(self.instance, "guide", None),
            slug=cleaned.get("slug") or self.instance.slug,
        )
        for name in SECTION_WORDS:
            for language, _name in settings.LANGUAGES:
                field = f"{name}_{language}"
                setattr(candidate, field, cleaned.get(field, getattr(self.instance, field)))
        result = check_section(candidate)
        if result.problems:
            raise ValidationError(result.problems)
        if cleaned.get("publish_at") and cleaned.get("is_published"):
            self.add_error(
                "publish_at",
                _("Untick “published” to have it go live at this time, or clear the time."),
            )
        self.clean_words_take_effect_at_with(cleaned)
        # Before readers see it, not after: the typed words stay on the form.
        self.ask_save_anyway(result.warnings)
        return cleaned

    def clean_words_take_effect_at_with(self, cleaned: dict) -> None:
        when = cleaned.get("words_take_effect_at")
        self.scheduled_words = {}
        if not when:
            return
        if not (self.instance.pk and self.instance.is_published and cleaned.get("is_published")):
            self.add_error(
                "words_take_effect_at",
                _(
                    "Only a published section’s new words wait for a time. For a section not "
                    "published yet, leave it unpublished and set “Publish at”."
                ),
            )
            return
        if when <= timezone.now():
            self.add_error("words_take_effect_at", _("Choose a date and time still to come."))
            return
        self.scheduled_words = {
            name: cleaned[name] or ""
            for name in section_word_fields()
            if name in cleaned and (cleaned[name] or "") != (getattr(self.instance, name) or "")
        }
        if not self.scheduled_words:
            self.add_error(
                "words_take_effect_at",
                _("Change the words first: these are the words readers already see."),
            )


class OverdueFilter(admin.SimpleListFilter):
    title = gettext_lazy("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue")), ("due-soon", _("Due in the next 30 days"))]

    def queryset(self, request, queryset):
        today = datetime.date.today()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today) | queryset.filter(
                next_review_due__isnull=True
            )
        if self.value() == "due-soon":
            return queryset.filter(
                next_review_due__gte=today, next_review_due__lte=today + datetime.timedelta(30)
            )
        return queryset


@admin.register(Section)
class SectionAdmin(TranslatedContentAdmin):
    form = SectionForm
    list_display = [
        "title",
        "guide",
        "order",
        "is_published",
        "new_words",
        "review_status",
        "reading_grade",
        "checks",
        "spanish_status",
        "updated_at",
    ]
    list_display_links = ["title"]
    list_editable = ["order", "is_published"]
    list_filter = [OverdueFilter, "guide", "is_published"]
    search_fields = ["title", "summary", "body", "key_points"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "spanish_status",
        "preview",
        "scheduled_now",
        "checks_now",
        "last_reviewed",
        "next_review_due",
        "updated_at",
    ]
    list_select_related = ["guide"]
    save_on_top = True
    actions = ["mark_reviewed", "publish", "unpublish"]
    people_data = [(ReadingProgress, "section")]
    linked_from = [(Statement, "section")]
    # The overdue first (never reviewed counts as overdue), then in the guide's order.
    ordering = [F("next_review_due").asc(nulls_first=True), "guide", "order"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "guide",
                    "title",
                    "slug",
                    "summary",
                    "order",
                    "is_published",
                    "publish_at",
                ]
            },
        ),
        (gettext_lazy("Words"), {"fields": ["body", "key_points"]}),
        (
            gettext_lazy("New words at a date and time"),
            {"fields": ["scheduled_now", "words_take_effect_at", "cancel_scheduled_words"]},
        ),
        (gettext_lazy("Spanish"), {"fields": ["spanish_status", "spanish_still_same"]}),
        (gettext_lazy("Try this"), {"fields": ["action_text", "action_label", "action_url"]}),
        (gettext_lazy("Checks"), {"fields": ["checks_now", "save_anyway"]}),
        (
            gettext_lazy("Review"),
            {"fields": ["last_reviewed", "review_interval_months", "next_review_due"]},
        ),
        (gettext_lazy("Preview"), {"fields": ["preview", "updated_at"]}),
        (gettext_lazy("History"), {"fields": ["change_reason", "edit_version"]}),
    ]

    def get_view_on_site_url(self, obj=None):
        return obj.get_absolute_url() if obj is not None and obj.pk else None

    def get_queryset(self, request):
        # When new words wait for a time: in the same query as the section, for the list and
        # the form alike.
        waiting = ScheduledSectionWords.objects.filter(
            section=OuterRef("pk"), status=ScheduledSectionWords.Status.SCHEDULED
        )
        return (
            super()
            .get_queryset(request)
            .annotate(words_scheduled_for=Subquery(waiting.values("takes_effect_at")[:1]))
        )

    # New words at a date and time ------------------------------------------------------------

    @admin.display(description=gettext_lazy("new words"))
    def new_words(self, section: Section) -> str:
        when = getattr(section, "words_scheduled_for", None)
        if when is None:
            return ""
        return _("from %(when)s") % {"when": timezone.localtime(when).strftime("%d %b %Y %H:%M")}

    @admin.display(description=gettext_lazy("scheduled now"))
    def scheduled_now(self, section: Section) -> str:
        if not section.pk or getattr(section, "words_scheduled_for", None) is None:
            return _("No new words wait for a time.")
        scheduled = waiting_words(section)
        if scheduled is None:
            return _("No new words wait for a time.")
        labels = {
            f"{name}_{code}": "{} ({})".format(
                capfirst(getattr(Section._meta.get_field(name), "verbose_name", name)),
                translation.get_language_info(code)["name_translated"],
            )
            for name in Section.WORDS
            for code, _name in settings.LANGUAGES
        }
        return format_html(
            "<p><strong>{}</strong></p><p>{}</p>{}<p>{}</p>",
            _("New words take effect on %(when)s.")
            % {"when": timezone.localtime(scheduled.takes_effect_at).strftime("%d %b %Y %H:%M")},
            _("Scheduled by %(who)s. They change: %(fields)s.")
            % {
                "who": scheduled.scheduled_by or _("someone"),
                "fields": ", ".join(labels.get(name, name) for name in scheduled.words),
            },
            format_html("<p>{} {}</p>", _("Reason:"), scheduled.reason) if scheduled.reason else "",
            format_html_join(
                " · ",
                '<a href="{}" target="_blank">{}</a>',
                (
                    (
                        reverse("admin:guides_section_scheduled_preview", args=[section.pk, code]),
                        _("Preview the new words in %(language)s")
                        % {"language": translation.get_language_info(code)["name_translated"]},
                    )
                    for code, _name in settings.LANGUAGES
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        if change and form is not None and form.cleaned_data.get("words_take_effect_at"):
            self._schedule_words(request, obj, form)
        elif (
            change
            and form is not None
            and form.cleaned_data.get("cancel_scheduled_words")
            and cancel_section_words(obj)
        ):
            request.revision_note = _("Cancelled the scheduled new words.")
            messages.info(request, _("The scheduled new words are cancelled."))
        super().save_model(request, obj, form, change)

    def _schedule_words(self, request, section: Section, form) -> None:
        """The typed words wait for their time; readers keep the words they see now, and what
        else was changed on the form is saved now."""
        words = dict(form.scheduled_words)
        stored = Section.objects.get(pk=section.pk)
        for name in words:
            setattr(section, name, getattr(stored, name))
        when = form.cleaned_data["words_take_effect_at"]
        schedule_section_words(
            section,
            words,
            when=when,
            user=request.user,
            reason=form.cleaned_data.get("change_reason", ""),
        )
        request.scheduled_word_names = set(words)
        shown = timezone.localtime(when).strftime("%d %b %Y %H:%M")
        request.revision_note = _("New words scheduled to take effect on %(when)s.") % {
            "when": shown
        }
        messages.info(
            request,
            _(
                "Readers keep the words they see now until %(when)s, in both languages; then "
                "the new words take effect."
            )
            % {"when": shown},
        )

    def construct_change_message(self, request, form, formsets, add=False):
        # Words that wait for their time have not changed yet: the history says "scheduled".
        waiting = {
            name.rsplit("_", 1)[0] for name in getattr(request, "scheduled_word_names", ())
        } | set(getattr(request, "scheduled_word_names", ()))
        if form is not None and waiting:
            form.changed_data[:] = [name for name in form.changed_data if name not in waiting]
        return super().construct_change_message(request, form, formsets, add)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/scheduled-words/<str:language>/",
                self.admin_site.admin_view(self.scheduled_preview_view),
                name="guides_section_scheduled_preview",
            ),
            *super().get_urls(),
        ]

    def scheduled_preview_view(self, request, object_id, language) -> HttpResponse:
        """The whole page with the scheduled words, as readers will see it when they take
        effect. Nothing is saved."""
        if language not in dict(settings.LANGUAGES):
            raise Http404
        section = self.get_object(request, unquote(object_id))
        if section is None:
            raise Http404
        if not self.has_change_permission(request, section):
            raise PermissionDenied
        scheduled = waiting_words(section)
        if scheduled is None:
            raise Http404
        return render_preview(
            request, with_words(section, scheduled), language, scheduled_for=scheduled
        )

    @admin.display(description=gettext_lazy("review"), ordering="next_review_due")
    def review_status(self, section: Section) -> str:
        if section.next_review_due is None:
            return format_html('<strong class="review-overdue">{}</strong>', _("Never reviewed"))
        if section.review_is_overdue:
            return format_html(
                '<strong class="review-overdue">{} {}</strong>',
                _("Overdue since"),
                section.next_review_due.strftime("%d %b %Y"),
            )
        return _("Due %(date)s") % {"date": section.next_review_due.strftime("%d %b %Y")}

    @admin.display(description=gettext_lazy("how easy to read"))
    def reading_grade(self, section: Section) -> str:
        grade = reading_grade(section.words_in("en", "body"))
        shown = _("grade %(grade).1f") % {"grade": grade} + (" ⚠" if grade > 8 else "")
        if spanish := section.words_in("es", "body"):
            ease = reading_ease_es(spanish)
            shown += " · " + _("es %(ease).0f") % {"ease": ease} + (" ⚠" if ease < 70 else "")
        return shown

    @admin.display(description=gettext_lazy("checks"))
    def checks(self, section: Section) -> str:
        result = check_section(section)
        count = len(result.warnings) + len(result.problems)
        return _("OK") if not count else _("%(count)d to look at") % {"count": count}

    @admin.display(description=gettext_lazy("what to look at"))
    def checks_now(self, section: Section) -> str:
        if not section.pk:
            return _("Save to check the words.")
        result = check_section(section)
        grade = reading_grade(section.words_in("en", "body"))
        items = [_("Reading grade %(grade).1f (aim for 8 or below).") % {"grade": grade}]
        if spanish := section.words_in("es", "body"):
            items.append(
                _("Spanish: %(ease).0f on the Fernández-Huerta scale (aim for 70 or more).")
                % {"ease": reading_ease_es(spanish)}
            )
        items += result.problems + result.warnings
        return format_html(
            "<ul>{}</ul>",
            format_html("".join("<li>{}</li>" for item in items), *items),
        )

    @admin.display(description=gettext_lazy("preview"))
    def preview(self, section: Section) -> str:
        if not section.pk:
            return _("Save to see the preview.")
        return format_html(
            '<a href="{}">{}</a> {}',
            section.get_absolute_url(),
            _("Open the whole page as readers will see it"),
            "" if section.is_published else _("(not published: only staff can see it)"),
        )

    # Preview: the unsaved change, as readers will see it ------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and "_preview" in request.POST and object_id:
            return self.preview_view(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def preview_view(self, request, object_id) -> HttpResponse:
        """The whole page in the language asked for, from the form's own data, and the checks
        above it. Nothing is saved: it all happens in a transaction rolled back at the end."""
        language = request.POST.get("_preview")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        with transaction.atomic():
            section = self.get_object(request, unquote(object_id))
            if section is None:
                raise Http404
            if not self.has_change_permission(request, section):
                raise PermissionDenied
            form_class = self.get_form(request, section, change=True)
            form = form_class(request.POST, request.FILES, instance=section)
            form.is_valid()  # the form's data onto the section (not saved)
            section = form.instance
            response = render_preview(request, section, language)
            transaction.set_rollback(True)
        return response

    @admin.action(description=gettext_lazy("Mark the selected sections as reviewed today"))
    def mark_reviewed(self, request, queryset):
        """Sections with open warnings are named on a page that asks first (as Django's delete
        confirmation does); the others are marked at once."""
        sections = list(queryset)
        confirmed = request.POST.get("confirm_warnings") == "yes"
        warned = [] if confirmed else [(s, check_section(s).warnings) for s in sections]
        warned = [(section, warnings) for section, warnings in warned if warnings]
        waiting = {section.pk for section, _warnings in warned}
        self._mark_reviewed([s for s in sections if s.pk not in waiting], request)
        if not warned:
            return None
        return TemplateResponse(
            request,
            "admin/guides/section/confirm_reviewed.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Mark as reviewed, with warnings open?"),
                "opts": self.model._meta,
                "warned": warned,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def _mark_reviewed(self, sections: list[Section], request) -> None:
        if not sections:
            return
        today = datetime.date.today()
        for section in sections:
            section.last_reviewed = today
            section.save()  # one version each, by this person, in the history
        set_comment(_("Marked as reviewed"))
        self.message_user(
            request,
            ngettext(
                "%(count)d section marked as reviewed today: %(names)s.",
                "%(count)d sections marked as reviewed today: %(names)s.",
                len(sections),
            )
            % {"count": len(sections), "names": ", ".join(map(str, sections))},
            messages.SUCCESS,
        )

    @admin.action(description=gettext_lazy("Publish the selected sections"))
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=gettext_lazy("Unpublish the selected sections"))
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, published: bool) -> None:
        # One save each, not update(): each lands in the history, by this person, and its
        # "updated" date moves.
        sections = [section for section in queryset if section.is_published != published]
        for section in sections:
            section.is_published = published
            section.save()
        set_comment(_("Published") if published else _("Unpublished"))
        message = (
            ngettext(
                "%(count)d section published: %(names)s.",
                "%(count)d sections published: %(names)s.",
                len(sections),
            )
            if published
            else ngettext(
                "%(count)d section unpublished: %(names)s.",
                "%(count)d sections unpublished: %(names)s.",
                len(sections),
            )
        )
        names = ", ".join(map(str, sections)) or "–"
        self.message_user(
            request, message % {"count": len(sections), "names": names}, messages.SUCCESS
        )


def render_preview(request, section: Section, language: str, scheduled_for=None) -> HttpResponse:
    """guide/section.html, as guides.views.guide renders it for staff, with this section (with
    its scheduled words, scheduled_for: the ScheduledSectionWords)."""
    for code, _name in settings.LANGUAGES:
        setattr(section, f"body_html_{code}", render_markdown(section.words_in(code, "body")))
    section.next_review_due = (
        add_months(section.last_reviewed, section.review_interval_months)
        if section.last_reviewed
        else None
    )
    guide = section.guide
    steps = [
        section if step.pk == section.pk else step
        for step in guide.sections.order_by("order", "id")
    ]
    steps.sort(key=lambda step: (step.order, step.pk))
    position = next(i for i, step in enumerate(steps) if step.pk == section.pk)
    published = [step for step in steps if step.is_published and guide.is_published]
    numbers = {step.pk: number for number, step in enumerate(published, start=1)}
    main = Guide.objects.published().first()
    result = check_section(section)
    hidden = [
        (name, value)
        for name, values in request.POST.lists()
        if name != "_preview"
        for value in values
    ]
    with translation.override(language):
        return render(
            request,
            "guide/section_preview.html",
            {
                "guide": guide,
                "is_main_guide": main is not None and main.pk == guide.pk,
                "section": section,
                "steps": steps,
                "read_ids": set(),
                "step_number": numbers.get(section.pk),
                "step_count": len(numbers),
                "numbers": numbers,
                "previous_step": steps[position - 1] if position > 0 else None,
                "next_step": steps[position + 1] if position + 1 < len(steps) else None,
                "problems": result.problems,
                "warnings": result.warnings,
                "reading": reading_figures(section),
                "posted": hidden,
                "form_url": request.path,
                "other_languages": [
                    (code, name) for code, name in settings.LANGUAGES if code != language
                ],
                "scheduled_for": scheduled_for
                and timezone.localtime(scheduled_for.takes_effect_at).strftime("%d %b %Y %H:%M"),
                "scheduled_preview_urls": scheduled_for
                and [
                    (
                        code,
                        reverse("admin:guides_section_scheduled_preview", args=[section.pk, code]),
                    )
                    for code, _name in settings.LANGUAGES
                    if code != language
                ],
            },
        )


def reading_figures(section: Section) -> list[str]:
    items = [
        _("Reading grade %(grade).1f (aim for 8 or below).")
        % {"grade": reading_grade(section.words_in("en", "body"))}
    ]
    if spanish := section.words_in("es", "body"):
        items.append(
            _("Spanish: %(ease).0f on the Fernández-Huerta scale (aim for 70 or more).")
            % {"ease": reading_ease_es(spanish)}
        )
    return items


def changed_since(current: Section, based_on: int) -> tuple[list[str], dict, str]:
    """The fields that differ between the version with this edit_version and the section now,
    that version's fields, and who saved it last."""
    versions = list(Version.objects.get_for_object(current).select_related("revision__user"))
    old = next(
        (v.field_dict for v in versions if v.field_dict.get("edit_version") == based_on), None
    )
    who = str(versions[0].revision.user or _("Someone")) if versions else _("Someone")
    if old is None:
        return [], {}, who
    names = [
        f"{name}_{language}" for name in SECTION_WORDS for language, _n in settings.LANGUAGES
    ] + ["slug", "order", "is_published", "review_interval_months"]
    changed = [name for name in names if old.get(name) != getattr(current, name, None)]
    return changed, old, who


def admin_url_of(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
