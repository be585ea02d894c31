"""The safety plan's steps: what each asks and suggests, in each language, with history and
review dates. New making-safer words reach readers only once a second person approves them."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guides.models import SaferWordsChange, SafetyPlanStep
from guides.services.guide.content_checks import check_safety_plan_step
from guides.services.safety_plan import (
    SameProposer,
    approve_safer_words,
    propose_safer_words,
    reject_safer_words,
)

from .base import LANGUAGE_SUFFIXES, ReasonForm, SaveAnywayForm, TranslatedContentAdmin

APPROVE = "guides.approve_safer_words"


class SafetyPlanStepForm(SaveAnywayForm, ReasonForm):
    """A step's words are checked before they are saved: a warning asks "Save anyway?"."""

    def clean(self):
        cleaned = super().clean() or {}
        self.ask_save_anyway(check_safety_plan_step(self.typed()).warnings)
        return cleaned


@admin.register(SafetyPlanStep)
class SafetyPlanStepAdmin(TranslatedContentAdmin):
    form = SafetyPlanStepForm
    list_display = ["title", "order", "last_reviewed", "next_review_due", "pending"]
    ordering = ["order"]
    readonly_fields = ["slug", "next_review_due"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("safer_words_changes")

    def has_add_permission(self, request):
        return False  # seven steps, from content/safety_plan.yaml

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("waiting for approval"))
    def pending(self, step: SafetyPlanStep) -> str:
        count = sum(
            1
            for change in step.safer_words_changes.all()
            if change.status == SaferWordsChange.Status.PENDING
        )
        return str(count) if count else ""

    def save_model(self, request, obj, form, change):
        stored = SafetyPlanStep.objects.get(pk=obj.pk) if change else None
        changed = [
            f"safer_words{suffix}"
            for suffix in LANGUAGE_SUFFIXES
            if suffix
            and stored is not None
            and (getattr(obj, f"safer_words{suffix}") or "").strip()
            != (getattr(stored, f"safer_words{suffix}") or "").strip()
        ]
        if stored is not None and changed:
            for name in changed:
                propose_safer_words(
                    step=obj,
                    language=name.rsplit("_", 1)[1],
                    words=getattr(obj, name) or "",
                    user=request.user,
                    reason=form.cleaned_data.get("change_reason", ""),
                )
                setattr(obj, name, getattr(stored, name))
            request.revision_note = _(
                "Proposed new making-safer words: waiting for another person to approve them."
            )
            messages.warning(
                request,
                _(
                    "Readers still see the making-safer words as they were. The new words wait "
                    "for another staff member to approve them."
                ),
            )
        super().save_model(request, obj, form, change)


@admin.register(SaferWordsChange)
class SaferWordsChangeAdmin(admin.ModelAdmin):
    list_display = ["step", "language", "status", "proposed_by", "proposed_at", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["step", "proposed_by", "decided_by"]
    readonly_fields = [
        "step",
        "language",
        "previous",
        "words",
        "reason",
        "status",
        "proposed_by",
        "proposed_at",
        "decided_by",
        "decided_at",
    ]
    fields = [*readonly_fields]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False  # made by saving a step's words

    def has_delete_permission(self, request, obj=None):
        return False  # the record of who proposed and who decided stays

    def _decide(self, request, queryset, decide, done: str) -> None:
        if not request.user.has_perm(APPROVE):
            raise PermissionDenied
        for change in queryset.filter(status=SaferWordsChange.Status.PENDING):
            try:
                decide(change=change, user=request.user)
            except SameProposer:
                self.message_user(
                    request,
                    _("You proposed “%(step)s”: another person must decide on it.")
                    % {"step": change.step},
                    messages.ERROR,
                )
                continue
            self.message_user(request, done % {"step": change.step}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Approve: readers see the new words"))
    def approve(self, request, queryset):
        self._decide(request, queryset, approve_safer_words, _("Approved: %(step)s."))

    @admin.action(description=gettext_lazy("Reject: nothing changes for readers"))
    def reject(self, request, queryset):
        self._decide(request, queryset, _reject, _("Rejected: %(step)s."))


def _reject(*, change: SaferWordsChange, user) -> None:
    if change.proposed_by_id == user.pk:
        raise SameProposer
    reject_safer_words(change=change, user=user)
