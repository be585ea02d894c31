"""The "Content editors" group: it may edit the site's words and nothing that is personal."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_MODELS = ["guide", "section", "region", "crisisresource", "sitesettings"]


def grant_content_permissions(apps, model_names):
    # Permissions are normally made after all migrations; make them now so the group can have them.
    app_config = apps.get_app_config("guides")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Content editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="guides", content_type__model__in=model_names
        )
    )


def create_group(apps, schema_editor):
    grant_content_permissions(apps, CONTENT_MODELS)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Content editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
