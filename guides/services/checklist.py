"""Saving a person's checklist answers."""

from django.db import transaction

from guides.helpers.owners import Owner
from guides.models import ChecklistResult, Statement, StatementGroup
from guides.services.insight import counts


@transaction.atomic
def checklist_result_create(*, owner: Owner, statements: list[Statement]) -> ChecklistResult:
    """Save one set of answers, all of it or nothing."""
    kinds = [statement.group.kind for statement in statements]
    result = ChecklistResult.objects.create(
        **owner.fields(),
        signs_count=kinds.count(StatementGroup.Kind.SIGNS),
        readiness_count=kinds.count(StatementGroup.Kind.READINESS),
    )
    # A new result has no ticks yet: insert them at once, without the read (and savepoint) that
    # `set` makes to find which are there already.
    tick = ChecklistResult.statements.through
    tick.objects.bulk_create(tick(checklistresult=result, statement=s) for s in statements)
    counts.checklist_sent(crisis=any(s.is_crisis for s in statements)).save()
    return result
