"""Two people for what a person in crisis is offered: a change is proposed, and only a second
person's approval writes it (guides.models.base.OfferedInCrisis refuses any other write)."""

import datetime

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guides.models import (
    CrisisPhrase,
    CrisisResource,
    ProposedChange,
    Region,
    Statement,
    StatementGroup,
)
from guides.models.base import OfferedInCrisis, approved_write

APPROVE = "guides.approve_crisis_lines"


class ProposalRefused(Exception):
    """A proposal that cannot be approved (or made) as it stands; the message says why."""


def approvers():
    """Active staff who may approve changes to what people in crisis are offered."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__codename="approve_crisis_lines")
            | Q(groups__permissions__codename="approve_crisis_lines")
        )
        .distinct()
    )


def describe(proposal: ProposedChange) -> str:
    if proposal.action == ProposedChange.Action.DELETE:
        return _("delete %(what)s") % {"what": proposal.object_repr}
    return "; ".join(
        f"{label}: {before or '–'} → {after or '–'}" for label, before, after in proposal.changes()
    )


def what_readers_lose(obj) -> str:
    """In words, what readers lose if this is deleted ("" when they lose nothing)."""
    if not isinstance(obj, OfferedInCrisis) or not obj.is_shown_to_readers():
        return ""
    if isinstance(obj, Region):
        names = [str(line.name) for line in obj.resources.filter(is_retired=False)]
        return ngettext(
            "Readers in %(region)s lose %(count)d crisis line: %(names)s.",
            "Readers in %(region)s lose %(count)d crisis lines: %(names)s.",
            len(names),
        ) % {"region": obj.name, "count": len(names), "names": ", ".join(names)}
    if isinstance(obj, CrisisResource):
        return _("Readers in %(region)s lose a crisis line: %(name)s.") % {
            "region": obj.region.name,
            "name": obj.name,
        }
    if isinstance(obj, CrisisPhrase):
        if obj.kind == CrisisPhrase.Kind.MATCH:
            return _("Typing “%(text)s” would no longer bring the crisis lines.") % {
                "text": obj.text
            }
        return _("“%(text)s” would no longer keep a match from bringing the crisis lines.") % {
            "text": obj.text
        }
    if isinstance(obj, Statement):
        return _("Ticking “%(text)s” would no longer open the crisis route.") % {"text": obj.text}
    if isinstance(obj, StatementGroup):
        return _("The checklist loses its crisis statement, in “%(title)s”.") % {"title": obj.title}
    return ""


def stored_state(obj: OfferedInCrisis) -> dict:
    """The guarded fields as the database holds them now ({} for a row not saved)."""
    stored = type(obj)._base_manager.filter(pk=obj.pk).first() if obj.pk else None
    return stored.guarded_state() if stored is not None else {}


@transaction.atomic
def propose_change(
    obj: OfferedInCrisis,
    *,
    details: dict,
    reason: str,
    user=None,
    action: str = ProposedChange.Action.CHANGE,
) -> ProposedChange:
    """Propose new values for an object's guarded fields (by attname), or its deletion. A
    pending proposal for the same object is replaced. Approvers are told by e-mail."""
    reason = (reason or "").strip()
    if not reason:
        raise ProposalRefused(_("Say why, so the person who approves it can check it."))
    content_type = ContentType.objects.get_for_model(obj)
    ProposedChange.objects.pending().filter(content_type=content_type, object_id=obj.pk).update(
        status=ProposedChange.Status.REPLACED, decided_at=timezone.now()
    )
    proposal = ProposedChange.objects.create(
        content_type=content_type,
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        action=action,
        details=details,
        previous=stored_state(obj),
        reason=reason[:300],
        proposed_by=user,
    )
    transaction.on_commit(lambda: tell_approvers(proposal))
    return proposal


def tell_approvers(proposal: ProposedChange) -> None:
    recipients = [
        email
        for email in approvers()
        .exclude(pk=proposal.proposed_by_id or 0)
        .values_list("email", flat=True)
        if email
    ]
    if not recipients:
        return
    url = settings.SITE_URL + reverse("admin:guides_proposedchange_change", args=[proposal.pk])
    send_mail(
        subject=_("First Step: a change to crisis help waits for your approval"),
        message=_(
            "%(who)s proposed: %(what)s: %(changes)s\nReason: %(reason)s\n\n"
            "Check it against the service’s own page, then approve or reject it:\n%(url)s\n"
        )
        % {
            "who": proposal.proposed_by or _("The content files"),
            "what": proposal.object_repr,
            "changes": describe(proposal),
            "reason": proposal.reason,
            "url": url,
        },
        from_email=None,
        recipient_list=recipients,
    )


def may_approve(proposal: ProposedChange, user, *, alone: bool = False) -> bool:
    if not user.has_perm(APPROVE):
        return False
    return proposal.proposed_by_id != user.pk or (alone and user.is_superuser)


@transaction.atomic
def approve_proposal(
    proposal: ProposedChange,
    user,
    *,
    alone: bool = False,
    takes_effect_at: datetime.datetime | None = None,
) -> None:
    """Write what was proposed, if the object is still as it was when proposed. A line's
    "last checked" becomes today: the approver checked it. Approved to take effect later
    (takes_effect_at, or the proposal's own), it waits as SCHEDULED: publish_scheduled writes it
    when the time comes."""
    proposal = ProposedChange.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposedChange.Status.PENDING:
        raise ProposalRefused(_("This proposal is no longer waiting for approval."))
    if not may_approve(proposal, user, alone=alone):
        raise ProposalRefused(_("Another person must approve this change."))
    obj = still_as_proposed(proposal)
    if takes_effect_at is not None:
        proposal.takes_effect_at = takes_effect_at
    proposal.decided_by, proposal.decided_at = user, timezone.now()
    if proposal.takes_effect_at is not None and proposal.takes_effect_at > timezone.now():
        proposal.status = ProposedChange.Status.SCHEDULED
        proposal.save()
        return
    _write(proposal, obj, user)
    proposal.status = ProposedChange.Status.APPROVED
    proposal.save()


def still_as_proposed(proposal: ProposedChange):
    """The object, if it is still as it was when the proposal was made."""
    obj = proposal.target()
    now_state = obj.guarded_state() if obj is not None else {}
    if obj is None or any(now_state.get(k) != v for k, v in proposal.previous.items()):
        raise ProposalRefused(
            _(
                "What this proposal starts from is no longer true: someone changed it since. "
                "Reject it, and propose the change again."
            )
        )
    return obj


def _write(proposal: ProposedChange, obj, user) -> None:
    """What a second person approved, written (the only write that may change what a person in
    crisis is offered)."""
    with reversion.create_revision(), approved_write():
        reversion.set_user(user)
        reversion.set_comment(
            _(
                "Approved the change proposed by %(who)s on %(when)s: %(changes)s. "
                "Reason: %(reason)s"
            )
            % {
                "who": proposal.proposed_by or _("the content files"),
                "when": proposal.proposed_at.strftime("%d %b %Y %H:%M"),
                "changes": describe(proposal),
                "reason": proposal.reason,
            }
        )
        if proposal.action == ProposedChange.Action.DELETE:
            obj.delete()
        else:
            for attname, value in proposal.details.items():
                setattr(obj, attname, value)
            if isinstance(obj, CrisisResource):
                obj.last_checked = timezone.localdate()
            obj.full_clean()
            obj.save()  # readers see it at once: the content version moves


def apply_scheduled(now: datetime.datetime | None = None) -> tuple[list, list]:
    """Write each approved change whose time has come, through the same approval path. One
    whose object changed since it was approved is not written: it is marked replaced, and
    returned in the second list, with why."""
    now = now or timezone.now()
    applied, refused = [], []
    due = ProposedChange.objects.filter(
        status=ProposedChange.Status.SCHEDULED, takes_effect_at__lte=now
    ).order_by("takes_effect_at", "pk")
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            proposal = ProposedChange.objects.select_for_update().get(pk=pk)
            if proposal.status != ProposedChange.Status.SCHEDULED:
                continue
            try:
                obj = still_as_proposed(proposal)
            except ProposalRefused as refusal:
                proposal.status = ProposedChange.Status.REPLACED
                proposal.save(update_fields=["status"])
                refused.append((proposal, str(refusal)))
                continue
            _write(proposal, obj, proposal.decided_by)
            proposal.status = ProposedChange.Status.APPROVED
            proposal.save(update_fields=["status"])
            applied.append(proposal)
    return applied, refused


@transaction.atomic
def reject_proposal(proposal: ProposedChange, user) -> None:
    proposal = ProposedChange.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposedChange.Status.PENDING:
        raise ProposalRefused(_("This proposal is no longer waiting for approval."))
    proposal.status = ProposedChange.Status.REJECTED
    proposal.decided_by, proposal.decided_at = user, timezone.now()
    proposal.save()
    obj = proposal.target()
    if obj is not None and reversion.is_registered(type(obj)):
        with reversion.create_revision():  # so the rejection shows in the object's history
            reversion.set_user(user)
            reversion.set_comment(
                _("Rejected the change proposed by %(who)s: %(changes)s")
                % {"who": proposal.proposed_by or _("someone"), "changes": describe(proposal)}
            )
            reversion.add_to_revision(obj)


@transaction.atomic
def mark_checked(resource: CrisisResource, user, *, today: datetime.date | None = None) -> None:
    """An approver checked the line against its source today, and nothing changed."""
    if not user.has_perm(APPROVE):
        raise ProposalRefused(_("Only staff who approve changes to crisis lines can mark it."))
    with reversion.create_revision(), approved_write():
        reversion.set_user(user)
        reversion.set_comment(_("Checked against its source: nothing changed."))
        resource.last_checked = today or timezone.localdate()
        resource.save(update_fields=["last_checked"])
