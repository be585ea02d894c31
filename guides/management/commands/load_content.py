"""Load content/ into the database; safe to run again and again."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from guides.services.content_loading import ContentError, load_content


class Command(BaseCommand):
    help = "Load the guide and the default choices from content/ into the database."

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=settings.BASE_DIR / "content")
        parser.add_argument(
            "--force", action="store_true", help="Overwrite sections that staff edited."
        )

    def handle(self, *args, path: Path, force: bool, **options):
        try:
            report = load_content(path, force=force)
        except ContentError as error:
            raise CommandError(
                "Nothing was changed. Fix these files first:\n" + "\n".join(error.problems)
            ) from None
        for label in report.created:
            self.stdout.write(f"created  {label}")
        for label in report.updated:
            self.stdout.write(f"updated  {label}")
        for label in report.skipped:
            self.stdout.write(
                self.style.WARNING(f"skipped  {label} (edited by staff; --force to overwrite)")
            )
        if report.defaults_created:
            self.stdout.write(f"created {len(report.defaults_created)} default choices")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped."
            )
        )
