"""The Content editors group comes back after a flush with the permissions migrations gave it."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from guides.permissions import GROUP_NAME, make_content_editors_group

pytestmark = pytest.mark.django_db


def codenames(group: Group) -> set[str]:
    return set(group.permissions.values_list("codename", flat=True))


def test_the_group_made_again_has_what_the_migrations_gave_it():
    migrated = codenames(Group.objects.get(name=GROUP_NAME))
    assert "change_crisisresource" in migrated and "view_proposedchange" in migrated
    assert not any(name.endswith("_user") or name.endswith("_plan") for name in migrated)
    Group.objects.filter(name=GROUP_NAME).delete()
    make_content_editors_group(sender=None)
    assert codenames(Group.objects.get(name=GROUP_NAME)) == migrated


def test_a_group_staff_changed_is_left_as_they_set_it():
    group = Group.objects.get(name=GROUP_NAME)
    group.permissions.clear()
    make_content_editors_group(sender=None)
    assert codenames(group) == set()


@pytest.mark.django_db(transaction=True)
def test_a_flush_leaves_the_group_in_place():
    call_command("flush", interactive=False, verbosity=0)
    assert Group.objects.filter(name=GROUP_NAME).exists()
