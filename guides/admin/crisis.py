"""What a person in crisis is offered (lines, regions, crisis phrases): every change waits for a
second person (guides.services.crisis.proposals), whatever admin page or action it comes from."""

import datetime

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guides.models import CrisisPhrase, CrisisResource, ProposedChange, Region, SafeWording
from guides.services.crisis.proposals import (
    APPROVE,
    ProposalRefused,
    approve_proposal,
    approvers,
    describe,
    mark_checked,
    propose_change,
    reject_proposal,
    what_readers_lose,
)
from guides.services.guide.content_checks import check_crisis_resource

from .base import (
    ContentAdmin,
    ProposalForm,
    ProposesChanges,
    SaveAnywayForm,
    SpanishCheckForm,
    TranslatedContentAdmin,
)


@admin.register(Region)
class RegionAdmin(ProposesChanges, TranslatedContentAdmin):
    form = ProposalForm
    list_display = ["name", "code", "order", "is_retired"]
    list_editable = ["order"]
    hidden_while_waiting = {"is_retired": True}
    actions = ["retire"]

    @admin.action(description=gettext_lazy("Retire the selected regions (after approval)"))
    def retire(self, request, queryset):
        propose_for_each(self, request, queryset, {"is_retired": True}, _("Retire it."))


class CrisisResourceForm(SaveAnywayForm, SpanishCheckForm, ProposalForm):
    """A line's words are checked before they are saved: a warning asks "Save anyway?"."""

    def clean(self):
        cleaned = super().clean() or {}
        self.ask_save_anyway(check_crisis_resource(self.typed()).warnings)
        return cleaned


@admin.register(CrisisResource)
class CrisisResourceAdmin(ProposesChanges, TranslatedContentAdmin):
    form = CrisisResourceForm
    list_display = [
        "name",
        "region",
        "audience",
        "phone",
        "text_number",
        "checked",
        "is_retired",
        "pending",
        "spanish_status",
    ]
    list_filter = ["region", "audience", "is_emergency", "is_retired"]
    search_fields = ["name", "description"]
    ordering = ["last_checked", "name"]  # the stalest first: those most need checking
    list_select_related = ["region"]
    date_hierarchy = "last_checked"
    readonly_fields = ["dials", "proposals", "spanish_status"]
    hidden_while_waiting = {"is_retired": True}
    actions = ["retire", "mark_checked"]

    def changelist_view(self, request, extra_context=None):
        self._pending_ids = set(
            ProposedChange.objects.pending()
            .filter(content_type=ContentType.objects.get_for_model(CrisisResource))
            .values_list("object_id", flat=True)
        )
        return super().changelist_view(request, extra_context)

    @admin.display(description=gettext_lazy("last checked"), ordering="last_checked")
    def checked(self, resource: CrisisResource) -> str:
        if resource.check_is_overdue:
            return format_html(
                '<strong class="review-overdue">{} ({})</strong>',
                resource.last_checked.strftime("%d %b %Y"),
                _("over 90 days: check it against its source"),
            )
        return resource.last_checked.strftime("%d %b %Y")

    @admin.display(description=gettext_lazy("waiting for approval"))
    def pending(self, resource: CrisisResource) -> str:
        return _("yes") if resource.pk in getattr(self, "_pending_ids", ()) else ""

    @admin.display(description=gettext_lazy("what readers’ buttons do now"))
    def dials(self, resource: CrisisResource) -> str:
        # As saved, never the form's refused or waiting numbers.
        saved = CrisisResource.objects.filter(pk=resource.pk).first() if resource.pk else None
        return dial_rows(saved) if saved is not None else "–"

    @admin.display(description=gettext_lazy("proposed changes"))
    def proposals(self, resource: CrisisResource) -> str:
        pending = list(ProposedChange.objects.pending().for_object(resource)) if resource.pk else []
        if not pending:
            return "–"
        return format_html_join(
            "",
            '<p><a href="{}">{}</a></p>',
            (
                (
                    reverse("admin:guides_proposedchange_change", args=[p.pk]),
                    _("A change proposed by %(who)s, waiting for approval")
                    % {"who": p.proposed_by or _("the content files")},
                )
                for p in pending
            ),
        )

    @admin.action(description=gettext_lazy("Retire the selected lines (after approval)"))
    def retire(self, request, queryset):
        propose_for_each(self, request, queryset, {"is_retired": True}, _("Retire it."))

    @admin.action(
        description=gettext_lazy("Mark the selected lines as checked today (approvers)"),
        permissions=["approve"],
    )
    def mark_checked(self, request, queryset):
        lines = list(queryset)
        for line in lines:
            mark_checked(line, request.user)
        self.message_user(
            request,
            _("Marked as checked today: %(names)s.") % {"names": ", ".join(map(str, lines))},
            messages.SUCCESS,
        )

    def has_approve_permission(self, request) -> bool:
        return request.user.has_perm(APPROVE)


