"""The safety plan: seven short steps in the Stanley-Brown order, the finished plan on one page
(with the region's crisis lines at the top), its print and wallet card, and a read-only link for
one trusted person. One plan per person; anyone else's is a 404."""

import datetime
import re

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from guides.content_version import kept
from guides.forms.safety_plan import step_form, step_initial
from guides.helpers.dates import date_in_words
from guides.helpers.owners import owned_by, owner_for
from guides.models import SafetyPlan, SafetyPlanShare, SafetyPlanStep
from guides.models.safety_plan import STEPS, Step
from guides.services.owned_reads import owned_safety_plan
from guides.services.safety_plan import (
    safety_plan_save_step,
    safety_plan_share,
    safety_plan_share_revoke,
)
from guides.views.crisis_panel import crisis_lines_for
from guides.views.skeletons import HAS_SAFETY_PLAN, Mine, Shape, render_kept

SHARE_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# In the person's session: they have a plan, so every "Make a safety plan" link opens it instead
# (templates/includes/safety_plan_link.html) without a query of its own.
HAS_PLAN = HAS_SAFETY_PLAN
SEEN_ON = "safety_plan_seen_on"


def _plan_for(request: HttpRequest) -> SafetyPlan | None:
    """The person's own plan, if they have one: found only through their account or session."""
    return owned_by(request, SafetyPlan.objects.all()).first()


def _steps(request: HttpRequest) -> dict[str, SafetyPlanStep]:
    """The steps' words by slug, kept with the content: no query once held."""
    rows = kept("safety_plan_steps", lambda: list(SafetyPlanStep.objects.in_order()))
    return {row.slug: row for row in rows}


def _plan_context(request: HttpRequest, plan: SafetyPlan) -> dict:
    return {"plan": plan, "sections": _sections(request, plan), **crisis_lines_for(request)}


def _sections(request: HttpRequest, plan: SafetyPlan) -> list[dict]:
    """Each step's title, and the person's words in it: as lines, or as contacts."""
    sections: list[dict] = []
    for slug, title, contacts_field, text_field in _section_parts(request):
        if contacts_field:
            contacts = plan.contacts(contacts_field)
            sections.append({"slug": slug, "title": title, "contacts": contacts, "lines": []})
        else:
            text = getattr(plan, text_field)
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            sections.append({"slug": slug, "title": title, "contacts": None, "lines": lines})
    return sections


def _section_parts(request: HttpRequest) -> list[tuple[str, str, str | None, str]]:
    """Each step's slug, its title in the language active, and the plan's field that holds its
    contacts or its text: kept with the content for each language."""

    def parts() -> list[tuple[str, str, str | None, str]]:
        steps = _steps(request)
        found = []
        for slug in STEPS:
            step, words = Step(slug), steps.get(slug)
            title = str(words.title if words else step.label)
            found.append(
                (
                    slug,
                    title,
                    SafetyPlan.CONTACT_FIELDS.get(step),
                    SafetyPlan.TEXT_FIELDS.get(step, ""),
                )
            )
        return found

    return kept(("safety_plan_sections", get_language()), parts)


def _remember(request: HttpRequest, has_plan: bool) -> None:
    if has_plan and not request.session.get(HAS_PLAN):
        request.session[HAS_PLAN] = True
    elif not has_plan and request.session.get(HAS_PLAN):
        del request.session[HAS_PLAN]


def _kept_until(request: HttpRequest) -> datetime.datetime:
    """When purge_stale would delete an anonymous plan: its session's expiry, which moves on each
    time the session is saved. Coming back to the plan saves it (once a day at most), so the
    page's "if you don't come back before" is true."""
    today = timezone.localdate().isoformat()
    if request.session.get(SEEN_ON) != today:
        request.session[SEEN_ON] = today
    return request.session.get_expiry_date()


