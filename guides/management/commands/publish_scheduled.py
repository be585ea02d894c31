"""Make scheduled changes take effect: sections set to go live, and approved crisis-line changes
whose time has come. Run it from cron, every few minutes."""

from django.core.management.base import BaseCommand

from guides.services.crisis.proposals import apply_scheduled, publish_due_sections


class Command(BaseCommand):
    help = "Publish the sections and apply the approved crisis changes that are due."

    def handle(self, *args, **options):
        sections = publish_due_sections()
        applied, refused = apply_scheduled()
        for section in sections:
            self.stdout.write(f"published section: {section}")
        for proposal in applied:
            self.stdout.write(f"applied approved change: {proposal.object_repr}")
        for proposal, why in refused:
            self.stderr.write(f"not applied: {proposal.object_repr}: {why}")
        self.stdout.write(
            f"{len(sections)} sections published, {len(applied)} crisis changes applied, "
            f"{len(refused)} not applied"
        )
