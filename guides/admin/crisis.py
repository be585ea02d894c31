"""Crisis lines: a new number reaches readers only once a second person approves it."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion import create_revision, set_comment, set_user

from guides.content_checks import check_crisis_resource
from guides.models import CrisisPhrase, CrisisResource, ProposedChange, Region, SafeWording

from .base import ContentAdmin, TranslatedContentAdmin

APPROVE = "guides.approve_crisis_lines"


@admin.register(Region)
class RegionAdmin(TranslatedContentAdmin):
    list_display = ["name", "code", "order"]
    list_editable = ["order"]


@admin.register(CrisisResource)
class CrisisResourceAdmin(TranslatedContentAdmin):
    list_display = [
        "name",
        "region",
        "audience",
        "phone",
        "text_number",
        "checked",
        "pending",
    ]
    list_filter = ["region", "audience", "is_emergency"]
    search_fields = ["name", "description"]
    ordering = ["last_checked", "name"]  # the stalest first: those most need checking
    list_select_related = ["region"]
    date_hierarchy = "last_checked"
    readonly_fields = ["dials", "proposals"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("proposed_changes")

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
        count = sum(
            1 for p in resource.proposed_changes.all() if p.status == ProposedChange.Status.PENDING
        )
        return str(count) if count else ""

    @admin.display(description=gettext_lazy("what readers’ buttons do"))
    def dials(self, resource: CrisisResource) -> str:
        rows = []
        if resource.phone:
            rows.append((_("“Call” dials"), resource.phone_href))
        if resource.text_number:
            rows.append((_("“Text” opens a message"), resource.sms_href))
        if resource.email:
            rows.append((_("“E-mail” writes to"), f"mailto:{resource.email}"))
        if resource.textphone:
            rows.append((_("“Textphone” dials"), resource.textphone_href))
        if resource.whatsapp_number:
            rows.append((_("“WhatsApp” opens"), resource.whatsapp_href))
        if not rows:
            return "–"
        return format_html_join("", "<p>{}: <code>{}</code></p>", rows)

    @admin.display(description=gettext_lazy("proposed changes"))
    def proposals(self, resource: CrisisResource) -> str:
        pending = [p for p in resource.proposed_changes.all() if p.status == "pending"]
        if not pending:
            return "–"
        return format_html_join(
            "",
            '<p><a href="{}">{}</a></p>',
            (
                (
                    reverse("admin:guides_proposedchange_change", args=[p.pk]),
                    _("A change proposed by %(who)s, waiting for approval")
                    % {"who": p.proposed_by or _("someone")},
                )
                for p in pending
            ),
        )

    def save_model(self, request, obj, form, change):
        changed = [name for name in CrisisResource.CONTACT_FIELDS if name in form.changed_data]
        if not change or not changed:
            super().save_model(request, obj, form, change)
        else:
            # What readers dial or open waits for a second person: the rest is saved now.
            current = CrisisResource.objects.get(pk=obj.pk)
            details = {name: getattr(obj, name) for name in changed}
            previous = {name: getattr(current, name) for name in changed}
            for name in changed:
                setattr(obj, name, getattr(current, name))
            super().save_model(request, obj, form, change)
            proposal = ProposedChange.objects.create(
                resource=obj,
                details=details,
                previous=previous,
                reason=form.cleaned_data.get("change_reason", ""),
                proposed_by=request.user,
            )
            request.revision_note = _(
                "Proposed: %(changes)s. Waiting for another person to approve it."
            ) % {"changes": describe(proposal)}
            messages.warning(
                request,
                _(
                    "Readers still see the details as they were. The new %(changes)s waits for "
                    "another staff member to approve it."
                )
                % {"changes": describe(proposal)},
            )
        for warning in check_crisis_resource(obj).warnings:
            messages.warning(request, warning)

    def construct_change_message(self, request, form, formsets, add=False):
        # A proposed number has not changed yet: the history says "Proposed" for it instead.
        waiting = set(CrisisResource.CONTACT_FIELDS)
        if not add:
            form.changed_data[:] = [name for name in form.changed_data if name not in waiting]
        return super().construct_change_message(request, form, formsets, add)


def describe(proposal: ProposedChange) -> str:
    return "; ".join(
        f"{label}: {before or '–'} → {after or '–'}" for label, before, after in proposal.changes()
    )


def approvers():
    """Active staff who may approve changes to crisis lines."""
    User = get_user_model()
    return User.objects.filter(is_active=True, is_staff=True).filter(
        Q(is_superuser=True)
        | Q(user_permissions__codename="approve_crisis_lines")
        | Q(groups__permissions__codename="approve_crisis_lines")
    )


@admin.register(ProposedChange)
class ProposedChangeAdmin(admin.ModelAdmin):
    list_display = ["resource", "what", "status", "proposed_by", "proposed_at", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["resource__region", "proposed_by", "decided_by"]
    readonly_fields = [
        "resource",
        "what",
        "reason",
        "status",
        "proposed_by",
        "proposed_at",
        "decided_by",
        "decided_at",
    ]
    fields = list(readonly_fields)
    change_form_template = "admin/guides/proposedchange/change_form.html"

    def has_add_permission(self, request):
        return False  # made by saving a crisis line

    def has_change_permission(self, request, obj=None):
        return False  # only approved or rejected, below

    def has_delete_permission(self, request, obj=None):
        return False  # the record of who proposed and who decided stays

    @admin.display(description=gettext_lazy("change"))
    def what(self, proposal: ProposedChange) -> str:
        return describe(proposal)

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
        may_approve = request.user.has_perm(APPROVE)
        own = proposal.proposed_by_id == request.user.pk
        alone = (
            own
            and request.user.is_superuser
            and not approvers().exclude(pk=request.user.pk).exists()
        )
        return {
            "may_decide": may_approve and (not own or alone),
            "must_confirm_alone": alone,
            "own_proposal": own,
            "may_approve": may_approve,
        }

    def decide_view(self, request, pk):
        proposal = get_object_or_404(ProposedChange, pk=pk)
        context = self.decision_context(request, proposal)
        if request.method != "POST" or not context.get("may_decide"):
            raise PermissionDenied
        decision = request.POST.get("decision")
        if (
            context["must_confirm_alone"]
            and decision == "approve"
            and request.POST.get("confirm_alone") != "yes"
        ):
            return TemplateResponse(
                request,
                "admin/guides/proposedchange/confirm_alone.html",
                {**self.admin_site.each_context(request), "proposal": proposal},
            )
        if decision == "approve":
            approve(proposal, request.user)
            self.message_user(
                request, _("Approved: readers see the new details now."), messages.SUCCESS
            )
        elif decision == "reject":
            reject(proposal, request.user)
            self.message_user(request, _("Rejected: nothing changed for readers."))
        return redirect("admin:guides_crisisresource_change", proposal.resource_id)


@transaction.atomic
def approve(proposal: ProposedChange, user) -> None:
    resource = proposal.resource
    for name, value in proposal.details.items():
        setattr(resource, name, value)
    resource.full_clean()
    with create_revision():
        set_user(user)
        set_comment(
            _("Approved the change proposed by %(who)s on %(when)s: %(changes)s")
            % {
                "who": proposal.proposed_by or _("someone"),
                "when": proposal.proposed_at.strftime("%d %b %Y %H:%M"),
                "changes": describe(proposal),
            }
        )
        resource.save()  # readers see it at once: the content version moves
        proposal.status = ProposedChange.Status.APPROVED
        proposal.decided_by, proposal.decided_at = user, timezone.now()
        proposal.save()


@transaction.atomic
def reject(proposal: ProposedChange, user) -> None:
    with create_revision():
        set_user(user)
        set_comment(
            _("Rejected the change proposed by %(who)s: %(changes)s")
            % {"who": proposal.proposed_by or _("someone"), "changes": describe(proposal)}
        )
        proposal.status = ProposedChange.Status.REJECTED
        proposal.decided_by, proposal.decided_at = user, timezone.now()
        proposal.save()
        proposal.resource.save()  # so the rejection shows in the line's own history too


@admin.register(SafeWording)
class SafeWordingAdmin(ContentAdmin):
    list_display = ["avoid", "instead", "language"]
    list_filter = ["language"]
    search_fields = ["avoid", "instead"]


@admin.register(CrisisPhrase)
class CrisisPhraseAdmin(ContentAdmin):
    """The phrases that bring the crisis lines when a person types them in the planner."""

    list_display = ["text", "language", "kind", "is_active"]
    list_editable = ["is_active"]
    list_filter = ["language", "kind", "is_active"]
    search_fields = ["text"]
    fields = ["text", "language", "kind", "is_active"]
