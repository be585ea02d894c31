"""Site settings, and people: personal data, for superusers only."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from guides.forms import PersonChangeForm, SignupForm
from guides.models import SiteSettings, User

from .base import ContentAdmin


class PersonAddForm(SignupForm):
    """Sign-up's form, but an address that has an account is an error here: the admin is for
    superusers, who may know who has one."""

    validate_unique = forms.ModelForm.validate_unique


@admin.register(SiteSettings)
class SiteSettingsAdmin(ContentAdmin):
    list_display = ["__str__", "show_exit_button", "exit_url_en", "exit_url_es", "app_name"]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class PersonAdmin(UserAdmin):
    """People are personal data: superusers only, whatever permissions a group grants."""

    form = PersonChangeForm
    add_form = PersonAddForm
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
