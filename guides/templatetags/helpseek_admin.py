"""Template tags of the admin."""

from django import template

from guides.models import ProposedChange
from guides.services.crisis.proposals import APPROVE, approvers

register = template.Library()


@register.simple_tag(takes_context=True)
def pending_crisis_changes(context) -> dict:
    """How many changes wait for a second person; for staff who cannot approve, who can."""
    count = ProposedChange.objects.pending().count()
    user = context["request"].user
    may_act = user.has_perm(APPROVE)
    who = [] if may_act or not count else [str(person) for person in approvers()[:5]]
    return {"count": count, "may_act": may_act, "who": who}
