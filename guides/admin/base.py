"""What every admin of reader-facing content shares: every version kept with who, when and why
(django-reversion, compared and reverted with django-reversion-compare), a way back to the page
readers see, and no deleting what people's own data points to."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import models
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin
from reversion import set_comment
from reversion_compare.admin import CompareVersionAdmin

from guides.services import content_changed

# The plain field and its column per language (django-modeltranslation).
LANGUAGE_SUFFIXES = ["", *(f"_{code}" for code, _name in settings.LANGUAGES)]


class NormalisedTextField(forms.CharField):
    """A textarea's text with "\\n" line ends: browsers send "\\r\\n", which would otherwise
    make an untouched field count as changed in the history."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class ReasonForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=gettext_lazy("Why this change? (optional)"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Kept in the history with who changed it and when."),
    )


class ContentAdmin(CompareVersionAdmin):
    """The admin of something readers see. Saving or deleting one object tells every process to
    refresh by itself (models.base.ReadersSeeThis); a bulk delete does not, so it says so."""

    form = ReasonForm
    compare_exclude = [
        *(f"{name}{end}" for name in ("body_html", "loaded_hash") for end in LANGUAGE_SUFFIXES),
        "next_review_due",
        "source_key",
    ]
    history_latest_first = True
    # Rows of people's own data that point to this content, by model: deleting it is refused.
    people_data: list[tuple[Any, str]] = []

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField):
            kwargs["form_class"] = NormalisedTextField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if any("change_reason" in group[1].get("fields", []) for group in fieldsets):
            return fieldsets
        return [*fieldsets, (_("History"), {"fields": ["change_reason"]})]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        request.change_reason = form.cleaned_data.get("change_reason", "")

    def _with_reason(self, request, message: str) -> None:
        """The history's comment: what changed, anything the admin adds (revision_note), and
        the reason staff typed."""
        note = getattr(request, "revision_note", "")
        reason = getattr(request, "change_reason", "")
        if note or reason:
            parts = [message, note, f"{_('Reason:')} {reason}" if reason else ""]
            set_comment(" ".join(part for part in parts if part))

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._with_reason(request, entry.get_change_message())
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._with_reason(request, entry.get_change_message())
        return entry

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        self._link_to_public_page(request, obj)
        return response

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        self._link_to_public_page(request, obj)
        return response

    def _link_to_public_page(self, request, obj) -> None:
        url = self.get_view_on_site_url(obj)
        if url:
            messages.info(
                request,
                format_html('{} <a href="{}">{}</a>', _("Readers see it here:"), url, url),
            )

    # Deleting ---------------------------------------------------------------------------------

    def people_data_count(self, obj) -> int:
        return sum(
            model.objects.filter(**{field: obj}).count() for model, field in self.people_data
        )

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.people_data_count(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        """The delete confirmation names this content only, never what people saved: refused
        anyway when their data points to it (see has_delete_permission)."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        own = {self.model._meta.verbose_name, self.model._meta.verbose_name_plural}
        counts = {name: count for name, count in counts.items() if name in own}
        return [str(obj) for obj in objs], counts, perms_needed, protected

    def delete_queryset(self, request, queryset):
        refused = [obj for obj in queryset if self.people_data_count(obj)]
        if refused:
            messages.error(
                request,
                _(
                    "Not deleted: people’s saved answers, plans or reading point to %(names)s. "
                    "Unpublish it or stop offering it instead, so what they saved keeps its "
                    "meaning."
                )
                % {"names": ", ".join(str(obj) for obj in refused)},
            )
            queryset = queryset.exclude(pk__in=[obj.pk for obj in refused])
        super().delete_queryset(request, queryset)
        content_changed()

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None and self.people_data_count(obj):
            extra_context["people_data_note"] = _(
                "People’s saved answers, plans or reading point to this, so it cannot be "
                "deleted: unpublish it or stop offering it instead."
            )
        return super().change_view(request, object_id, form_url, extra_context)


class TranslatedContentAdmin(TranslationAdmin, ContentAdmin):  # type: ignore[misc]
    """Content written in each language (guides/translation.py): each translated field shows
    once per language, English and Spanish side by side, both editable; the history keeps both.
    (modeltranslation's tabs would load jQuery UI from a CDN, which the site never does.)"""

    class Media:
        css = {"all": ["css/admin-languages.css"]}
