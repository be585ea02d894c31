"""Forms: they validate and clean, and nothing else. One module per part of the site."""

from .accounts import DeleteAccountForm, PersonChangeForm, SignupForm, ThrottledLoginForm
from .checklist import ChecklistForm
from .planner import (
    STEP_FORMS,
    STEPS,
    ChoiceOfRow,
    ChoicesOfRows,
    HowForm,
    OutcomeForm,
    PlanSaveForm,
    PlanStepForm,
    RescheduleForm,
    ShareForm,
    SupportForm,
    WhatForm,
    WhenForm,
    WhoForm,
    draft_of_plan,
    known_time_zones,
)

__all__ = [
    "STEP_FORMS",
    "STEPS",
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
    "draft_of_plan",
    "known_time_zones",
]
