"""Forms: they validate and clean, and nothing else. One module per part of the site."""

from .accounts import DeleteAccountForm, PersonChangeForm, SignupForm, ThrottledLoginForm
from .checklist import ChecklistForm
from .planner import (
    PLAN_FIELDS_BY_STEP,
    STEP_FORMS,
    STEPS,
    ChoiceOfRow,
    ChoicesOfRows,
    HowForm,
    OutcomeForm,
    PlanDraft,
    PlanSaveForm,
    PlanStepForm,
    RescheduleForm,
    ShareForm,
    SupportForm,
    WhatForm,
    WhenForm,
    WhoForm,
    known_time_zones,
)

__all__ = [
    "PLAN_FIELDS_BY_STEP",
    "STEP_FORMS",
    "STEPS",
    "PlanDraft",
    "ChecklistForm",
    "ChoiceOfRow",
    "ChoicesOfRows",
    "DeleteAccountForm",
    "HowForm",
    "OutcomeForm",
    "PersonChangeForm",
    "PlanSaveForm",
    "PlanStepForm",
    "RescheduleForm",
    "ShareForm",
    "SignupForm",
    "SupportForm",
    "ThrottledLoginForm",
    "WhatForm",
    "WhenForm",
    "WhoForm",
    "known_time_zones",
]
