"""Accounts: claiming what a person saved before signing in, e-mail checks, deleting it all."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from guides.models import ChecklistResult, Plan, ReadingProgress, SafetyPlan, Section, User
from guides.services.insight import counts
from guides.services.safety_plan import claim_safety_plan


@dataclass
class ClaimReport:
    results: int = 0
    plans: int = 0
    reading: int = 0
    safety_plans: int = 0
    has_safety_plan: bool = False


@transaction.atomic
def claim_anonymous_data(*, user: User, session_key: str | None, read_ids: set[int]) -> ClaimReport:
    """Move what a person saved before signing in onto their account, in one transaction."""
    report = ClaimReport()
    if session_key:
        report.results = ChecklistResult.objects.filter(
            user__isnull=True, session_key=session_key
        ).update(user=user, session_key=None)
        report.plans = Plan.objects.filter(user__isnull=True, session_key=session_key).update(
            user=user, session_key=None
        )
    report.safety_plans, report.has_safety_plan = claim_safety_plan(
        user=user, session_key=session_key
    )
    existing = Section.objects.filter(pk__in=read_ids).values_list("pk", flat=True)
    report.reading = len(
        ReadingProgress.objects.bulk_create(
            [ReadingProgress(user=user, section_id=pk) for pk in existing], ignore_conflicts=True
        )
    )
    return report


EMAIL_CHECK_SALT = "guides.email-check"
EMAIL_CHECK_MAX_AGE = 60 * 60 * 24 * 3


def email_check_link(request: HttpRequest, user: User) -> str:
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=EMAIL_CHECK_SALT)
    return request.build_absolute_uri(reverse("verify_email", args=[token]))


def send_email_check(*, user: User, request: HttpRequest) -> None:
    with translation.override(user.language):
        _send_email_check(user, request)


def _send_email_check(user: User, request: HttpRequest) -> None:
    send_mail(
        subject=gettext("Confirm your e-mail address for First Step"),
        message=render_to_string(
            "emails/email_check.txt", {"link": email_check_link(request, user)}
        ),
        from_email=None,
        recipient_list=[user.email],
    )


def sign_up(*, email: str, password: str, request: HttpRequest) -> None:
    """A new, unconfirmed account and a link to confirm it; or, if the address has an account
    already, an e-mail telling its owner. Both take as long and say the same to whoever asked."""
    User = get_user_model()
    existing = User.objects.filter(email=email).first()
    if existing is None or not existing.email_verified:
        # A new account; or one nobody has confirmed, most likely this person's own attempt
        # that did not finish: the newest password and a fresh link. Either way nobody can log
        # in until the owner of the address opens the link, and only with the password.
        with transaction.atomic():  # no account if the e-mail cannot be sent: try again
            user = existing or User(email=email)
            user.language = translation.get_language() or settings.LANGUAGE_CODE
            user.set_password(password)
            user.save()
            if existing is None:
                counts.signed_up().save()
            send_email_check(user=user, request=request)
        return
    make_password(password)  # the hashing a new account costs, so the answer takes as long
    with translation.override(existing.language):
        _send_signup_attempt(existing, request)


def _send_signup_attempt(existing: User, request: HttpRequest) -> None:
    send_mail(
        subject=gettext("Someone tried to make a First Step account with your address"),
        message=render_to_string(
            "emails/signup_attempt.txt",
            {
                "login_url": request.build_absolute_uri(reverse("login")),
                "reset_url": request.build_absolute_uri(reverse("password_reset")),
            },
        ),
        from_email=None,
        recipient_list=[existing.email],
    )


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Delete the person and everything of theirs, for real, all of it or nothing."""
    Plan.objects.filter(user=user).delete()  # with their barriers, reminders and share links
    ChecklistResult.objects.filter(user=user).delete()
    SafetyPlan.objects.filter(user=user).delete()  # with its share links
    user.delete()  # with reading progress and sessions, which cascade
