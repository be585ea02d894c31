"""Accounts: claiming what a person saved before signing in, e-mail checks, deleting it all."""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext

from guides.models import ChecklistResult, Plan, ReadingProgress, Section


@dataclass
class ClaimReport:
    results: int = 0
    plans: int = 0
    reading: int = 0


@transaction.atomic
def claim_anonymous_data(
    *, user: AbstractBaseUser, session_key: str | None, read_ids: set[int]
) -> ClaimReport:
    """Move what a person saved before signing in onto their account, in one transaction."""
    report = ClaimReport()
    if session_key:
        report.results = ChecklistResult.objects.filter(
            user__isnull=True, session_key=session_key
        ).update(user=user, session_key=None)
        report.plans = Plan.objects.filter(user__isnull=True, session_key=session_key).update(
            user=user, session_key=None
        )
    existing = Section.objects.filter(pk__in=read_ids).values_list("pk", flat=True)
    report.reading = len(
        ReadingProgress.objects.bulk_create(
            [ReadingProgress(user=user, section_id=pk) for pk in existing], ignore_conflicts=True
        )
    )
    return report


def send_email_check(*, user: AbstractBaseUser, link: str) -> None:
    send_mail(
        subject=gettext("Confirm your e-mail address for First Step"),
        message=render_to_string("emails/email_check.txt", {"link": link}),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def delete_account(*, user: AbstractBaseUser) -> None:
    """Delete the person and everything of theirs, for real, all of it or nothing."""
    Plan.objects.filter(user=user).delete()  # with their barriers, reminders and share links
    ChecklistResult.objects.filter(user=user).delete()
    user.delete()  # with reading progress and sessions, which cascade