def dial_rows(resource: CrisisResource) -> str:
    """Exactly what readers' buttons dial, open and write to."""
    rows = []
    if resource.phone:
        rows.append((_("“Call” dials"), resource.phone_href))
    if resource.text_number:
        rows.append((_("“Text” opens a message"), resource.sms_href))
    if resource.web_url:
        rows.append((_("“Open” goes to"), resource.web_url))
    if resource.email:
        rows.append((_("“E-mail” writes to"), f"mailto:{resource.email}"))
    if resource.textphone:
        rows.append((_("“Textphone” dials"), resource.textphone_href))
    if resource.whatsapp_number:
        rows.append((_("“WhatsApp” opens"), resource.whatsapp_href))
    if not rows:
        return "–"
    return format_html_join("", "<p>{}: <code>{}</code></p>", rows)


def propose_for_each(model_admin, request, queryset, details: dict, reason: str) -> None:
    for obj in queryset:
        proposal = propose_change(
            obj,
            details={obj._meta.get_field(k).attname: v for k, v in details.items()},
            reason=f"{reason} ({request.user})",
            user=request.user,
        )
        model_admin._tell_proposed(request, proposal)


@admin.register(ProposedChange)
class ProposedChangeAdmin(admin.ModelAdmin):
    list_display = ["object_repr", "what", "status", "proposed_by", "proposed_at", "decided_by"]
    list_filter = ["status", "content_type"]
    list_select_related = ["content_type", "proposed_by", "decided_by"]
    readonly_fields = [
        "object_repr",
        "what",
        "will_dial",
        "source",
        "reason",
        "status",
        "proposed_by",
        "proposed_at",
        "decided_by",
        "decided_at",
        "takes_effect_at",
    ]
    fields = list(readonly_fields)
    change_form_template = "admin/guides/proposedchange/change_form.html"

    def has_add_permission(self, request):
        return False  # made by saving what it changes

    def has_change_permission(self, request, obj=None):
        return False  # only approved or rejected, below

    def has_delete_permission(self, request, obj=None):
        return False  # the record of who proposed and who decided stays

    @admin.display(description=gettext_lazy("change"))
    def what(self, proposal: ProposedChange) -> str:
        if proposal.action == ProposedChange.Action.DELETE and proposal.status == "pending":
            target = proposal.target()
            loss = what_readers_lose(target) if target is not None else ""
            return f"{describe(proposal)}. {loss}".strip()
        return describe(proposal)

    @admin.display(description=gettext_lazy("once approved, readers’ buttons"))
    def will_dial(self, proposal: ProposedChange) -> str:
        line = after_approval(proposal)
        if not isinstance(line, CrisisResource):
            return "–"
        if proposal.action == ProposedChange.Action.DELETE or line.is_retired:
            return what_readers_lose(proposal.target()) or _("Readers no longer see this line.")
        return dial_rows(line)

    @admin.display(description=gettext_lazy("checked against"))
    def source(self, proposal: ProposedChange) -> str:
        line = after_approval(proposal)
        url = getattr(line, "source_url", "")
        if not url:
            return "–"
        return format_html('<a href="{}" rel="noreferrer">{}</a>', url, url)

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="guides_proposedchange_decide",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        proposal = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}), **self.decision_context(request, proposal)}
        return super().change_view(request, object_id, form_url, extra_context)

    def decision_context(self, request, proposal) -> dict:
        if proposal is None or proposal.status != ProposedChange.Status.PENDING:
            return {}
        may = request.user.has_perm(APPROVE)
        own = proposal.proposed_by_id == request.user.pk
        alone = (
            own
            and request.user.is_superuser
            and not approvers().exclude(pk=request.user.pk).exists()
        )
        return {
            "may_decide": may and (not own or alone),
            "must_confirm_alone": alone,
            "own_proposal": own,
            "may_approve": may,
        }

    def decide_view(self, request, pk):
        proposal = get_object_or_404(ProposedChange, pk=pk)
        context = self.decision_context(request, proposal)
        if request.method != "POST" or not context.get("may_decide"):
            raise PermissionDenied
        decision = request.POST.get("decision")
        alone = context["must_confirm_alone"]
        if alone and decision == "approve" and request.POST.get("confirm_alone") != "yes":
            return TemplateResponse(
                request,
                "admin/guides/proposedchange/confirm_alone.html",
                {
                    **self.admin_site.each_context(request),
                    "proposal": proposal,
                    "takes_effect_at": request.POST.get("takes_effect_at", ""),
                },
            )
        takes_effect_at = parse_takes_effect_at(request.POST.get("takes_effect_at", ""))
        if takes_effect_at is False:
            messages.error(
                request, _("Enter the date and time it takes effect, or leave it empty.")
            )
            return redirect("admin:guides_proposedchange_change", proposal.pk)
        try:
            if decision == "approve":
                approve_proposal(
                    proposal, request.user, alone=alone, takes_effect_at=takes_effect_at or None
                )
                proposal.refresh_from_db()
                if proposal.status == ProposedChange.Status.SCHEDULED:
                    self.message_user(
                        request,
                        _("Approved: readers get the new details from %(when)s.")
                        % {
                            "when": timezone.localtime(proposal.takes_effect_at).strftime(
                                "%d %b %Y %H:%M"
                            )
                        },
                        messages.SUCCESS,
                    )
                else:
                    self.message_user(
                        request, _("Approved: readers see the new details now."), messages.SUCCESS
                    )
            elif decision == "reject":
                reject_proposal(proposal, request.user)
                self.message_user(request, _("Rejected: nothing changed for readers."))
        except (ProposalRefused, ValidationError) as refusal:
            messages.error(request, " ".join(getattr(refusal, "messages", [str(refusal)])))
            return redirect("admin:guides_proposedchange_change", proposal.pk)
        target = proposal.target()
        if target is None:
            return redirect("admin:guides_proposedchange_changelist")
        meta = target._meta
        return redirect(f"admin:{meta.app_label}_{meta.model_name}_change", target.pk)


