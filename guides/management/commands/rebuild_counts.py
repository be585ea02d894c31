"""Work out the weekly counts again from the rows that exist: for a fresh install or after a fix."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from guides.services.insight.counts import rebuild_counts


class Command(BaseCommand):
    help = (
        "Replace the weekly counts the rows can tell (checklists, plans, their deadlines and "
        "answers, kinds of help, barriers, reminders, sign-ups) with what the rows that exist "
        "say. Rows purge_stale or an account deletion removed are gone: rebuilding their weeks "
        "lowers those counts, so give --since for a fix. When each answer was given is not "
        "kept, so those counts are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="Only weeks from this date's (YYYY-MM-DD) on.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would change.")

    def handle(self, *args, since: str | None, dry_run: bool, **options):
        start = None
        if since:
            try:
                start = datetime.date.fromisoformat(since)
            except ValueError:
                raise CommandError("--since must be a date: YYYY-MM-DD.") from None
        report = rebuild_counts(since=start, dry_run=dry_run)
        changed = report.changed
        for metric, before, after in changed:
            self.stdout.write(f"{metric}: {before} -> {after}")
        verb = "would change" if dry_run else "changed"
        self.stdout.write(f"{len(changed) or 'no'} metric totals {verb}.")
