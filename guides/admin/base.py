"""What every admin of reader-facing content shares: every version kept with who, when and why
(django-reversion, compared and reverted with django-reversion-compare), a way back to the page
readers see, and no deleting what people's own data points to."""

import copy
import dataclasses
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin
from modeltranslation.translator import translator
from reversion import set_comment
from reversion_compare.admin import CompareVersionAdmin

from guides.content_version import content_changed
from guides.models.base import NeedsSecondPerson, OfferedInCrisis, SpanishFollowsEnglish

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


class SpanishCheckForm(forms.ModelForm):
    """For words written in both languages (models.base.SpanishFollowsEnglish)."""

    spanish_still_same = forms.BooleanField(
        label=gettext_lazy("The Spanish still says the same"),
        required=False,
        help_text=gettext_lazy(
            "Tick this when the English changed but the Spanish needs no change: it is then no "
            "longer flagged “needs updating”. Changing the Spanish does the same."
        ),
    )


class SaveAnywayForm(forms.ModelForm):
    """The checks run before a save goes live: a warning asks "Save anyway?" and keeps what was
    typed on the form; a block (raised by the form itself) stays a block."""

    save_anyway = forms.BooleanField(
        label=gettext_lazy("Save anyway"),
        required=False,
        help_text=gettext_lazy(
            "Tick it to save with the warnings the checks found (readers see it at once)."
        ),
    )

    def typed(self):
        """The object as typed on the form (a copy: the form's own instance is left alone)."""
        candidate = copy.copy(self.instance)
        for name, value in self.cleaned_data.items():
            if hasattr(candidate, name) and name in self.fields and "__" not in name:
                try:
                    setattr(candidate, name, value)
                except (TypeError, ValueError):
                    continue
        return candidate

    def ask_save_anyway(self, warnings: list[str]) -> None:
        if warnings and not self.cleaned_data.get("save_anyway"):
            self.add_error(
                "save_anyway",
                _("Look at the warnings, then change the words or tick “Save anyway”."),
            )
            raise ValidationError(
                [_("Save anyway? The checks found something to look at first:"), *warnings]
            )


