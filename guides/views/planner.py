"""The first-step planner: a short wizard, check your answers, the plan, and what comes next."""

import re
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from guides.content_version import kept
from guides.forms import (
    STEP_FORMS,
    STEPS,
    OutcomeForm,
    PlanSaveForm,
    RescheduleForm,
    ShareForm,
    draft_of_plan,
)
from guides.forms.planner import DEFAULT_EVENT_TITLE
from guides.helpers.dates import deadline_in_words
from guides.helpers.ids import parse_id
from guides.helpers.owners import owned_by, owner_for, session_has_expired
from guides.models import (
    Barrier,
    ChecklistResult,
    ContactKind,
    ContactMethod,
    Plan,
    ShareLink,
    Statement,
)
from guides.models.checklist import summarise_answers
from guides.services.crisis.phrases import answer_crisis_words, heard_crisis_words
from guides.services.owned_reads import owned_plan, owned_plans
from guides.services.planner import calendar
from guides.services.planner.draft import PlanDraft
from guides.services.planner.plans import (
    PlanAnswers,
    plan_create,
    plan_record_outcome,
    plan_reschedule,
    plan_update,
)
from guides.views.addresses import address_of
from guides.views.crisis_panel import crisis_lines_for
from guides.views.skeletons import Mine, Shape, render_kept
from guides.views.types import HtmxHttpRequest

SHARE_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# ?from=crisis: the planner was opened from the crisis lines (the only value taken).
FROM_CRISIS = "crisis"
# The kind of help the crisis route plans for (content/planner.yaml).
HELPLINE_SLUG = "helpline"


def _plans(request: HtmxHttpRequest):
    return owned_by(request, Plan.objects.all())


def _plan_for(request: HtmxHttpRequest, plan_id) -> Plan:
    """The person's own plan, or a 404 whoever else asks."""
    return get_object_or_404(
        _plans(request).select_related("contact_kind", "contact_method", "backup_kind"),
        pk=plan_id,
    )


@dataclass(frozen=True)
class PlannerChoices:
    kinds: dict[int, ContactKind]
    methods: dict[int, ContactMethod]
    barriers: dict[int, Barrier]


def _planner_choices(request: HtmxHttpRequest) -> PlannerChoices:
    """Every kind of contact, way and barrier (those staff retired too, which old plans name),
    kept with the content: read again only after staff change it. Shared: never changed."""
    return kept(
        "planner_choices",
        lambda: PlannerChoices(
            {kind.pk: kind for kind in ContactKind.objects.all()},
            {method.pk: method for method in ContactMethod.objects.all()},
            {barrier.pk: barrier for barrier in Barrier.objects.all()},
        ),
    )


@dataclass(frozen=True)
class PlannerWords:
    """The words of every kind of contact, way and barrier in one language, kept with the
    content: a plan's page read them through their translated fields, ten reads a page."""

    kinds: dict[int, str]  # each kind's name
    methods: dict[int, tuple[str, str]]  # each way's name and phrase
    barriers: dict[int, tuple[int, str, str]]  # each barrier's order, name and suggestion


def _planner_words(request: HtmxHttpRequest) -> PlannerWords:
    def words() -> PlannerWords:
        choices = _planner_choices(request)
        return PlannerWords(
            {pk: kind.name for pk, kind in choices.kinds.items()},
            {pk: (method.name, method.phrase) for pk, method in choices.methods.items()},
            {
                pk: (barrier.order, barrier.name, barrier.suggestion)
                for pk, barrier in choices.barriers.items()
            },
        )

    # The choices are looked up only when the words are made.
    return kept(("planner_words", get_language()), words)


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError, AttributeError):
        return None


def _step_form(step: str, data=None, initial=None):
    return STEP_FORMS[step](data, initial=initial)


def _validated_answers(draft: PlanDraft) -> tuple[PlanAnswers | None, str | None]:
    """Check every step again (choices may have changed); the first step that needs work."""
    cleaned = {}
    for step in STEPS:
        form = _step_form(step, data=draft.steps.get(step))
        if step not in draft.steps or not form.is_valid():
            return None, step
        cleaned[step] = form
    support = cleaned["support"]
    answers = PlanAnswers(
        who=cleaned["who"].cleaned_data,
        how=cleaned["how"].cleaned_data,
        what=cleaned["what"].cleaned_data,
        when=cleaned["when"].cleaned_data,
        support=support.cleaned_data,
        barrier_notes=support.barrier_notes(),
        event_title="",
        remind=False,
    )
    return answers, None


