"""The guide part's changes at a date and time: an unpublished section going live at its
"publish at", and new words for a published section taking effect (manage.py publish_scheduled).
Readers keep what they see until then; public pages never read the schedule."""

import datetime

import reversion
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guides.models import ScheduledSectionWords, Section


def publish_due_sections(now: datetime.datetime | None = None) -> list:
    """Publish each unpublished section whose publish_at has come (one version each, in its
    history)."""
    now = now or timezone.now()
    published = []
    for section in Section.objects.filter(is_published=False, publish_at__lte=now):
        with transaction.atomic(), reversion.create_revision():
            reversion.set_comment(
                _("Published as scheduled for %(when)s.")
                % {"when": timezone.localtime(section.publish_at).strftime("%d %b %Y %H:%M")}
            )
            section.is_published = True
            section.publish_at = None
            section.save()
        published.append(section)
    return published


def section_word_fields() -> list[str]:
    """Each of a section's words, in each language (title_en, title_es, body_en, …)."""
    return [f"{name}_{code}" for name in Section.WORDS for code, _name in settings.LANGUAGES]


def waiting_words(section):
    """The new words waiting to take effect for this section (None when none wait)."""
    return (
        ScheduledSectionWords.objects.filter(
            section=section, status=ScheduledSectionWords.Status.SCHEDULED
        )
        .select_related("scheduled_by")
        .first()
    )


@transaction.atomic
def schedule_section_words(section, words: dict, *, when: datetime.datetime, user, reason=""):
    """Keep these words (field name with its language: new value) for the section, to take
    effect at `when`. Words already waiting for it are replaced."""
    stored = type(section).objects.get(pk=section.pk)
    ScheduledSectionWords.objects.filter(
        section=section, status=ScheduledSectionWords.Status.SCHEDULED
    ).update(status=ScheduledSectionWords.Status.REPLACED)
    return ScheduledSectionWords.objects.create(
        section=section,
        words=words,
        previous={name: getattr(stored, name) or "" for name in words},
        takes_effect_at=when,
        reason=(reason or "")[:200],
        scheduled_by=user,
    )


def cancel_section_words(section) -> bool:
    """Drop the words waiting for this section; False when none waited."""
    return bool(
        ScheduledSectionWords.objects.filter(
            section=section, status=ScheduledSectionWords.Status.SCHEDULED
        ).update(status=ScheduledSectionWords.Status.CANCELLED)
    )


def with_words(section, scheduled):
    """The section with the scheduled words on it (not saved)."""
    for name, value in scheduled.words.items():
        setattr(section, name, value)
    return section


def apply_scheduled_words(now: datetime.datetime | None = None) -> tuple[list, list]:
    """Write each section's scheduled words whose time has come: one version each in its
    history, by who scheduled them, with their reason. Words that someone changed since they were
    scheduled are not overwritten: that schedule is returned in the second list, with why."""
    now = now or timezone.now()
    applied, refused = [], []
    due = ScheduledSectionWords.objects.filter(
        status=ScheduledSectionWords.Status.SCHEDULED, takes_effect_at__lte=now
    )
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            scheduled = ScheduledSectionWords.objects.select_for_update().get(pk=pk)
            if scheduled.status != ScheduledSectionWords.Status.SCHEDULED:
                continue
            section = Section.objects.select_for_update().get(pk=scheduled.section_id)
            changed_since = [
                name
                for name, before in scheduled.previous.items()
                if (getattr(section, name) or "") != before
            ]
            if changed_since:
                scheduled.status = ScheduledSectionWords.Status.NOT_APPLIED
                scheduled.save(update_fields=["status"])
                refused.append(
                    (
                        scheduled,
                        _("someone changed %(fields)s since the new words were scheduled")
                        % {"fields": ", ".join(changed_since)},
                    )
                )
                continue
            with reversion.create_revision():
                reversion.set_user(scheduled.scheduled_by)
                comment = _("New words took effect as scheduled for %(when)s.") % {
                    "when": timezone.localtime(scheduled.takes_effect_at).strftime("%d %b %Y %H:%M")
                }
                if scheduled.reason:
                    comment += f" {_('Reason:')} {scheduled.reason}"
                reversion.set_comment(comment)
                with_words(section, scheduled).save()  # readers get them: the version moves
            scheduled.status = ScheduledSectionWords.Status.APPLIED
            scheduled.save(update_fields=["status"])
            applied.append(scheduled)
    return applied, refused
