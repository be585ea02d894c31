from django.db import migrations

from guides.migrations._content_editors import grant_content_permissions

MODELS = ["contactkind", "contactmethod", "barrier", "statementgroup", "statement"]


def grant(apps, schema_editor):
    grant_content_permissions(apps, MODELS)


class Migration(migrations.Migration):
    dependencies = [("guides", "0003_checklist_and_choices")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