def _from_crisis(request: HtmxHttpRequest) -> bool:
    """The planner was opened from the crisis lines: ?from=crisis, or the form that says so."""
    return request.GET.get("from") == FROM_CRISIS or request.POST.get("from") == FROM_CRISIS


def _helpline_kind_id(request: HtmxHttpRequest) -> str:
    """The id of "A helpline or crisis line", if staff offer it, as a choice would send it."""
    pk = kept(
        "helpline_kind",
        lambda: (
            ContactKind.objects.filter(slug=HELPLINE_SLUG, is_active=True)
            .values_list("pk", flat=True)
            .first()
        ),
    )
    return str(pk) if pk is not None else ""


def _step_initial(
    request: HtmxHttpRequest, step: str, draft: PlanDraft | None, *, crisis: bool
) -> dict:
    if step == "who" and request.GET.get("from") == FROM_CRISIS and _helpline_kind_id(request):
        # Asked for from the crisis lines: a plan to call one of them, whatever came before.
        return {"contact_kind": _helpline_kind_id(request), "contact_name": ""}
    if draft and step in draft.steps:
        return draft.steps[step]
    if step == "what":
        kind_id = draft.steps.get("who", {}).get("contact_kind") if draft else None
        kind_pk = parse_id(kind_id)
        kind = ContactKind.objects.filter(pk=kind_pk).first() if kind_pk is not None else None
        return {"script": kind.script_template if kind else ""}
    if step == "when":
        if crisis:  # today, in the server's zone; site.js puts the browser's own today
            return {"time_zone": settings.TIME_ZONE, "due_date": timezone.localdate()}
        return {"time_zone": settings.TIME_ZONE}
    if step == "who" and crisis and _helpline_kind_id(request):
        return {"contact_kind": _helpline_kind_id(request)}
    if step == "who" and request.GET.get("result"):
        return _who_from_result(request, request.GET["result"])
    return {}


def _who_from_result(request: HtmxHttpRequest, result_id: str) -> dict:
    """Start the planner from a checklist result: the first kind of help that fits."""
    try:
        result = owned_by(request, ChecklistResult.objects.all()).get(pk=result_id)
    except (ChecklistResult.DoesNotExist, ValidationError):
        return {}
    ticked = set(result.statements.values_list("pk", flat=True))
    statements = Statement.objects.filter(pk__in=ticked).select_related("group")
    summary = summarise_answers(list(statements.prefetch_related("help_kinds")), ticked)
    return {"contact_kind": str(summary.help_kinds[0].pk)} if summary.help_kinds else {}


