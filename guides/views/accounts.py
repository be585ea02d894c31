"""Accounts: sign up, log in (claiming what was saved anonymously), e-mail check, and "my data"."""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from guides.forms import DeleteAccountForm, SignupForm, ThrottledLoginForm
from guides.models import User
from guides.services.accounts.account import (
    EMAIL_CHECK_MAX_AGE,
    EMAIL_CHECK_SALT,
    claim_anonymous_data,
    delete_account,
    send_email_check,
    sign_up,
)
from guides.services.accounts.data import export_person_data, forget_anonymous_data
from guides.services.crisis.regions import REGION_COOKIE, ZONE_REGION_COOKIE
from guides.services.guide.reading import READ_COOKIE, parse_read_cookie
from guides.views.safety_plan import HAS_PLAN as HAS_SAFETY_PLAN
from guides.views.types import SignedInHttpRequest


def _claim_into(request: HttpRequest, response: HttpResponse, user: User, session_key) -> None:
    """After log-in: move the anonymous answers, plans and reading onto the account."""
    report = claim_anonymous_data(
        user=user,
        session_key=session_key,
        read_ids=parse_read_cookie(request.COOKIES.get(READ_COOKIE)),
    )
    if report.results or report.plans or report.safety_plans:
        messages.info(
            request,
            _("What you saved on this device is now kept on your account."),
        )
    if report.has_safety_plan:
        request.session[HAS_SAFETY_PLAN] = True
    response.delete_cookie(READ_COOKIE)


class ClaimingLoginView(LoginView):
    """Django's log-in, which then claims what the person saved before logging in."""

    redirect_authenticated_user = True
    authentication_form = ThrottledLoginForm

    def form_invalid(self, form):
        if form.unconfirmed_user is not None:  # the right password, an unconfirmed address
            send_email_check(user=form.unconfirmed_user, request=self.request)
        return super().form_invalid(form)

    def form_valid(self, form):
        session_key = self.request.session.session_key  # login() is about to change it
        # login() deletes the old session: the claim must happen with it, or not at all.
        with transaction.atomic():
            response = super().form_valid(form)
            _claim_into(self.request, response, form.get_user(), session_key)
            self.request.session.save()  # here, not after the commit (see guides.sessions)
        return response


# The browser's HTTP cache of this site. Not "storage": it would unregister the service worker
# with the crisis lines it keeps for a phone with no signal, and the next page's registration
# can race the browser's clearing and lose it. The worker and site.js forget kept plans instead.
CLEAR_SITE_DATA = '"cache"'


class ForgettingLogoutView(LogoutView):
    """Django's log-out, which also has the browser drop its HTTP cache of this site."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Make an account, confirmed by a link in an e-mail before it can be used.

    Whether or not the address already has an account, the answer is the same (and the owner of
    an existing one is told by e-mail), so nobody can learn from it who uses First Step.
    """
    if request.user.is_authenticated:
        return redirect("account")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            request=request,
        )
        return redirect("signup_sent")
    return render(request, "registration/signup.html", {"form": form})


@never_cache
@require_safe
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/signup_sent.html")


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
    # Confirming does not log anyone in: only the password does, so an account someone else made
    # with this address before its owner (who then confirmed it) stays theirs to take back.
    messages.success(request, _("Thank you. Your e-mail address is confirmed. You can log in now."))
    if request.user.is_authenticated:
        return redirect("account")
    return redirect(reverse("login") + "?" + urlencode({"next": reverse("account")}))


@login_required
@require_POST
def resend_email_check(request: SignedInHttpRequest) -> HttpResponse:
    if not request.user.email_verified:
        send_email_check(user=request.user, request=request)
        messages.info(
            request, _("We sent a new link to %(email)s.") % {"email": request.user.email}
        )
    return redirect("account")


@login_required
@require_safe
def account(request: SignedInHttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html", {"nav": "account"})


@login_required
@require_safe
def account_data(request: SignedInHttpRequest) -> HttpResponse:
    """Everything the site holds about this person, as a JSON download."""
    body = json.dumps(export_person_data(user=request.user), cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="first-step-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete(request: SignedInHttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        delete_account(user=request.user)
        logout(request)
        messages.success(request, _("Your account and everything in it have been deleted."))
        response = redirect("home")
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response
    return render(request, "accounts/delete.html", {"form": form, "nav": "account"})


# What this device keeps of a person besides the session: "Forget me on this device" deletes it.
FORGOTTEN_COOKIES = [READ_COOKIE, REGION_COOKIE, ZONE_REGION_COOKIE, "messages"]


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def forget_me(request: HttpRequest) -> HttpResponse:
    """ "Forget me on this device", after one confirmation: the answers and plans saved here
    without an account are deleted at once, the session ends (a person logged in is logged out;
    their account keeps its data), and the browser forgets the site's cookies, its HTTP cache
    and, with JavaScript, the plans kept on this phone (site.js and the service worker)."""
    if request.method == "POST":
        if request.user.is_authenticated:
            logout(request)
        else:
            forget_anonymous_data(session_key=request.session.session_key)
            request.session.flush()
        response = redirect("forget_me_done")
        for name in FORGOTTEN_COOKIES:
            response.delete_cookie(name, samesite="Lax")
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response
    return render(request, "accounts/forget_me.html")


@require_safe
def forget_me_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/forget_me_done.html")