class ContentAdmin(CompareVersionAdmin):
    """The admin of something readers see. Saving or deleting one object tells every process to
    refresh by itself (models.base.ReadersSeeThis); a bulk delete does not, so it says so."""

    form = ReasonForm
    compare_exclude = [
        *(f"{name}{end}" for name in ("body_html", "loaded_hash") for end in LANGUAGE_SUFFIXES),
        "next_review_due",
        "source_key",
        "edit_version",
        "spanish_checked_against",  # a hash: the words themselves show
    ]
    history_latest_first = True
    # The library's page, with long lines wrapped (static/css/admin-compare.css).
    compare_template = "admin/guides/compare.html"
    # Rows of people's own data that point to this content, by model: deleting it is refused.
    people_data: list[tuple[Any, str]] = []
    # Content that links to this, by model: deleting it is refused too (unpublish instead).
    linked_from: list[tuple[Any, str]] = []

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        # Each translated field once, per language (title_en, title_es): not also as the plain
        # field, which is only the default language's column again.
        translated = (
            getattr(translator.get_options_for_model(model), "fields", {})
            if model in translator.get_registered_models()
            else {}
        )
        self.compare_exclude = [*self.compare_exclude, *translated]

    def reversion_register(self, model, **kwargs):
        # A version holds one object's own fields: a guide's version does not carry its
        # sections (each section saved has a version of its own), so bringing a guide back
        # never brings back its sections.
        kwargs.pop("follow", None)
        super().reversion_register(model, **kwargs)

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
        if form is not None and form.cleaned_data.get("spanish_still_same"):
            obj.confirm_spanish = True  # kept by SpanishFollowsEnglish.save
        super().save_model(request, obj, form, change)
        request.change_reason = form.cleaned_data.get("change_reason", "")

    @admin.display(description=gettext_lazy("Spanish"))
    def spanish_status(self, obj) -> str:
        if not isinstance(obj, SpanishFollowsEnglish) or not obj.pk:
            return "–"
        if not obj.has_spanish:
            return _("not written yet")
        if obj.spanish_needs_updating:
            return format_html('<strong class="review-overdue">{}</strong>', _("needs updating"))
        return _("up to date")

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
        """The public page itself, in each language (never the admin's "view on site"
        shortcut, which is an admin address)."""
        if hasattr(obj, "get_absolute_url") and obj.pk:
            with translation.override(settings.LANGUAGE_CODE):
                url = obj.get_absolute_url()
        else:
            url = self.get_view_on_site_url(obj)
        if not url or url.startswith("/admin/"):
            return
        links = format_html_join(
            " · ",
            '<a href="{}" lang="{}">{}</a>',
            (
                (translate_url(url, code), code, translate_url(url, code))
                for code, _name in settings.LANGUAGES
            ),
        )
        messages.info(request, format_html("{} {}", _("Readers see it here:"), links))

    # Revert and recover ----------------------------------------------------------------------
    # They bring back one object's own fields (with its translations) from one Version, never the
    # other objects that happened to share its revision (django-reversion's own view reverts the
    # whole revision). Its published state and review dates stay as they are now, unless the
    # editor changes them on the form; the reason typed is kept in the history.

    kept_on_revert = (
        "is_published",
        "last_reviewed",
        "review_interval_months",
        "next_review_due",
        "last_checked",
        "source_key",
        "edit_version",
        *(f"loaded_hash{end}" for end in LANGUAGE_SUFFIXES),
    )

    def get_object(self, request, object_id, from_field=None):
        current = super().get_object(request, object_id, from_field)
        version = getattr(request, "version_to_revert", None)
        if version is None:
            return current
        obj = version._object_version.object  # the version's fields, not saved
        if current is not None:
            for name in self.kept_on_revert:
                if hasattr(current, name):
                    setattr(obj, name, getattr(current, name))
            obj._state.adding = False
        obj._state.db = version.db
        return obj

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        request.version_to_revert = version
        request.revision_note = _("Brought back the version of %(date)s.") % {
            "date": version.revision.date_created.strftime("%d %b %Y %H:%M")
        }
        with transaction.atomic(using=version.db), self.create_revision(request):
            response = self.changeform_view(
                request, quote(str(version.object_id)), request.path, extra_context
            )
        if response.status_code == 200 and hasattr(response, "template_name"):
            response.template_name = template_name
        return response

    # Deleting ---------------------------------------------------------------------------------

    def people_data_count(self, obj, request=None) -> int:
        """Rows of people's data, and of content linking here (a checklist statement's guide
        step), that keep this from being deleted: a link survives an unpublish and a recover,
        where a delete would silently drop it."""
        kept = getattr(request, "kept_counts", None) if request is not None else None
        if kept is not None and (type(obj), obj.pk) in kept:
            return kept[(type(obj), obj.pk)]
        count = sum(
            model.objects.filter(**{field: obj}).count()
            for model, field in [*self.people_data, *self.linked_from]
        )
        if request is not None:  # asked twice by one page: its change view and delete button
            request.kept_counts = {**(kept or {}), (type(obj), obj.pk): count}
        return count

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.people_data_count(obj, request):
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
                    "Not deleted: people’s saved answers, plans or reading, or checklist "
                    "statements, point to %(names)s. "
                    "Unpublish it or stop offering it instead, so what they saved keeps its "
                    "meaning."
                )
                % {"names": ", ".join(str(obj) for obj in refused)},
            )
            queryset = queryset.exclude(pk__in=[obj.pk for obj in refused])
        super().delete_queryset(request, queryset)
        content_changed()

    def changelist_view(self, request, extra_context=None):
        # The list's own fields and bulk actions write all or nothing, like a change form: a
        # refusal halfway leaves nothing half done. Refused, the list's own fields come back as
        # typed; a bulk action's refusal is a message (guides.middleware.admin_refusal).
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        try:
            with transaction.atomic():
                return super().changelist_view(request, extra_context)
        except NeedsSecondPerson as refusal:
            if "_save" not in request.POST or hasattr(request, "refused_write"):
                raise
            request.refused_write = refusal
            return super().changelist_view(request, extra_context)

    # A refused write comes back as typed ----------------------------------------------------
    # The two-person rule holds below the admin (models.base.OfferedInCrisis): when a save from a
    # form or the list's own fields is refused there, the view runs again on what was posted,
    # with the refusal as the form's error, so nothing typed is lost. Nothing was saved: the
    # refusal rolled the view's transaction back.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST" or hasattr(request, "refused_write"):
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except NeedsSecondPerson as refusal:
            request.refused_write = refusal
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        refusal = getattr(request, "refused_write", None)
        return form if refusal is None else refused_form(form, refusal)

    def get_changelist_formset(self, request, **kwargs):
        formset = super().get_changelist_formset(request, **kwargs)
        refusal = getattr(request, "refused_write", None)
        return formset if refusal is None else refused_formset(formset, refusal)

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if isinstance(obj, SpanishFollowsEnglish) and obj.spanish_needs_updating:
            extra_context["spanish_note"] = _(
                "The Spanish needs updating: the English changed after the Spanish was written. "
                "Update the Spanish, or tick “The Spanish still says the same”."
            )
        if obj is not None and self.people_data_count(obj, request):
            extra_context["people_data_note"] = _(
                "People’s saved answers, plans or reading, or checklist statements, point to "
                "this, so it cannot be deleted: unpublish it or stop offering it instead."
            )
        return super().change_view(request, object_id, form_url, extra_context)


