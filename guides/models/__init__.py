"""The data of First Step, one module for each part of the site."""

from .accounts import ReadingProgress, User
from .content import CrisisResource, Guide, Region, Section, SiteSettings

__all__ = [
    "CrisisResource",
    "Guide",
    "ReadingProgress",
    "Region",
    "Section",
    "SiteSettings",
    "User",
]
