"""Forms: they validate and clean, and nothing else."""

from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from guides.models import User


class SignupForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]
        labels = {"email": _("E-mail address")}
        help_texts = {"email": _("You log in with this. We never show it to anyone.")}

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class PersonChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = ["email", "is_active", "is_staff", "is_superuser", "groups"]