def refusal_message(refusal) -> str:
    return _(
        "Nothing was saved: this change needs a second person’s approval. What you typed is "
        "still here. (%(detail)s)"
    ) % {"detail": refusal}


def refused_form(form_class: Any, refusal):
    """The form, refusing what was posted with the refusal: at the top, and next to each field
    it is about."""

    class RefusedForm(form_class):
        def clean(self):
            cleaned = super().clean()
            self.add_error(None, refusal_message(refusal))
            for name in fields_of_refusal(self, refusal):
                self.add_error(name, _("This change needs a second person’s approval."))
            return cleaned

    return RefusedForm


def fields_of_refusal(form, refusal) -> list[str]:
    """The form's fields a refusal is about: by name, attname or each language's field (those
    changed, else all of them)."""
    meta = form._meta.model._meta
    names = []
    for refused in refusal.fields:
        field = next(
            (f for f in meta.concrete_fields if refused in (f.name, f.attname)),
            None,
        )
        name = field.name if field is not None else refused
        on_form = [
            candidate
            for candidate in (name, *(f"{name}{end}" for end in LANGUAGE_SUFFIXES if end))
            if candidate in form.fields
        ]
        changed = [candidate for candidate in on_form if candidate in form.changed_data]
        names += changed or on_form
    return names


def refused_formset(formset_class: Any, refusal):
    class RefusedFormSet(formset_class):
        def clean(self):
            super().clean()
            raise ValidationError(refusal_message(refusal))

    return RefusedFormSet


class TranslatedContentAdmin(TranslationAdmin, ContentAdmin):  # type: ignore[misc]
    """Content written in each language (guides/translation.py): each translated field shows
    once per language, English and Spanish side by side, both editable; the history keeps both.
    (modeltranslation's tabs would load jQuery UI from a CDN, which the site never does.)"""

    class Media:
        css = {"all": ["css/admin-languages.css"]}


