"""Writes that touch several rows or a person's data, one module per part of the site.

Views, the admin and commands call these, by the names below.
"""

from guides.content_version import content_changed  # what readers see changed

from .accounts import (
    ClaimReport,
    claim_anonymous_data,
    delete_account,
    send_email_check,
    sign_up,
)
from .checklist import checklist_result_create
from .counts import RebuildReport, rebuild_counts
from .data import (
    PurgeReport,
    export_person_data,
    forget_anonymous_data,
    purge_stale_anonymous_data,
)
from .planner import (
    PlanAnswers,
    plan_create,
    plan_record_outcome,
    plan_reschedule,
    plan_update,
)
from .reading import (
    READ_COOKIE,
    READ_COOKIE_MAX_AGE,
    READ_COOKIE_MAX_IDS,
    format_read_cookie,
    mark_section_read,
    parse_read_cookie,
    read_section_ids,
)
from .reminders import ReminderReport, reminder_kind_for, send_due_reminders
from .safety_plan import (
    approve_safer_words,
    claim_safety_plan,
    propose_safer_words,
    reject_safer_words,
    safety_plan_save_step,
    safety_plan_share,
    safety_plan_share_revoke,
)

__all__ = [
    "ClaimReport",
    "PlanAnswers",
    "PurgeReport",
    "RebuildReport",
    "READ_COOKIE",
    "READ_COOKIE_MAX_AGE",
    "READ_COOKIE_MAX_IDS",
    "ReminderReport",
    "approve_safer_words",
    "claim_safety_plan",
    "propose_safer_words",
    "reject_safer_words",
    "safety_plan_save_step",
    "safety_plan_share",
    "safety_plan_share_revoke",
    "checklist_result_create",
    "claim_anonymous_data",
    "content_changed",
    "delete_account",
    "export_person_data",
    "forget_anonymous_data",
    "format_read_cookie",
    "mark_section_read",
    "parse_read_cookie",
    "plan_create",
    "plan_record_outcome",
    "plan_reschedule",
    "plan_update",
    "purge_stale_anonymous_data",
    "read_section_ids",
    "rebuild_counts",
    "reminder_kind_for",
    "send_due_reminders",
    "send_email_check",
    "sign_up",
]
