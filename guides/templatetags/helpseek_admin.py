"""Template tags of the admin."""

from django import template

from guides.models import ProposedChange

register = template.Library()


@register.simple_tag
def pending_crisis_changes() -> int:
    return ProposedChange.objects.pending().count()
