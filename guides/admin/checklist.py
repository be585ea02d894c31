"""The checklist's groups and statements, and the planner's choices."""

from django.contrib import admin

from guides.models import (
    Barrier,
    ChecklistResult,
    ContactKind,
    ContactMethod,
    Plan,
    PlanBarrier,
    Statement,
    StatementGroup,
)

from .base import ProposalForm, ProposesChanges, ReasonForm, TranslatedContentAdmin


class StatementInline(admin.TabularInline):
    model = Statement
    fields = ["order", "text", "key", "is_active", "is_crisis"]
    prepopulated_fields = {"key": ["text"]}
    extra = 0
    show_change_link = True

    def has_delete_permission(self, request, obj=None):
        return False  # from the statement's own page, where people's answers are checked


@admin.register(StatementGroup)
class StatementGroupAdmin(ProposesChanges, TranslatedContentAdmin):
    form = ReasonForm
    list_display = ["title", "kind", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [StatementInline]
    people_data = [(ChecklistResult.statements.through, "statement__group")]

    def get_view_on_site_url(self, obj=None):
        return "/checklist/"


@admin.register(Statement)
class StatementAdmin(ProposesChanges, TranslatedContentAdmin):
    form = ProposalForm
    hidden_while_waiting = {"is_crisis": False}
    list_display = ["text", "group", "order", "is_active", "is_crisis", "section"]
    list_editable = ["order", "is_active", "is_crisis"]
    list_filter = ["group", "is_active", "is_crisis"]
    list_select_related = ["group", "section"]
    search_fields = ["text", "hint"]
    prepopulated_fields = {"key": ["text"]}
    filter_horizontal = ["help_kinds"]
    autocomplete_fields = ["section"]
    people_data = [(ChecklistResult.statements.through, "statement")]

    def get_view_on_site_url(self, obj=None):
        return "/checklist/"


class ChoiceAdmin(TranslatedContentAdmin):
    list_display = ["name", "slug", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    # The planner step that shows this choice.
    shown_on = "/plan/new/who/"

    def get_view_on_site_url(self, obj=None):
        return self.shown_on


@admin.register(ContactKind)
class ContactKindAdmin(ChoiceAdmin):
    search_fields = ["name", "description", "when_it_fits", "script_template"]
    people_data = [(Plan, "contact_kind"), (Plan, "backup_kind")]


@admin.register(ContactMethod)
class ContactMethodAdmin(ChoiceAdmin):
    shown_on = "/plan/new/how/"
    people_data = [(Plan, "contact_method")]


@admin.register(Barrier)
class BarrierAdmin(ChoiceAdmin):
    search_fields = ["name", "suggestion"]
    shown_on = "/plan/new/support/"
    people_data = [(PlanBarrier, "barrier")]
