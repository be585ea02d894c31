"""Writes that touch several rows or a person's data. Views, the admin and commands call these."""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from guides.models import ChecklistResult, ReadingProgress, Section, Statement, StatementGroup
from guides.owners import Owner

READ_COOKIE = "read"
READ_COOKIE_MAX_AGE = 60 * 60 * 24 * 365
READ_COOKIE_MAX_IDS = 500


def parse_read_cookie(value: str | None) -> set[int]:
    """Section ids from an anonymous reader's cookie; anything malformed is ignored."""
    ids = set()
    for part in (value or "").split(".")[:READ_COOKIE_MAX_IDS]:
        if part.isdigit() and len(part) < 12:
            ids.add(int(part))
    return ids


def format_read_cookie(ids: set[int]) -> str:
    return ".".join(str(i) for i in sorted(ids)[-READ_COOKIE_MAX_IDS:])


def read_section_ids(request) -> set[int]:
    """The sections this reader has read: on the account once signed in, else in a cookie."""
    if request.user.is_authenticated:
        return set(
            ReadingProgress.objects.filter(user=request.user).values_list("section_id", flat=True)
        )
    return parse_read_cookie(request.COOKIES.get(READ_COOKIE))


def mark_section_read(request, response, section: Section, already_read: set[int]) -> None:
    if section.pk in already_read:
        return
    if request.user.is_authenticated:
        ReadingProgress.objects.bulk_create(
            [ReadingProgress(user=request.user, section=section)], ignore_conflicts=True
        )
    else:
        # A cookie, not a session: reading alone must never create a row on the server.
        response.set_cookie(
            READ_COOKIE,
            format_read_cookie(already_read | {section.pk}),
            max_age=READ_COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )


@transaction.atomic
def checklist_result_create(*, owner: Owner, statements: list[Statement]) -> ChecklistResult:
    """Save one set of answers, all of it or nothing."""
    kinds = [statement.group.kind for statement in statements]
    result = ChecklistResult.objects.create(
        **owner.fields(),
        signs_count=kinds.count(StatementGroup.Kind.SIGNS),
        readiness_count=kinds.count(StatementGroup.Kind.READINESS),
    )
    result.statements.set(statements)
    return result


@dataclass
class ClaimReport:
    results: int = 0
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
    existing = Section.objects.filter(pk__in=read_ids).values_list("pk", flat=True)
    report.reading = len(
        ReadingProgress.objects.bulk_create(
            [ReadingProgress(user=user, section_id=pk) for pk in existing], ignore_conflicts=True
        )
    )
    return report
