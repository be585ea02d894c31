"""Make scheduled changes take effect: sections set to go live, a published section's new words,
and approved crisis-line changes whose time has come. Run it from cron, every few minutes."""

from django.core.management.base import BaseCommand

from guides.services.crisis.proposals import apply_scheduled
from guides.services.guide.schedule import apply_scheduled_words, publish_due_sections


class Command(BaseCommand):
    help = (
        "Publish the sections, apply the sections' new words and the approved crisis changes "
        "that are due."
    )

    def handle(self, *args, **options):
        sections = publish_due_sections()
        words, words_refused = apply_scheduled_words()
        applied, refused = apply_scheduled()
        for section in sections:
            self.stdout.write(f"published section: {section}")
        for scheduled in words:
            self.stdout.write(f"new words took effect: {scheduled.section}")
        for scheduled, why in words_refused:
            self.stderr.write(f"new words not applied: {scheduled.section}: {why}")
        for proposal in applied:
            self.stdout.write(f"applied approved change: {proposal.object_repr}")
        for proposal, why in refused:
            self.stderr.write(f"not applied: {proposal.object_repr}: {why}")
        self.stdout.write(
            f"{len(sections)} sections published, {len(words)} sections' new words applied, "
            f"{len(applied)} crisis changes applied, "
            f"{len(refused) + len(words_refused)} not applied"
        )
