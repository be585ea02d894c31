"""The admin, where staff edit every word of the site. Personal data is for superusers only."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from guides.forms import PersonChangeForm, SignupForm
from guides.models import (
    Barrier,
    ContactKind,
    ContactMethod,
    CrisisPhrase,
    CrisisResource,
    Guide,
    Region,
    Section,
    SiteSettings,
    Statement,
    StatementGroup,
    User,
)
from guides.services import content_changed


class ContentAdmin(admin.ModelAdmin):
    """The admin of something readers see. A save or delete of one object tells every process
    to refresh by itself (models.base.ReadersSeeThis); a bulk delete does not, so it says so."""

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        content_changed()


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["order", "title", "slug", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    extra = 0
    show_change_link = True
    ordering = ["order"]


@admin.register(Guide)
class GuideAdmin(ContentAdmin):
    list_display = ["title", "slug", "order", "is_published", "updated_at"]
    list_editable = ["order", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "summary"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(ContentAdmin):
    list_display = ["title", "guide", "order", "is_published", "updated_at"]
    list_display_links = ["title"]
    list_editable = ["order", "is_published"]
    list_filter = ["guide", "is_published"]
    search_fields = ["title", "summary", "body", "key_points"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview", "updated_at"]
    list_select_related = ["guide"]
    save_on_top = True
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["guide", "title", "slug", "summary", "order", "is_published"]}),
        (_("Words"), {"fields": ["body", "key_points"]}),
        (_("Try this"), {"fields": ["action_text", "action_label", "action_url"]}),
        (_("Preview"), {"fields": ["preview", "updated_at"]}),
    ]

    @admin.display(description=_("rendered page (after saving)"))
    def preview(self, section: Section) -> str:
        if not section.pk:
            return str(_("Save to see the preview."))
        # body_html was sanitised by nh3 when it was saved.
        return format_html('<div class="helpseek-preview">{}</div>', mark_safe(section.body_html))  # noqa: S308

    @admin.action(description=_("Publish the selected sections"))
    def publish(self, request, queryset):
        count = queryset.update(is_published=True)
        content_changed()
        self.message_user(request, _("%d sections published.") % count, messages.SUCCESS)

    @admin.action(description=_("Unpublish the selected sections"))
    def unpublish(self, request, queryset):
        count = queryset.update(is_published=False)
        content_changed()
        self.message_user(request, _("%d sections unpublished.") % count, messages.SUCCESS)


class CrisisResourceInline(admin.StackedInline):
    model = CrisisResource
    extra = 0


@admin.register(Region)
class RegionAdmin(ContentAdmin):
    list_display = ["name", "code", "order"]
    list_editable = ["order"]
    inlines = [CrisisResourceInline]


@admin.register(CrisisResource)
class CrisisResourceAdmin(ContentAdmin):
    list_display = ["name", "region", "audience", "phone", "text_number", "last_checked"]
    list_filter = ["region", "audience", "is_emergency"]
    search_fields = ["name", "description"]
    ordering = ["last_checked", "name"]  # the stalest first: those most need checking
    list_select_related = ["region"]
    date_hierarchy = "last_checked"


@admin.register(CrisisPhrase)
class CrisisPhraseAdmin(ContentAdmin):
    """The phrases that bring the crisis lines when a person types them in the planner."""

    list_display = ["text", "language", "kind", "is_active"]
    list_editable = ["is_active"]
    list_filter = ["language", "kind", "is_active"]
    search_fields = ["text"]
    fields = ["text", "language", "kind", "is_active"]


class StatementInline(admin.TabularInline):
    model = Statement
    fields = ["order", "text", "key", "is_active", "is_crisis"]
    prepopulated_fields = {"key": ["text"]}
    extra = 0
    show_change_link = True


@admin.register(StatementGroup)
class StatementGroupAdmin(ContentAdmin):
    list_display = ["title", "kind", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [StatementInline]


@admin.register(Statement)
class StatementAdmin(ContentAdmin):
    list_display = ["text", "group", "order", "is_active", "is_crisis", "section"]
    list_editable = ["order", "is_active", "is_crisis"]
    list_filter = ["group", "is_active", "is_crisis"]
    list_select_related = ["group", "section"]
    search_fields = ["text", "hint"]
    prepopulated_fields = {"key": ["text"]}
    filter_horizontal = ["help_kinds"]
    autocomplete_fields = ["section"]


class ChoiceAdmin(ContentAdmin):
    list_display = ["name", "slug", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(ContactKind)
class ContactKindAdmin(ChoiceAdmin):
    search_fields = ["name", "description", "when_it_fits", "script_template"]


@admin.register(ContactMethod)
class ContactMethodAdmin(ChoiceAdmin):
    pass


@admin.register(Barrier)
class BarrierAdmin(ChoiceAdmin):
    search_fields = ["name", "suggestion"]


@admin.register(SiteSettings)
class SiteSettingsAdmin(ContentAdmin):
    list_display = ["__str__", "show_exit_button"]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class PersonAdmin(UserAdmin):
    """People are personal data: superusers only, whatever permissions a group grants."""

    form = PersonChangeForm
    add_form = SignupForm
    ordering = ["email"]
    list_display = ["email", "is_staff", "is_superuser", "date_joined", "last_login"]
    search_fields = ["email"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal = ["groups"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
