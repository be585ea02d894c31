"""What in the content needs a person: overdue reviews, crisis lines not checked in 90 days, and
changes to crisis lines waiting for approval. Run it from cron; it exits 1 when a crisis line is
overdue, and with --email sends the list to the staff who can act on it."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from guides.models import CrisisResource, ProposedChange, Section
from guides.models.crisis import CRISIS_CHECK_DAYS
from guides.services.guide.content_checks import check_section


def content_report(today: datetime.date) -> tuple[list[str], bool]:
    """The report's lines, and whether a crisis line is overdue."""
    lines: list[str] = []
    overdue_sections = Section.objects.filter(
        Q(next_review_due__lt=today) | Q(next_review_due__isnull=True)
    ).select_related("guide")
    stale_lines = CrisisResource.objects.filter(
        is_retired=False, last_checked__lt=today - datetime.timedelta(days=CRISIS_CHECK_DAYS)
    ).select_related("region")
    pending = ProposedChange.objects.pending().select_related("proposed_by")
    lines.append(f"Sections overdue for review: {len(overdue_sections)}")
    for section in overdue_sections:
        due = section.next_review_due or "never reviewed"
        lines.append(f"  {section.guide.slug}/{section.slug}: {section.title} (due {due})")
    lines.append(f"Crisis lines not checked in {CRISIS_CHECK_DAYS} days: {len(stale_lines)}")
    for line in stale_lines:
        lines.append(f"  {line} (last checked {line.last_checked}, against {line.source_url})")
    lines.append(f"Changes to crisis lines waiting for approval: {len(pending)}")
    for proposal in pending:
        lines.append(
            f"  {proposal.object_repr}, proposed by {proposal.proposed_by or 'content files'} on "
            f"{proposal.proposed_at:%Y-%m-%d}"
        )
    checked = []
    for section in Section.objects.select_related("guide"):
        result = check_section(section, reading=False)
        checked += [f"  {section.guide.slug}/{section.slug}: {m}" for m in result.problems]
        checked += [f"  {section.guide.slug}/{section.slug}: {m}" for m in result.warnings]
    lines.append(f"Wording and links to look at: {len(checked)}")
    lines += checked
    return lines, bool(stale_lines)


def staff_who_can_act():
    """Active staff allowed to change sections or crisis lines, or to approve changes."""
    codenames = ["change_section", "change_crisisresource", "approve_crisis_lines"]
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__codename__in=codenames)
            | Q(groups__permissions__codename__in=codenames)
        )
        .distinct()
    )


class Command(BaseCommand):
    help = "List overdue reviews, stale crisis lines and pending approvals; exit 1 if a line is."

    def add_arguments(self, parser):
        parser.add_argument("--email", action="store_true", help="send it to the staff who can act")

    def handle(self, *args, email: bool, **options):
        lines, crisis_overdue = content_report(datetime.date.today())
        report = "\n".join(lines)
        self.stdout.write(report)
        if email:
            recipients = list(staff_who_can_act().values_list("email", flat=True))
            if recipients:
                send_mail(
                    subject="First Step: content to review",
                    message=report + f"\n\n{settings.SITE_URL}/admin/\n",
                    from_email=None,
                    recipient_list=recipients,
                )
            self.stdout.write(f"Sent to {len(recipients)} staff.")
        if crisis_overdue:
            raise CommandError("A crisis line has not been checked for over 90 days.")
