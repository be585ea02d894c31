from django.contrib import admin
from django.urls import path

from guides.views import checklist, guide, pages

handler404 = "guides.views.pages.page_not_found"
handler500 = "guides.views.pages.server_error"

admin.site.site_header = "First Step: staff editing"
admin.site.site_title = "First Step admin"
admin.site.index_title = "Edit the site"

urlpatterns = [
    path("", pages.home, name="home"),
    path("guide/", guide.guide_overview, name="guide_overview"),
    path("guide/<slug:slug>/", guide.guide_section, name="guide_section"),
    path("guides/<slug:guide_slug>/", guide.guide_overview, name="guide_overview_for"),
    path("guides/<slug:guide_slug>/<slug:slug>/", guide.guide_section, name="guide_section_for"),
    path("checklist/", checklist.checklist, name="checklist"),
    path("checklist/history/", checklist.checklist_history, name="checklist_history"),
    path(
        "checklist/results/<uuid:result_id>/",
        checklist.checklist_result,
        name="checklist_result",
    ),
    path(
        "checklist/results/<uuid:result_id>/delete/",
        checklist.checklist_result_delete,
        name="checklist_result_delete",
    ),
    path("help-now/", pages.help_now, name="help_now"),
    path("about/", pages.about, name="about"),
    path("privacy/", pages.privacy, name="privacy"),
    path("healthz", pages.healthz, name="healthz"),
    path("readyz", pages.readyz, name="readyz"),
    path("admin/", admin.site.urls),
]
