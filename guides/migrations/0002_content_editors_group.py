"""The "Content editors" group: it may edit the site's words and nothing that is personal."""

from django.db import migrations

from guides.migrations._content_editors import GROUP_NAME, grant_content_permissions

CONTENT_MODELS = ["guide", "section", "region", "crisisresource", "sitesettings"]


def create_group(apps, schema_editor):
    grant_content_permissions(apps, CONTENT_MODELS)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
