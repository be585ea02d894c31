"""Saving answers (guides.services.checklist): the result, its ticks and the week's count are
saved together or not at all, on PostgreSQL as one statement and on SQLite in one transaction."""

import pytest
from django.db import IntegrityError, transaction

from guides.helpers.owners import Owner
from guides.models import ChecklistResult, Statement, WeeklyCount
from guides.services.checklist import checklist_result_create

pytestmark = pytest.mark.django_db


def test_answers_saved_whole_with_the_weeks_count(content):
    statements = list(Statement.objects.active()[:3])
    result = checklist_result_create(owner=Owner(session_key="a" * 32), statements=statements)
    saved = ChecklistResult.objects.get()
    assert saved.pk == result.pk and saved.session_key == "a" * 32
    assert set(saved.statements.all()) == set(statements)
    assert WeeklyCount.objects.get(metric="checklist").count == 1


def test_answers_that_cannot_all_be_saved_leave_nothing(content):
    statement = Statement.objects.active().first()
    # The same tick twice breaks the ticks' unique pair after the result's row is written.
    with pytest.raises(IntegrityError), transaction.atomic():
        checklist_result_create(owner=Owner(session_key="a" * 32), statements=[statement] * 2)
    assert not ChecklistResult.objects.exists()
    assert not WeeklyCount.objects.exists()
