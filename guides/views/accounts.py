"""Accounts: sign up, log in (claiming what was saved anonymously), e-mail check, and "my data"."""

import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from guides.forms import DeleteAccountForm, SignupForm, ThrottledLoginForm
from guides.models import User
from guides.services import (
    READ_COOKIE,
    claim_anonymous_data,
    delete_account,
    export_person_data,
    parse_read_cookie,
    send_email_check,
)

EMAIL_CHECK_SALT = "guides.email-check"
EMAIL_CHECK_MAX_AGE = 60 * 60 * 24 * 3


def _claim_into(request: HttpRequest, response: HttpResponse, user: User, session_key) -> None:
    """After log-in: move the anonymous answers, plans and reading onto the account."""
    report = claim_anonymous_data(
        user=user,
        session_key=session_key,
        read_ids=parse_read_cookie(request.COOKIES.get(READ_COOKIE)),
    )
    if report.results or report.plans:
        messages.info(
            request,
            _("What you saved on this device is now kept on your account."),
        )
    response.delete_cookie(READ_COOKIE)


class ClaimingLoginView(LoginView):
    """Django's log-in, which then claims what the person saved before logging in."""

    redirect_authenticated_user = True
    authentication_form = ThrottledLoginForm

    def form_valid(self, form):
        session_key = self.request.session.session_key  # login() is about to change it
        # login() deletes the old session: the claim must happen with it, or not at all.
        with transaction.atomic():
            response = super().form_valid(form)
            _claim_into(self.request, response, form.get_user(), session_key)
            self.request.session.save()  # here, not after the commit (see guides.sessions)
        return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("account")
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        session_key = request.session.session_key
        # The account, the new session and the claim, or none of them: if the database went away
        # half-way, the person would be told nothing was saved while the account existed, and
        # what they had saved would be tied to the session login() had already deleted.
        with transaction.atomic():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            response = redirect(next_url or "account")
            _claim_into(request, response, user, session_key)
            request.session.save()  # here, not after the commit (see guides.sessions)
        send_email_check(user=user, link=_email_check_link(request, user))
        messages.success(
            request,
            _("Your account is ready. We sent a link to %(email)s to confirm the address.")
            % {"email": user.email},
        )
        return response
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


def _email_check_link(request: HttpRequest, user: User) -> str:
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=EMAIL_CHECK_SALT)
    return request.build_absolute_uri(reverse("verify_email", args=[token]))


@require_safe
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        data = signing.loads(token, salt=EMAIL_CHECK_SALT, max_age=EMAIL_CHECK_MAX_AGE)
        user = User.objects.get(pk=data["user"], email=data["email"])
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError):
        return render(request, "registration/verify_failed.html", status=400)
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    messages.success(request, _("Thank you. Your e-mail address is confirmed."))
    return redirect("account" if request.user.is_authenticated else "login")


@login_required
@require_POST
def resend_email_check(request: HttpRequest) -> HttpResponse:
    if not request.user.email_verified:
        send_email_check(user=request.user, link=_email_check_link(request, request.user))
        messages.info(
            request, _("We sent a new link to %(email)s.") % {"email": request.user.email}
        )
    return redirect("account")


@login_required
@require_safe
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html", {"nav": "account"})


@login_required
@require_safe
def account_data(request: HttpRequest) -> HttpResponse:
    """Everything the site holds about this person, as a JSON download."""
    body = json.dumps(export_person_data(user=request.user), cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="first-step-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        delete_account(user=request.user)
        logout(request)
        messages.success(request, _("Your account and everything in it have been deleted."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form, "nav": "account"})
