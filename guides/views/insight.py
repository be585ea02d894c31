"""How First Step is used: the weekly counts, for superusers and staff with the insight
permission (guides.view_insight), as a page in the admin and as a CSV for funders."""

import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from guides.services.insight.report import csv_rows, language_names, weekly_report

PERMISSION = "guides.view_insight"


def _language_asked_for(request: HttpRequest) -> str | None:
    """The language chosen, or None for every language. An unknown one is a 404."""
    code = request.GET.get("language", "")
    if code and code not in language_names():
        raise Http404("No such language.")
    return code or None


@require_safe
def insight(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    language = _language_asked_for(request)
    report = weekly_report(today=timezone.localdate(), language=language)
    return render(
        request,
        "admin/insight.html",
        {
            **admin.site.each_context(request),
            "title": _("How First Step is used"),
            "report": report,
        },
    )


@require_safe
def insight_csv(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    language = _language_asked_for(request)
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"first-step-weekly-counts-{language or 'all'}-{today.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # so spreadsheets read the file as UTF-8
    csv.writer(response).writerows(csv_rows(today=today, language=language))
    return response