@never_cache
@require_safe
def safety_plan(request: HttpRequest) -> HttpResponse:
    """The finished plan; or, before there is one, what a safety plan is and a way to start."""
    # The plan and whether a link to it is out: one query, made once per process.
    found = owned_safety_plan(owner_for(request))
    plan, has_share_link = found if found else (None, False)
    _remember(request, plan is not None)
    if plan is None:
        return render(
            request,
            "safety_plan/start.html",
            {"first_step": STEPS[0], "nav": "safety_plan", **crisis_lines_for(request)},
        )
    expiry = None if request.user.is_authenticated else _kept_until(request)
    # From the skeleton kept for plans of this shape: only the person's own words are put in.
    mine = Mine()
    lines = crisis_lines_for(request)
    region = lines["region"]
    page = {
        "sections": [
            Shape(
                slug=section["slug"],
                title=str(section["title"]),
                contacts=None
                if section["contacts"] is None
                else [
                    Shape(
                        name=mine.text(contact.get("name", "")),
                        phone=mine.text(contact.get("phone", "")),
                        href=mine.text(contact["href"]),
                    )
                    for contact in section["contacts"]
                ],
                lines=[mine.text(line) for line in section["lines"]],
            )
            for section in _sections(request, plan)
        ],
        "updated_on": mine.text(date_in_words(plan.updated_at)),
        "purge_date": mine.text(date_in_words(expiry)) if expiry else None,
        "share_link": has_share_link,
        "nav": "safety_plan",
    }
    return render_kept(
        request,
        "safety_plan/plan.html",
        mine,
        page,
        everyone=lines,
        vary=(region.pk if region else None,),
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def safety_plan_step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404("No such step.")
    found = owned_safety_plan(owner_for(request))  # one query, made once per process
    plan = found[0] if found else None
    words = _steps(request).get(step)
    label = str(words.question if words else Step(step).label)
    hint = words.hint if words else ""
    changing = bool(request.GET.get("change") or request.POST.get("change"))
    index = STEPS.index(step)
    if request.method == "POST":
        form = step_form(step, request.POST, label=label, hint=hint)
        if form.is_valid():
            _remember(request, True)  # before the session is made, which then saves it once
            plan = safety_plan_save_step(
                owner=owner_for(request, create_session=True),
                plan=plan,
                step=step,
                fields=form.plan_fields(step),
            )
            if changing or step == STEPS[-1]:
                messages.success(request, _("Your safety plan is saved."))
                return redirect("safety_plan")
            return redirect("safety_plan_step", step=STEPS[index + 1])
    else:
        return _step_page(request, step, plan, words, label=label, hint=hint, changing=changing)
    return render(
        request,
        "safety_plan/step.html",
        {**_step_context(step, words, changing), "form": form, "plan": plan}
        | (crisis_lines_for(request) if step == Step.PROFESSIONALS else {}),
    )


def _step_context(step: str, words: SafetyPlanStep | None, changing: bool) -> dict:
    index = STEPS.index(step)
    return {
        "step": step,
        "words": words,
        "step_title": str(words.title if words else Step(step).label),
        "step_number": index + 1,
        "step_count": len(STEPS),
        "previous_step": STEPS[index - 1] if index else None,
        "next_step": STEPS[index + 1] if index + 1 < len(STEPS) else None,
        "is_contacts": Step(step) in SafetyPlan.CONTACT_FIELDS,
        "changing": changing,
        "nav": "safety_plan",
    }


def _step_page(
    request: HttpRequest,
    step: str,
    plan: SafetyPlan | None,
    words: SafetyPlanStep | None,
    *,
    label: str,
    hint: str,
    changing: bool,
) -> HttpResponse:
    """A step to fill in, from the skeleton kept for the step: the person's words, in the
    form's fields, are put in per request."""
    mine = Mine()
    answers = step_initial(step, plan)
    initial = {name: mine.text(answers[name]) for name in sorted(answers)}
    context = _step_context(step, words, changing)
    step_words = context.pop("words")
    lines = crisis_lines_for(request) if step == Step.PROFESSIONALS else {}
    region = lines.get("region")

    def everyone() -> dict:
        # Made only when the skeleton is: the form's fields hold the markers of the words.
        form = step_form(step, label=label, hint=hint)
        form.initial = initial
        return {"form": form, "words": step_words, **lines}

    return render_kept(
        request,
        "safety_plan/step.html",
        mine,
        context,
        everyone=everyone,
        # The form's fields hold the person's words; the step's words are content (its version).
        vary=(tuple(initial), label, hint, region.pk if region else None),
    )


@require_safe
def safety_plan_card(request: HttpRequest) -> HttpResponse:
    """The plan as a small card, to print and fold to wallet size."""
    plan = _plan_for(request)
    if plan is None:
        raise Http404("No safety plan.")
    return render(request, "safety_plan/card.html", _plan_context(request, plan))


@require_POST
def safety_plan_delete(request: HttpRequest) -> HttpResponse:
    plan = _plan_for(request)
    if plan is None:
        raise Http404("No safety plan.")
    plan.delete()
    _remember(request, False)
    messages.info(request, _("Your safety plan is deleted."))
    return redirect("safety_plan")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def safety_plan_share_page(request: HttpRequest) -> HttpResponse:
    """The owner makes, sees or switches off the read-only link for one person they trust."""
    plan = _plan_for(request)
    if plan is None:
        raise Http404("No safety plan.")
    if request.method == "POST":
        safety_plan_share(plan=plan)
        messages.success(request, _("Your link is ready. Only people you give it to can open it."))
        return redirect("safety_plan_share")
    link = plan.share_links.filter(revoked_at__isnull=True).first()
    return render(
        request,
        "safety_plan/share.html",
        {
            "plan": plan,
            "link": link,
            "link_url": request.build_absolute_uri(link.get_absolute_url()) if link else "",
            "nav": "safety_plan",
        },
    )


@require_POST
def safety_plan_share_revoke_view(request: HttpRequest) -> HttpResponse:
    plan = _plan_for(request)
    if plan is None:
        raise Http404("No safety plan.")
    safety_plan_share_revoke(plan=plan)
    messages.info(request, _("The link is switched off. Nobody can open it now."))
    return redirect("safety_plan_share")


@require_safe
def safety_plan_shared(request: HttpRequest, share_token: str) -> HttpResponse:
    """What the trusted person sees: the plan, read-only, and nothing else of its owner's."""
    if not SHARE_TOKEN.fullmatch(share_token):
        raise Http404("No such link.")  # never sent to the database: it cannot hold a NUL byte
    link = get_object_or_404(
        SafetyPlanShare.objects.select_related("plan"), token=share_token, revoked_at__isnull=True
    )
    response = render(request, "safety_plan/shared.html", _plan_context(request, link.plan))
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    return response
