"""The "Content editors" group: it may edit the site's words and nothing that is personal.

Migrations made it and gave it each new content model's permissions as the models came. A flush
(browser tests, `manage.py flush`) empties the auth tables, so after any migrate or flush the group
is made again here if it is missing, with those same permissions. A group that exists is left as
staff set it.
"""

from django.contrib.auth.models import Group, Permission

GROUP_NAME = "Content editors"
CONTENT_MODELS = [
    "guide",
    "section",
    "region",
    "crisisresource",
    "sitesettings",
    "contactkind",
    "contactmethod",
    "barrier",
    "statementgroup",
    "statement",
    "safewording",
    "crisisphrase",
]
ALSO = ["view_proposedchange"]
# Approving a change to what a crisis line dials is given person by person (the two-person rule).
NOT_BY_DEFAULT = ["approve_crisis_lines"]


def make_content_editors_group(sender, using="default", **kwargs) -> None:
    if Group.objects.using(using).filter(name=GROUP_NAME).exists():
        return
    group = Group.objects.using(using).create(name=GROUP_NAME)
    permissions = Permission.objects.using(using).filter(content_type__app_label="guides")
    group.permissions.add(
        *permissions.filter(content_type__model__in=CONTENT_MODELS).exclude(
            codename__in=NOT_BY_DEFAULT
        ),
        *permissions.filter(codename__in=ALSO),
    )
