"""Addresses of a person's own objects, from an address reversed once per language: reversing
one for each plan took a tenth of the list of plans' work, and about 40 of a checklist POST's
calls."""

import uuid

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

from guides.content_version import kept

_NO_ID = uuid.UUID(int=0)


def address_of(name: str, pk: uuid.UUID) -> str:
    """`reverse(name, args=[pk])` for a URL whose one argument is a UUID."""
    address = kept(
        ("address", name, get_language(), get_script_prefix()),
        lambda: reverse(name, args=[_NO_ID]),
    )
    return address.replace(str(_NO_ID), str(pk))
