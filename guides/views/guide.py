"""The step-by-step guide: the overview of steps and each section's page."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from guides.content_cache import published_content, render_shared
from guides.models import Guide, OldSectionAddress, Section
from guides.services.guide.reading import mark_section_read, read_section_ids


def _guide_and_steps(request: HttpRequest, guide_slug: str | None) -> tuple[Guide, list[Section]]:
    if request.user.is_staff:
        # Staff see unpublished guides and sections too, so they can preview them in place.
        guides = Guide.objects.all()
        guide = guides.first() if guide_slug is None else get_object_or_404(guides, slug=guide_slug)
        if guide is None:
            raise Http404("No guide has been published yet.")
        return guide, list(guide.sections.order_by("order", "id"))
    content = published_content()
    published = content.main if guide_slug is None else content.guide(guide_slug)
    if published is None:
        raise Http404("No such guide.")
    return published.guide, published.steps


def _is_main_guide(request: HttpRequest, guide_slug: str | None) -> bool:
    """/guides/<the main guide>/… is the guide at /guide/…: one address for each page."""
    main = published_content().main
    return guide_slug is not None and main is not None and main.guide.slug == guide_slug


def _numbers_readers_see(guide: Guide, steps: list[Section]) -> dict[int, int]:
    """For staff, who see unpublished steps too: each published step's number as readers see it."""
    published = [step for step in steps if step.is_published and guide.is_published]
    return {step.pk: number for number, step in enumerate(published, start=1)}


def _moved_or_404(
    guide: Guide, steps: list[Section], slug: str, guide_slug: str | None
) -> HttpResponse:
    """A step whose slug staff changed: its old address moved for good (one query, on a miss)."""
    moved = OldSectionAddress.objects.filter(guide=guide, slug=slug).first()
    target = next((step for step in steps if moved and step.pk == moved.section_id), None)
    if target is None:
        raise Http404("No such step.")
    if guide_slug is None:
        return redirect(reverse("guide_section", args=[target.slug]), permanent=True)
    return redirect(reverse("guide_section_for", args=[guide_slug, target.slug]), permanent=True)


@require_safe
def guide_overview(request: HttpRequest, guide_slug: str | None = None) -> HttpResponse:
    if _is_main_guide(request, guide_slug):
        return HttpResponsePermanentRedirect(reverse("guide_overview"))
    guide, steps = _guide_and_steps(request, guide_slug)
    read_ids = read_section_ids(request)
    next_step = next((step for step in steps if step.pk not in read_ids), None)
    return render_shared(
        request,
        "guide/overview.html",
        {
            "numbers": _numbers_readers_see(guide, steps) if request.user.is_staff else None,
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
    if _is_main_guide(request, guide_slug):
        return HttpResponsePermanentRedirect(reverse("guide_section", args=[slug]))
    guide, steps = _guide_and_steps(request, guide_slug)
    position = next((i for i, step in enumerate(steps) if step.slug == slug), None)
    if position is None:
        return _moved_or_404(guide, steps, slug, guide_slug)
    section = steps[position]
    read_ids = read_section_ids(request)
    numbers = _numbers_readers_see(guide, steps) if request.user.is_staff else None
    step_number: int | None
    if numbers is None:
        step_number, step_count = position + 1, len(steps)
    else:
        step_number, step_count = numbers.get(section.pk), len(numbers)
    response = render_shared(
        request,
        "guide/section.html",
        {
            "guide": guide,
            "is_main_guide": guide_slug is None,
            "section": section,
            "steps": steps,
            "read_ids": read_ids,
            "step_number": step_number,
            "step_count": step_count,
            "numbers": numbers,
            "previous_step": steps[position - 1] if position > 0 else None,
            "next_step": steps[position + 1] if position + 1 < len(steps) else None,
        },
    )
    mark_section_read(request, response, section, read_ids)
    return response
