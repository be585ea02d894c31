"""The readiness checklist: answer privately, see next steps, and look back at past answers."""

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from guides.content_cache import published_content, render_shared, shared_page
from guides.content_version import kept
from guides.forms import ChecklistForm
from guides.forms.checklist import statement_choices
from guides.helpers.owners import owned_by, owner_for, session_has_expired
from guides.models import ChecklistResult, Statement, StatementGroup
from guides.models.checklist import summarise_answers
from guides.services.checklist import checklist_result_create
from guides.views.addresses import address_of
from guides.views.crisis_panel import crisis_lines_for
from guides.views.types import HtmxHttpRequest

CHECKLIST_TEMPLATE = "checklist/checklist.html"


def _active_statements(request: HtmxHttpRequest) -> list[Statement]:
    return kept(
        "checklist_statements",
        lambda: list(Statement.objects.active().select_related("group")),
    )


def _grouped(statements: list[Statement]) -> list[tuple[StatementGroup, list[Statement]]]:
    groups: dict[int, tuple[StatementGroup, list[Statement]]] = {}
    for statement in statements:
        groups.setdefault(statement.group_id, (statement.group, []))[1].append(statement)
    return list(groups.values())


@require_http_methods(["GET", "HEAD", "POST"])
def checklist(request: HtmxHttpRequest) -> HttpResponse:
    # The empty form is the same for every reader: render_shared keeps it, for readers without
    # a session, with each reader's own CSRF token put in; once kept, nothing else is needed.
    kept_page = shared_page(request, CHECKLIST_TEMPLATE) if request.method == "GET" else None
    if kept_page is not None:
        return kept_page
    statements = _active_statements(request)
    # The statements' words, kept with them per language: a POST reads no translated field.
    choices = kept(("checklist_choices", get_language()), lambda: statement_choices(statements))
    form = ChecklistForm(
        request.POST if request.method == "POST" else None,
        statements=statements,
        choices=choices,
    )
    if request.method == "POST":
        # The field first: request.htmx reads every header, which a plain POST need not.
        if request.POST.get("preview") == "crisis" and request.htmx:
            return _crisis_preview(request, form, statements)
        if form.is_valid():
            expired = session_has_expired(request)
            result = checklist_result_create(
                owner=owner_for(request, create_session=True),
                statements=form.cleaned_data["statements"],
            )
            if expired:
                messages.info(
                    request,
                    _(
                        "Your earlier visit had ended, so answers saved before then have been "
                        "cleared. These answers are saved."
                    ),
                )
            return HttpResponseRedirect(address_of("checklist_result", result.pk))
    ticked = form.ticked_ids()
    show_crisis = any(s.is_crisis and s.pk in ticked for s in statements)
    return render_shared(
        request,
        CHECKLIST_TEMPLATE,
        {
            "form": form,
            "groups": _grouped(statements),
            "ticked": ticked,
            "show_crisis": show_crisis,
            **(crisis_lines_for(request) if show_crisis else {}),
            "error_anchor": f"statement-{statements[0].pk}" if statements else "",
            "nav": "checklist",
        },
        has_form=True,
    )


def _crisis_preview(
    request: HtmxHttpRequest, form: ChecklistForm, statements: list[Statement]
) -> HttpResponse:
    """The crisis panel alone, live as a crisis statement is ticked. Nothing is saved."""
    ticked = form.ticked_ids()
    show_crisis = any(s.is_crisis and s.pk in ticked for s in statements)
    trigger = request.htmx.trigger or ""
    return render(
        request,
        "checklist/checklist.html#crisis",
        {
            "show_crisis": show_crisis,
            **(crisis_lines_for(request) if show_crisis else {}),
            # With htmx, the region chooser brings the person back to the checklist itself.
            "panel_next": reverse("checklist"),
            # Only a real crisis checkbox gets a note beside it.
            "note_for": trigger if trigger in {f"statement-{s.pk}" for s in statements} else "",
        },
    )


@never_cache
@require_safe
def checklist_result(request: HtmxHttpRequest, result_id) -> HttpResponse:
    result = get_object_or_404(owned_by(request, ChecklistResult.objects.all()), pk=result_id)
    ticked = set(result.statements.values_list("pk", flat=True))
    statements = list(
        Statement.objects.filter(Q(is_active=True) | Q(pk__in=ticked))
        .select_related("group", "section__guide")
        .prefetch_related("help_kinds")
    )
    summary = summarise_answers(statements, ticked)
    return render(
        request,
        "checklist/result.html",
        {
            "result": result,
            "summary": summary,
            # Read only when a step's guide section is linked to (never on a crisis result).
            "main_guide_id": SimpleLazyObject(lambda: _main_guide_id(request)),
            **(crisis_lines_for(request) if summary.crisis or summary.lines_for else {}),
            "nav": "checklist",
        },
    )


def _main_guide_id(request: HtmxHttpRequest) -> int | None:
    """The guide at /guide/, whose steps are linked to there (guides.views.guide)."""
    main = published_content().main
    return main.guide.pk if main else None


def describe_change(newer: ChecklistResult, older: ChecklistResult | None) -> list[str]:
    """Plain words for what changed between two results, for the history."""
    if older is None:
        return [_("Your first answers.")]
    changes = []
    readiness = newer.readiness_count - older.readiness_count
    if readiness > 0:
        changes.append(
            ngettext(
                "%(count)d more readiness step done.",
                "%(count)d more readiness steps done.",
                readiness,
            )
            % {"count": readiness}
        )
    elif readiness < 0:
        changes.append(
            ngettext(
                "%(count)d fewer readiness step ticked.",
                "%(count)d fewer readiness steps ticked.",
                -readiness,
            )
            % {"count": -readiness}
        )
    signs = newer.signs_count - older.signs_count
    if signs > 0:
        changes.append(
            ngettext("%(count)d more sign ticked.", "%(count)d more signs ticked.", signs)
            % {"count": signs}
        )
    elif signs < 0:
        changes.append(
            ngettext("%(count)d fewer sign ticked.", "%(count)d fewer signs ticked.", -signs)
            % {"count": -signs}
        )
    return changes or [_("The same as the time before.")]


@never_cache
@require_safe
def checklist_history(request: HtmxHttpRequest) -> HttpResponse:
    expired = session_has_expired(request)
    results = list(owned_by(request, ChecklistResult.objects.order_by("-created_at")))
    rows = [
        (result, describe_change(result, results[i + 1] if i + 1 < len(results) else None))
        for i, result in enumerate(results)
    ]
    return render(
        request,
        "checklist/history.html",
        {"rows": rows, "session_expired": expired, "nav": "checklist"},
    )


@require_POST
def checklist_result_delete(request: HtmxHttpRequest, result_id) -> HttpResponse:
    result = get_object_or_404(owned_by(request, ChecklistResult.objects.all()), pk=result_id)
    result.delete()
    if request.htmx:
        return HttpResponse("")  # htmx removes the row in place
    messages.success(request, _("Those answers have been deleted."))
    return redirect(reverse("checklist_history"))