class ProposalForm(ReasonForm):
    """The form of content that decides what a person in crisis is offered: a change to it waits
    for a second person, who needs to know why."""

    change_reason = forms.CharField(
        label=gettext_lazy("Why this change, and where did you check it?"),
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            "Needed for anything a person in crisis relies on: the person who approves it "
            "reads it. Kept in the history."
        ),
    )

    def clean(self):
        cleaned = super().clean() or {}
        model = self._meta.model
        stored = (
            model._base_manager.filter(pk=self.instance.pk).first() if self.instance.pk else None
        )
        touched = []
        for name in getattr(model, "GUARDED", ()):
            if name not in cleaned:
                continue
            value = cleaned[name]
            value = getattr(value, "pk", value)
            before = getattr(stored, model._meta.get_field(name).attname) if stored else None
            if stored is None or value != before:
                touched.append(name)
        if touched and not cleaned.get("change_reason", "").strip():
            self.add_error(
                "change_reason",
                _("Say why, and where you checked it: another person approves this change."),
            )
        return cleaned


class ProposesChanges(ContentAdmin):
    """The admin of content that decides what a person in crisis is offered (OfferedInCrisis).
    Every write proposes instead of saving: add, change, the list's own fields, delete, bulk
    delete, revert and recover. What readers are not shown is saved at once: the words of a line,
    a new line kept retired until the proposal to show it is approved."""

    # How a new row is kept from readers while its proposal waits, e.g. {"is_retired": True}.
    hidden_while_waiting: dict[str, Any] = {}

    def save_model(self, request, obj, form, change):
        reason = ""
        if form is not None and "change_reason" in form.cleaned_data:
            reason = form.cleaned_data.get("change_reason", "")
        proposal = save_or_propose(
            obj,
            user=request.user,
            reason=reason or _("Changed in the admin’s list by %(who)s.") % {"who": request.user},
            save=lambda: super(ProposesChanges, self).save_model(request, obj, form, change),
            hidden_while_waiting=self.hidden_while_waiting,
        )
        if proposal is not None:
            self._tell_proposed(request, proposal)

    def _tell_proposed(self, request, proposal) -> None:
        from guides.services.crisis.proposals import describe

        request.revision_note = _(
            "Proposed: %(changes)s. Waiting for another person to approve it."
        ) % {"changes": describe(proposal)}
        messages.warning(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _(
                    "Readers still see it as it was. The change (%(changes)s) waits for another "
                    "staff member to approve it."
                )
                % {"changes": describe(proposal)},
                reverse("admin:guides_proposedchange_change", args=[proposal.pk]),
                _("See the proposal"),
            ),
        )

    def construct_change_message(self, request, form, formsets, add=False):
        # A proposed value has not changed yet: the history says "Proposed" for it instead.
        waiting = set(getattr(self.model, "GUARDED", ()))
        if form is not None and not add:
            form.changed_data[:] = [name for name in form.changed_data if name not in waiting]
        return super().construct_change_message(request, form, formsets, add)

    # Deleting: a row readers are shown is proposed for deletion instead.

    def get_deleted_objects(self, objs, request):
        """The confirmation says in words what readers would lose."""
        from guides.services.crisis.proposals import what_readers_lose

        result = super().get_deleted_objects(objs, request)
        if not request.POST.get("post"):
            losses = [loss for obj in objs if (loss := what_readers_lose(obj))]
            for loss in losses:
                messages.warning(request, loss)
            if losses:
                messages.info(
                    request,
                    _(
                        "Deleting waits for a second person’s approval. Retiring it instead "
                        "hides it from readers and keeps it, with its history."
                    ),
                )
        return result

    def log_deletions(self, request, queryset):
        hidden = [obj for obj in queryset if not obj.is_shown_to_readers()]
        if hidden:
            return super().log_deletions(request, hidden)
        return []

    def delete_model(self, request, obj):
        if not obj.is_shown_to_readers():
            return super().delete_model(request, obj)
        request.proposals = [self._propose_delete(request, obj)]

    def _propose_delete(self, request, obj):
        from guides.services.crisis.proposals import propose_change

        return propose_change(
            obj,
            details={},
            reason=_("Deletion asked for in the admin by %(who)s.") % {"who": request.user},
            user=request.user,
            action="delete",
        )

    def response_delete(self, request, obj_display, obj_id):
        if getattr(request, "proposals", None):
            self._tell_proposed(request, request.proposals[0])
            return redirect(reverse(f"admin:guides_{self.model._meta.model_name}_changelist"))
        return super().response_delete(request, obj_display, obj_id)

    def delete_queryset(self, request, queryset):
        shown = [obj for obj in queryset if obj.is_shown_to_readers()]
        request.proposals = [self._propose_delete(request, obj) for obj in shown]
        super().delete_queryset(request, queryset.exclude(pk__in=[obj.pk for obj in shown]))

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        if "delete_selected" in actions:
            actions["delete_selected"] = dataclasses.replace(
                actions["delete_selected"], func=propose_deleting_selected
            )
        return actions

    def save_formset(self, request, form, formset, change):
        """Inline rows (a group's statements) follow the same rule, one by one."""
        if not issubclass(formset.model, OfferedInCrisis):
            return super().save_formset(request, form, formset, change)
        for obj in formset.save(commit=False):
            proposal = save_or_propose(
                obj,
                user=request.user,
                reason=form.cleaned_data.get("change_reason", "")
                or _("Changed in the admin by %(who)s.") % {"who": request.user},
                save=obj.save,
            )
            if proposal is not None:
                self._tell_proposed(request, proposal)
        for obj in formset.deleted_objects:
            if obj.is_shown_to_readers():
                self._tell_proposed(request, self._propose_delete(request, obj))
            else:
                obj.delete()
        formset.save_m2m()
        return None

    # A write refused below the admin (something this class did not foresee): a form or the
    # list's own fields come back as typed (ContentAdmin), anything else is a message.

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except NeedsSecondPerson as refusal:
            return self._refused(request, refusal)

    def changelist_view(self, request, *args, **kwargs):
        try:
            return super().changelist_view(request, *args, **kwargs)
        except NeedsSecondPerson as refusal:
            return self._refused(request, refusal)

    def _refused(self, request, refusal):
        from guides.middleware import admin_refusal

        return admin_refusal(request, refusal)


