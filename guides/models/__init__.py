"""The data of First Step, one module for each part of the site."""

from .accounts import ReadingProgress, Session, User
from .checklist import ChecklistResult, ChecklistSummary, Statement, StatementGroup
from .choices import Barrier, ContactKind, ContactMethod
from .content_loading import LoadedContentKey
from .crisis import CrisisPhrase, CrisisResource, ProposedChange, Region
from .guide import (
    Guide,
    OldSectionAddress,
    SafeWording,
    ScheduledSectionWords,
    Section,
    SiteSettings,
)
from .insight import WeeklyCount
from .planner import Plan, PlanBarrier, Reminder, ShareLink
from .safety_plan import SaferWordsChange, SafetyPlan, SafetyPlanShare, SafetyPlanStep

__all__ = [
    "Barrier",
    "ChecklistResult",
    "ChecklistSummary",
    "ContactKind",
    "ContactMethod",
    "CrisisPhrase",
    "CrisisResource",
    "Guide",
    "LoadedContentKey",
    "OldSectionAddress",
    "Plan",
    "ProposedChange",
    "PlanBarrier",
    "ReadingProgress",
    "Region",
    "SaferWordsChange",
    "SafetyPlan",
    "SafetyPlanShare",
    "SafetyPlanStep",
    "SafeWording",
    "ScheduledSectionWords",
    "Reminder",
    "Section",
    "Session",
    "ShareLink",
    "SiteSettings",
    "Statement",
    "StatementGroup",
    "User",
    "WeeklyCount",
]
