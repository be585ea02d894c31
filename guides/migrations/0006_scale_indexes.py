"""Indexes the per-person pages and the reminders run really use (tests/scale/test_indexes.py).

Drop the single-column user indexes of plans and checklist results: plan_user_due (user_id,
due_at) and result_user_created (user_id, created_at) start with user_id and serve every lookup by
user, so these only cost space and writes, and took the planner's choice from the indexes meant
for the plan list and the history. Only the indexes go: the foreign keys stay as they are, so
nothing is rewritten or re-checked.

plan_reminders_due keeps only remind=True as its condition: SQLite never used it, since it cannot
match the query's bound status IN (%s, %s) to the index's status list.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Django's names for them, the same on PostgreSQL and SQLite.
INDEXES = {
    "guides_plan": "guides_plan_user_id_4ba68f7b",
    "guides_checklistresult": "guides_checklistresult_user_id_d629515f",
}


class Migration(migrations.Migration):

    dependencies = [
        ("guides", "0005_planner_and_sessions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql=f'DROP INDEX IF EXISTS "{index}"',
                    reverse_sql=f'CREATE INDEX "{index}" ON "{table}" ("user_id")',
                )
                for table, index in INDEXES.items()
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="checklistresult",
                    name="user",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="results",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="plan",
                    name="user",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="plans",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.RemoveIndex(model_name="plan", name="plan_reminders_due"),
        migrations.AddIndex(
            model_name="plan",
            index=models.Index(
                condition=models.Q(("remind", True)), fields=["due_at"], name="plan_reminders_due"
            ),
        ),
    ]
