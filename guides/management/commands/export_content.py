"""Write the guide as staff left it in the database back to content/, for version control."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from guides.services.content_loading import export_content


class Command(BaseCommand):
    help = "Export every guide and section to Markdown files under content/guides/."

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=settings.BASE_DIR / "content")

    def handle(self, *args, path: Path, **options):
        written = export_content(path)
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(written)} files under {path}."))
