"""The data of First Step, one module for each part of the site."""

from .accounts import ReadingProgress, User
from .checklist import ChecklistResult, ChecklistSummary, Statement, StatementGroup
from .choices import Barrier, ContactKind, ContactMethod
from .content import CrisisResource, Guide, Region, Section, SiteSettings

__all__ = [
    "Barrier",
    "ChecklistResult",
    "ChecklistSummary",
    "ContactKind",
    "ContactMethod",
    "CrisisResource",
    "Guide",
    "ReadingProgress",
    "Region",
    "Section",
    "SiteSettings",
    "Statement",
    "StatementGroup",
    "User",
]
