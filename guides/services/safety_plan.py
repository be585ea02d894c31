"""Saving a person's safety plan step by step, its share link, and the second person's approval
of the making-safer words."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion import create_revision, set_comment, set_user

from guides.helpers.owners import Owner
from guides.models import SaferWordsChange, SafetyPlan, SafetyPlanShare, SafetyPlanStep, User
from guides.services.insight import counts


def _seen(plan: SafetyPlan, step: str) -> None:
    if step not in plan.steps_seen:
        plan.steps_seen = [*plan.steps_seen, step]


def safety_plan_save_step(
    *, owner: Owner, plan: SafetyPlan | None, step: str, fields: dict
) -> SafetyPlan:
    """Save one step's words (or an empty step, when skipped): the first save makes the plan,
    which is counted as made; a later week's change is counted as an update."""
    if plan is None:
        try:
            with transaction.atomic():
                plan = SafetyPlan(**owner.fields(), **fields, language=counts.current_language())
                _seen(plan, step)
                plan.save(force_insert=True)
                counts.safety_plan_made(plan).save()
                return plan
        except IntegrityError:
            # The same person's other tab made it first: save this step onto theirs.
            existing = owner.filter(SafetyPlan.objects.all()).first()
            if existing is None:
                raise
            plan = existing
    with transaction.atomic():
        last_saved = plan.updated_at
        changed = any(getattr(plan, name) != value for name, value in fields.items())
        for name, value in fields.items():
            setattr(plan, name, value)
        _seen(plan, step)
        plan.save()
        if changed:
            counts.safety_plan_updated(plan, last_saved=last_saved).save()
    return plan


@transaction.atomic
def safety_plan_share(*, plan: SafetyPlan) -> SafetyPlanShare:
    """A new link for the one person the owner trusts: any link before it stops working."""
    safety_plan_share_revoke(plan=plan)
    return SafetyPlanShare.objects.create(plan=plan)


def safety_plan_share_revoke(*, plan: SafetyPlan) -> int:
    return plan.share_links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def claim_safety_plan(*, user: User, session_key: str | None) -> tuple[int, bool]:
    """Move the plan made before logging in onto the account: (plans claimed, whether the
    account now has a plan). A person has one plan: if the account has one too, the one saved
    most recently is kept, and the other deleted."""
    own = SafetyPlan.objects.filter(user=user).first()
    anonymous = (
        SafetyPlan.objects.filter(user__isnull=True, session_key=session_key).first()
        if session_key
        else None
    )
    if anonymous is None:
        return 0, own is not None
    if own is not None:
        if own.updated_at >= anonymous.updated_at:
            anonymous.delete()
            return 0, True
        own.delete()
    SafetyPlan.objects.filter(pk=anonymous.pk).update(user=user, session_key=None)
    return 1, True


# The making-safer words: two people ---------------------------------------------------------


def propose_safer_words(
    *, step: SafetyPlanStep, language: str, words: str, user, reason: str = ""
) -> SaferWordsChange:
    return SaferWordsChange.objects.create(
        step=step,
        language=language,
        words=words,
        previous=getattr(step, f"safer_words_{language}", "") or "",
        reason=reason,
        proposed_by=user,
    )


class SameProposer(PermissionError):
    """Whoever proposed a change cannot also approve it."""


@transaction.atomic
def approve_safer_words(*, change: SaferWordsChange, user) -> None:
    if change.proposed_by_id == user.pk:
        raise SameProposer(_("A second person must approve this change."))
    step = change.step
    setattr(step, f"safer_words_{change.language}", change.words)
    step._safer_words_approved = True
    with create_revision():
        set_user(user)
        set_comment(
            _("Approved the making-safer words proposed by %(who)s")
            % {"who": change.proposed_by or _("someone")}
        )
        step.save()
        change.status = SaferWordsChange.Status.APPROVED
        change.decided_by, change.decided_at = user, timezone.now()
        change.save()


@transaction.atomic
def reject_safer_words(*, change: SaferWordsChange, user) -> None:
    change.status = SaferWordsChange.Status.REJECTED
    change.decided_by, change.decided_at = user, timezone.now()
    change.save()
