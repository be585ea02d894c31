"""Account forms: sign up, log in (throttled), delete everything, and the admin's person form."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from guides.helpers.throttle import clear_account, is_locked_out, record_failure
from guides.models import User


class SignupForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]
        labels = {"email": _("E-mail address")}
        help_texts = {"email": _("You log in with this. We never show it to anyone.")}

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def validate_unique(self):
        # An address that already has an account is not an error on this form: the sign-up view
        # answers exactly as for a new one, and e-mails the owner, so nobody learns who has one.
        pass


class PersonChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = ["email", "is_active", "is_staff", "is_superuser", "groups"]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to confirm.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise ValidationError(_("That password is not right."))
        return self.cleaned_data["password"]


class ThrottledLoginForm(AuthenticationForm):
    """Django's log-in form, refusing after too many failures for an account or an address.

    The refusal is the same whether or not the account exists.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or password is not right. Please try again."),
        "unconfirmed": _(
            "Please confirm your e-mail address first. We have sent you a new link: open it, "
            "then log in here."
        ),
        "locked_out": _(
            "Too many tries. For your safety, please wait 15 minutes before trying again, "
            "or reset your password."
        ),
    }

    unconfirmed_user = None

    def confirm_login_allowed(self, user):
        """Only once the address is confirmed: before that, whoever signed up may not own it."""
        super().confirm_login_allowed(user)
        if not user.email_verified:
            self.unconfirmed_user = user  # the view sends a new link
            raise ValidationError(self.error_messages["unconfirmed"], code="unconfirmed")

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if self.request is not None and is_locked_out(self.request, username):
            raise ValidationError(self.error_messages["locked_out"], code="locked_out")
        try:
            cleaned = super().clean()
        except ValidationError:
            if self.request is not None:
                record_failure(self.request, username)
            raise
        if self.request is not None:
            clear_account(self.request, username)
        return cleaned
