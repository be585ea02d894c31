"""The step-by-step guide: the overview of steps and each section's page."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from guides.models import Guide, Section
from guides.services import mark_section_read, read_section_ids


def _guide_for(request: HttpRequest, guide_slug: str | None) -> Guide:
    guides = Guide.objects.all() if request.user.is_staff else Guide.objects.published()
    if guide_slug is None:
        guide = guides.first()
        if guide is None:
            raise Http404("No guide has been published yet.")
        return guide
    return get_object_or_404(guides, slug=guide_slug)


def _steps_for(request: HttpRequest, guide: Guide) -> list[Section]:
    # Staff see unpublished sections too, so they can preview them in place.
    sections = guide.sections.all() if request.user.is_staff else guide.sections.published()
    return list(sections.for_navigation())


@require_safe
def guide_overview(request: HttpRequest, guide_slug: str | None = None) -> HttpResponse:
    guide = _guide_for(request, guide_slug)
    steps = _steps_for(request, guide)
    read_ids = read_section_ids(request)
    next_step = next((step for step in steps if step.pk not in read_ids), None)
    return render(
        request,
        "guide/overview.html",
        {
            "guide": guide,
            "is_main_guide": guide_slug is None,
            "steps": steps,
            "read_ids": read_ids,
            "read_count": sum(1 for step in steps if step.pk in read_ids),
            "next_step": next_step,
        },
    )


@require_safe
def guide_section(request: HttpRequest, slug: str, guide_slug: str | None = None) -> HttpResponse:
    guide = _guide_for(request, guide_slug)
    steps = _steps_for(request, guide)
    position = next((i for i, step in enumerate(steps) if step.slug == slug), None)
    if position is None:
        raise Http404("No such step.")
    section = Section.objects.get(pk=steps[position].pk)
    section.guide = guide
    read_ids = read_section_ids(request)
    response = render(
        request,
        "guide/section.html",
        {
            "guide": guide,
            "is_main_guide": guide_slug is None,
            "section": section,
            "steps": steps,
            "read_ids": read_ids,
            "step_number": position + 1,
            "step_count": len(steps),
            "previous_step": steps[position - 1] if position > 0 else None,
            "next_step": steps[position + 1] if position + 1 < len(steps) else None,
        },
    )
    mark_section_read(request, response, section, read_ids)
    return response