def parse_takes_effect_at(value: str):
    """A datetime-local field's value, in the site's time zone (None when empty, False when it
    is not a date and time)."""
    value = value.strip()
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return False
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def after_approval(proposal: ProposedChange):
    """The object as readers would get it once the proposal is approved (not saved). Once per
    page: the approval page asks for it twice."""
    if "_after_approval" in proposal.__dict__:
        return proposal.__dict__["_after_approval"]
    obj = proposal.target()
    proposal.__dict__["_after_approval"] = obj
    if obj is None:
        return None
    for attname, value in proposal.details.items():
        field = next(f for f in obj._meta.concrete_fields if f.attname == attname)
        setattr(obj, attname, field.to_python(value))
    return obj


@admin.register(SafeWording)
class SafeWordingAdmin(ContentAdmin):
    list_display = ["avoid", "instead", "language"]
    list_filter = ["language"]
    search_fields = ["avoid", "instead"]


@admin.register(CrisisPhrase)
class CrisisPhraseAdmin(ProposesChanges, ContentAdmin):
    """The phrases that bring the crisis lines when a person types them in the planner."""

    list_display = ["text", "language", "kind", "is_active"]
    list_editable = ["is_active"]
    list_filter = ["language", "kind", "is_active"]
    search_fields = ["text"]
    fields = ["text", "language", "kind", "is_active"]
    form = ProposalForm
    hidden_while_waiting = {"is_active": False}
