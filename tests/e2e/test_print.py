"""A guide page printed to an A4 PDF: only the reading matter, no navigation or buttons.

The PDF's pages are rendered to PNG with pypdfium2 (PDFium, from PyPI: no system package) into
artifacts/screenshots/print/ for a person to look at.
"""

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.conf import settings
from playwright.sync_api import expect

from guides.models import Section

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PRINTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots" / "print"


def print_to_png(page, name: str, paper: str = "A4") -> list[Path]:
    """Print the page to a PDF and render each sheet to a PNG at 70 dpi; the PNGs, in order."""
    PRINTS.mkdir(parents=True, exist_ok=True)
    for old in PRINTS.glob(f"{name}*"):
        old.unlink()
    pdf = PRINTS / f"{name}.pdf"
    page.pdf(path=pdf, format=paper)
    sheets = []
    for number, sheet in enumerate(pdfium.PdfDocument(pdf), start=1):
        png = PRINTS / f"{name}-{number}.png"
        sheet.render(scale=70 / 72).to_pil().save(png)
        sheets.append(png)
    return sheets


def expect_only_the_card_in_print(page) -> None:
    """What is around a plan's card on screen (the site's header and footer, the buttons, "Exit
    this page") is not printed."""
    for hidden in [".site-header", ".site-footer", ".no-print", ".exit-this-page"]:
        expect(page.locator(hidden).first).to_be_hidden()


def test_a_guide_page_prints_only_its_reading_matter_on_a4(site_page):
    page = site_page
    page.goto("/guide/why-it-matters/")
    page.emulate_media(media="print")
    for hidden in [".site-header", ".site-footer", ".step-nav", ".pager", ".skip-link"]:
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator("main .button")).to_have_count(1)
    expect(page.locator("main .button")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".key-points")).to_be_visible()
    sheets = print_to_png(page, "guide-section")
    assert len(sheets) == 1, f"the guide page takes {len(sheets)} A4 sheets"


def test_every_guide_page_prints_on_at_most_two_sheets(site_page):
    sizes = {}
    for slug in Section.objects.published().order_by("order").values_list("slug", flat=True):
        site_page.goto(f"/guide/{slug}/")
        sizes[slug] = len(print_to_png(site_page, f"guide-{slug}"))
    print("A4 sheets per guide page:", sizes)
    assert max(sizes.values()) <= 2, sizes


def test_the_plan_card_prints_on_one_sheet(site_page, alice, subtests):
    from guides.models import Barrier, PlanBarrier
    from tests.base import make_plan

    plan = make_plan(user=alice, partner_name="Sam", backup_name="Samaritans")
    PlanBarrier.objects.bulk_create(
        PlanBarrier(plan=plan, barrier=barrier, note="My own note on this one.")
        for barrier in Barrier.objects.all()[:3]
    )
    page = site_page
    page.goto("/")
    page.context.add_cookies([{"name": "sessionid", "value": _session_for(alice), "url": page.url}])
    page.goto(f"/plan/{plan.pk}/")
    page.emulate_media(media="print")
    expect_only_the_card_in_print(page)
    expect(page.locator(".plan-card")).to_be_visible()
    for paper in ["A4", "Letter"]:
        with subtests.test(paper=paper):
            sheets = print_to_png(page, f"plan-card-{paper}", paper)
            assert len(sheets) == 1, f"the plan card takes {len(sheets)} {paper} sheets"


def _session_for(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from guides.sessions import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key