def propose_deleting_selected(modeladmin, request, queryset):
    """Django's own confirmation page, then proposals for the rows readers are shown."""
    if not request.POST.get("post"):
        return delete_selected(modeladmin, request, queryset)
    if not modeladmin.has_delete_permission(request):
        raise PermissionDenied
    modeladmin.delete_queryset(request, queryset)
    for proposal in getattr(request, "proposals", []):
        modeladmin._tell_proposed(request, proposal)
    return None


propose_deleting_selected.short_description = delete_selected.short_description  # type: ignore[attr-defined]


def save_or_propose(obj, *, user, reason: str, save, hidden_while_waiting=None):
    """Save what readers are not shown; propose what they would be. Returns the proposal, if any.

    A new row readers would be shown is saved hidden (hidden_while_waiting, e.g. retired) and
    the proposal is to show it. A change to a row's guarded fields saves the rest at once and
    proposes those fields."""
    from guides.services.crisis.proposals import propose_change

    model = type(obj)
    stored = model._base_manager.filter(pk=obj.pk).first() if obj.pk else None
    if stored is None:
        if not obj.is_shown_to_readers() or not hidden_while_waiting:
            if obj.is_shown_to_readers():
                raise NeedsSecondPerson(obj)
            save()
            return None
        wanted = obj.guarded_state()
        for name, value in hidden_while_waiting.items():
            setattr(obj, name, value)
        save()
        saved = obj.guarded_state()
        details = {name: value for name, value in wanted.items() if saved[name] != value}
        return propose_change(obj, details=details, reason=reason, user=user)
    before, after = stored.guarded_state(), obj.guarded_state()
    changed = {name: value for name, value in after.items() if before.get(name) != value}
    if not changed or not (stored.is_shown_to_readers() or obj.is_shown_to_readers()):
        save()
        return None
    for name in changed:
        setattr(obj, name, getattr(stored, name))
    save()
    return propose_change(obj, details=changed, reason=reason, user=user)