@require_safe
def plan_new(request: HtmxHttpRequest) -> HttpResponse:
    step = request.GET.get("step", "who")
    step = step if step in STEPS else "who"
    url = reverse("plan_step", args=[step])
    query = {"result": request.GET.get("result", "")[:40], "from": request.GET.get("from", "")}
    query = {name: value for name, value in query.items() if value}
    if query.get("from") not in (None, FROM_CRISIS):
        del query["from"]
    return redirect(url + ("?" + urlencode(query) if query else ""))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def plan_step(request: HtmxHttpRequest, step: str) -> HttpResponse:
    if step not in STEP_FORMS:
        raise Http404("No such step.")
    draft = PlanDraft.load(request.session)
    crisis = _from_crisis(request) or bool(draft and draft.crisis)
    if request.method == "POST":
        form = _step_form(step, data=request.POST)
        # Crisis words bring the lines (and their "Plan a call to one of these lines today"),
        # but nothing records them: not even this draft (see guides.helpers.phrase_matching).
        answer_crisis_words(request, form)
        posted_draft = request.POST.get("draft_id", "")
        if posted_draft and (draft is None or draft.id != posted_draft):
            messages.info(
                request,
                _(
                    "Your session ended before the plan was saved, so we have started again. "
                    "Nothing was saved."
                ),
            )
            return redirect("plan_step", step=STEPS[0])
        if form.is_valid():
            draft = draft or PlanDraft()
            if not draft.editing and _plans(request).filter(pk=draft.id).exists():
                # The session kept a draft that was saved (the database went away after the plan
                # and before the session): these answers are a new plan, not lost on the old one.
                draft.id = str(uuid.uuid4())
            draft.steps[step] = form.step_data()
            draft.crisis = draft.crisis or crisis
            draft.save(request.session)
            owner_for(request, create_session=True)
            if request.POST.get("change") or step == STEPS[-1]:
                return redirect("plan_check")
            return redirect("plan_step", step=STEPS[STEPS.index(step) + 1])
    else:
        form = _step_form(step, initial=_step_initial(request, step, draft, crisis=crisis))
        if step == "when" and not (draft and "when" in draft.steps):
            # With JavaScript, the browser's own time zone replaces the server's default.
            form.fields["time_zone"].widget.attrs["data-detect-time-zone"] = ""
            if crisis:  # and the browser's own today the server's
                form.fields["due_date"].widget.attrs["data-suggest-today"] = ""
    if step == "when" and crisis:
        form.fields["due_date"].help_text = _(
            "Today, if you can. You don’t need a plan to call: the lines are there now."
        )
    index = STEPS.index(step)
    return render(
        request,
        f"planner/step_{step}.html",
        {
            "form": form,
            "step": step,
            "step_number": index + 1,
            "step_count": len(STEPS),
            "previous_step": STEPS[index - 1] if index else None,
            "draft": draft,
            "changing": request.GET.get("change") or request.POST.get("change"),
            "crisis": crisis,
            **(crisis_lines_for(request) if crisis else {}),
            "nav": "plan",
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def plan_check(request: HtmxHttpRequest) -> HttpResponse:
    draft = PlanDraft.load(request.session)
    sent = PlanSaveForm(request.POST) if request.method == "POST" else None
    if sent is not None:
        answer_crisis_words(request, sent)
    if draft is None:
        posted = request.POST.get("draft_id", "")
        posted_id = _as_uuid(posted)
        if posted_id and _plans(request).filter(pk=posted_id).exists():
            return redirect("plan_detail", plan_id=posted_id)  # a double submit: already saved
        if posted or session_has_expired(request):
            messages.info(
                request,
                _("Your session ended before the plan was saved, so we have started again."),
            )
        return redirect("plan_step", step=STEPS[0])
    answers, missing = _validated_answers(draft)
    if answers is None:
        messages.info(request, _("There is one more thing to fill in."))
        return redirect("plan_step", step=missing or STEPS[0])
    editing = _plans(request).filter(pk=draft.id).first() if draft.editing else None
    if sent is not None:
        form = sent
        if form.is_valid():
            answers.event_title = form.cleaned_data["event_title"]
            answers.remind = bool(form.cleaned_data["remind"]) and request.user.is_authenticated
            if editing:
                plan = plan_update(plan=editing, answers=answers)
                messages.success(request, _("Your plan is updated."))
            else:
                plan = plan_create(
                    owner=owner_for(request, create_session=True),
                    plan_id=uuid.UUID(draft.id),
                    answers=answers,
                )
                messages.success(request, _("Your plan is saved. That took courage."))
            PlanDraft.forget(request.session)
            return redirect(plan)
    else:
        form = PlanSaveForm(
            initial={
                "draft_id": draft.id,
                "event_title": editing.event_title if editing else str(DEFAULT_EVENT_TITLE),
                "remind": editing.remind if editing else False,
            }
        )
    return render(
        request,
        "planner/check.html",
        {
            "form": form,
            "answers": answers,
            "draft": draft,
            "editing": editing,
            "crisis": draft.crisis,
            **(crisis_lines_for(request) if draft.crisis else {}),
            "nav": "plan",
        },
    )


@require_safe
def plan_list(request: HtmxHttpRequest) -> HttpResponse:
    plans = owned_plans(owner_for(request))  # the ORM's SQL, made once per process
    words = _planner_words(request)  # their kinds and ways, kept with the content: no join
    mine = Mine()
    items = []
    for plan in plans:
        items.append(
            Shape(
                get_absolute_url=mine.text(address_of("plan_detail", plan.pk)),
                contact_label=mine.text(plan.contact_label_with(words.kinds[plan.contact_kind_id])),
                contact_method=Shape(name=words.methods[plan.contact_method_id][0]),
                due_time=plan.due_time is not None,
                deadline=mine.text(deadline_in_words(plan.due_date, plan.due_time, plan.time_zone)),
                status=plan.status,
                get_status_display=str(Plan.Status(plan.status).label),
                needs_follow_up=plan.needs_follow_up,
            )
        )
    # From the skeleton kept for lists of this shape: only the person's own words are put in.
    return render_kept(request, "planner/list.html", mine, {"plans": items, "nav": "plan"})


@require_safe
def plan_detail(request: HtmxHttpRequest, plan_id) -> HttpResponse:
    # The plan, whether a link to it is out and its barriers' notes: one query, made once per
    # process (guides.services.owned_reads). The kinds of contact, the ways and the barriers
    # themselves are content: the process keeps them (no join, and no query once kept).
    read = owned_plan(owner_for(request), plan_id)
    if read is None:
        raise Http404("No such plan.")
    plan = read.plan
    words = _planner_words(request)
    barriers = [(words.barriers[barrier_id], note) for barrier_id, note in read.barrier_notes]
    barriers.sort(key=lambda pair: pair[0][:2])  # PlanBarrier's order: the barrier's, its name
    kind = words.kinds[plan.contact_kind_id]
    method, phrase = words.methods[plan.contact_method_id]
    # From the skeleton kept for plans of this shape: only this person's own words are put in.
    mine = Mine()
    page = {
        "plan": Shape(
            pk=mine.itself(plan.pk),
            status=plan.status,
            get_status_display=str(Plan.Status(plan.status).label),
            is_open=plan.is_open,
            needs_follow_up=plan.needs_follow_up,
            if_then=mine.text(plan.if_then_with(kind, phrase)),
            contact_kind=Shape(name=kind),
            contact_name=mine.text(plan.contact_name),
            contact_method=Shape(name=method),
            contact_detail=mine.text(plan.contact_detail),
            deadline=mine.text(deadline_in_words(plan.due_date, plan.due_time, plan.time_zone)),
            script=mine.text(plan.script, fill=_lines),
            partner_name=mine.text(plan.partner_name),
            backup_kind=(
                Shape(name=words.kinds[plan.backup_kind_id]) if plan.backup_kind_id else None
            ),
            backup_name=mine.text(plan.backup_name),
            outcome_note=mine.text(plan.outcome_note, fill=_lines),
        ),
        "barriers": [
            Shape(barrier=Shape(name=name, suggestion=suggestion), note=mine.text(note))
            for (_order, name, suggestion), note in barriers
        ],
        "share_link": read.has_share_link,
        "nav": "plan",
    }
    return render_kept(
        request, "planner/detail.html", mine, page, everyone=lambda: {"outcome_form": OutcomeForm()}
    )


def _lines(text: str) -> str:
    """What the template's `linebreaksbr` makes of a person's text."""
    return linebreaksbr(text, autoescape=True)


@require_safe
def plan_edit(request: HtmxHttpRequest, plan_id) -> HttpResponse:
    """Load the plan into the wizard's draft, then show the check-your-answers page."""
    plan = _plan_for(request, plan_id)
    draft_of_plan(plan).save(request.session)
    return redirect("plan_check")


@require_POST
def plan_done(request: HtmxHttpRequest, plan_id) -> HttpResponse:
    plan = _plan_for(request, plan_id)
    form = OutcomeForm(request.POST)
    answer_crisis_words(request, form)
    plan_record_outcome(
        plan=plan,
        status=Plan.Status.DONE,
        outcome_note=form.cleaned_data["outcome_note"] if form.is_valid() else None,
    )
    messages.success(
        request, _("You did it. Asking for help is the first step, and you have taken it.")
    )
    return redirect("guide_section", slug="after")


@require_POST
def plan_done_not_well(request: HtmxHttpRequest, plan_id) -> HttpResponse:
    """They reached out and it went badly: back to the plan, which now offers the backup and
    the crisis lines."""
    plan = _plan_for(request, plan_id)
    form = OutcomeForm(request.POST)
    answer_crisis_words(request, form)
    plan_record_outcome(
        plan=plan,
        status=Plan.Status.DONE_NOT_WELL,
        outcome_note=form.cleaned_data["outcome_note"] if form.is_valid() else None,
    )
    return redirect(plan)


@require_http_methods(["GET", "HEAD", "POST"])
def plan_not_yet(request: HtmxHttpRequest, plan_id) -> HttpResponse:
    plan = _plan_for(request, plan_id)
    if request.method == "POST":
        form = RescheduleForm(request.POST)
        if form.is_valid():
            plan_reschedule(
                plan=plan,
                due_date=form.cleaned_data["due_date"],
                due_time=form.cleaned_data["due_time"],
                time_zone=form.cleaned_data["time_zone"],
            )
            messages.success(
                request, _("That’s all right. Not yet is not never. Your new date is saved.")
            )
            return redirect(plan)
    else:
        form = RescheduleForm(initial={"time_zone": plan.time_zone})
    return render(
        request,
        "planner/not_yet.html",
        {"plan": plan, "form": form, "nav": "plan"},
    )


@require_POST
def plan_backup(request: HtmxHttpRequest, plan_id) -> HttpResponse:
    """Mark the plan as switched, and start a new plan for the backup contact."""
    plan = _plan_for(request, plan_id)
    if plan.status != Plan.Status.DONE_NOT_WELL:  # they did reach out: keep that on record
        plan_record_outcome(plan=plan, status=Plan.Status.SWITCHED_TO_BACKUP)
    if plan.backup_kind_id is None:
        messages.info(request, _("Let’s choose someone else to try."))
        PlanDraft().save(request.session)
        return redirect("plan_step", step="who")
    PlanDraft(
        steps={"who": {"contact_kind": str(plan.backup_kind_id), "contact_name": plan.backup_name}}
    ).save(request.session)
    messages.info(
        request,
        _("Trying someone else is a good plan. Let’s work out how you’ll reach %(name)s.")
        % {"name": plan.backup_name or (plan.backup_kind.name.lower() if plan.backup_kind else "")},
    )
    return redirect("plan_step", step="how")


@require_POST
def plan_cancel(request: HtmxHttpRequest, plan_id) -> HttpResponse:
    plan = _plan_for(request, plan_id)
    plan_record_outcome(plan=plan, status=Plan.Status.CANCELLED)
    messages.info(request, _("The plan is cancelled. You can make a new one whenever you like."))
    return redirect("plan_list")


@require_POST
def plan_delete(request: HtmxHttpRequest, plan_id) -> HttpResponse:
    _plan_for(request, plan_id).delete()
    messages.info(request, _("The plan is deleted."))
    return redirect("plan_list")


@require_safe
def plan_calendar(request: HtmxHttpRequest, plan_id) -> HttpResponse:
    plan = _plan_for(request, plan_id)
    response = HttpResponse(calendar.plan_ics(plan), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="first-step.ics"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def plan_share(request: HtmxHttpRequest, plan_id) -> HttpResponse:
    """The owner makes (or sees) the read-only link for a support person."""
    plan = _plan_for(request, plan_id)
    form = ShareForm(request.POST if request.method == "POST" else None)
    # With htmx the panel comes in the fragment; else at the top of the next page.
    show_lines = False
    if request.method == "POST":
        if request.htmx:
            show_lines = heard_crisis_words(request, form)
        else:
            answer_crisis_words(request, form)
    if request.method == "POST" and form.is_valid():
        plan.share_links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        ShareLink.objects.create(plan=plan, display_name=form.cleaned_data["display_name"])
        if not request.htmx:
            messages.success(
                request, _("Your link is ready. Only people you give it to can open it.")
            )
            return redirect("plan_share", plan_id=plan.pk)
        form = ShareForm()
    return _render_share(request, plan, form, show_lines=show_lines)


@require_POST
def plan_share_revoke(request: HtmxHttpRequest, plan_id) -> HttpResponse:
    plan = _plan_for(request, plan_id)
    plan.share_links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    if request.htmx:
        return _render_share(request, plan, ShareForm())
    messages.info(request, _("The link is switched off. Nobody can open it now."))
    return redirect("plan_share", plan_id=plan.pk)


def _render_share(
    request: HtmxHttpRequest, plan: Plan, form: ShareForm, *, show_lines: bool = False
) -> HttpResponse:
    link = plan.share_links.filter(revoked_at__isnull=True).first()
    template = "planner/share.html#share-panel" if request.htmx else "planner/share.html"
    return render(
        request,
        template,
        {
            "plan": plan,
            "link": link,
            "link_url": request.build_absolute_uri(link.get_absolute_url()) if link else "",
            "form": form,
            "show_lines": show_lines,
            "nav": "plan",
        },
    )


@require_safe
def share_view(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """What a support person sees: a first name, a date and a status. Never the contact, the
    script or the note."""
    if not SHARE_TOKEN.fullmatch(token):
        raise Http404("No such link.")  # never sent to the database: it cannot hold a NUL byte
    link = get_object_or_404(
        ShareLink.objects.select_related("plan"), token=token, revoked_at__isnull=True
    )
    response = render(request, "planner/shared.html", {"link": link, "plan": link.plan})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
