"""Reading progress: a cookie for an anonymous reader, rows on the account once signed in."""

from guides.helpers.ids import parse_id
from guides.models import ReadingProgress, Section

READ_COOKIE = "read"


READ_COOKIE_MAX_AGE = 60 * 60 * 24 * 365


READ_COOKIE_MAX_IDS = 500


def parse_read_cookie(value: str | None) -> set[int]:
    """Section ids from an anonymous reader's cookie; anything malformed is ignored."""
    ids = set()
    for part in (value or "").split(".")[:READ_COOKIE_MAX_IDS]:
        section_id = parse_id(part)
        if section_id is not None:
            ids.add(section_id)
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
