"""Send the e-mail reminders that are due: the day before and on the day. Run it from cron."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from guides.services.planner.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send due plan reminders, each exactly once. Safe to run every few minutes."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--now", help="Pretend it is this ISO time (for trials).")

    def handle(self, *args, batch_size: int, now: str | None, **options):
        moment = timezone.now()
        if now:
            try:
                moment = datetime.datetime.fromisoformat(now)
            except ValueError:
                raise CommandError("--now must be an ISO date and time.") from None
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, datetime.UTC)
        report = send_due_reminders(now=moment, batch_size=batch_size)
        self.stdout.write(
            f"checked {report.checked} plans, sent {report.sent} reminders, "
            f"{report.already_sent} already sent"
        )
