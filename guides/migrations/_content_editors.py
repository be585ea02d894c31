"""Shared by the migrations that give the Content editors group its permissions.

The migration loader skips modules whose names start with an underscore.
"""

from django.contrib.auth.management import create_permissions

GROUP_NAME = "Content editors"


def grant_content_permissions(apps, model_names: list[str]) -> None:
    # Permissions are normally made after all migrations; make them now so the group can have them.
    app_config = apps.get_app_config("guides")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="guides", content_type__model__in=model_names
        )
    )
