"""Delete anonymous sessions, answers and plans nobody has used for a while. Run it from cron."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from guides.services.accounts.data import purge_stale_anonymous_data


class Command(BaseCommand):
    help = "Delete anonymous data idle for --days (default: the session lifetime, 90 days)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.SESSION_COOKIE_AGE // 86400)

    def handle(self, *args, days: int, **options):
        report = purge_stale_anonymous_data(now=timezone.now(), days=days)
        self.stdout.write(
            f"deleted {report.sessions} sessions, {report.results} checklist results"
            f", {report.plans} plans and {report.safety_plans} safety plans"
        )
