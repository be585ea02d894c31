from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import gettext_lazy as _

from guides.views import (
    accounts,
    checklist,
    crisis,
    guide,
    insight,
    offline,
    pages,
    planner,
    safety_plan,
)

handler404 = "guides.views.pages.page_not_found"
handler500 = "guides.views.pages.server_error"
handler400 = "guides.views.pages.bad_request"

admin.site.site_header = _("First Step: staff editing")
admin.site.site_title = _("First Step admin")
admin.site.index_title = _("Edit the site")

# Every page readers see, in each language: English at /…, Spanish at /es/… (the address alone
# chooses, see guides.middleware.PathLanguageMiddleware).
reader_pages: list[URLPattern | URLResolver] = [
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
    path("plan/", planner.plan_list, name="plan_list"),
    path("plan/new/", planner.plan_new, name="plan_new"),
    path("plan/new/check/", planner.plan_check, name="plan_check"),
    path("plan/new/<slug:step>/", planner.plan_step, name="plan_step"),
    path("plan/<uuid:plan_id>/", planner.plan_detail, name="plan_detail"),
    path("plan/<uuid:plan_id>/edit/", planner.plan_edit, name="plan_edit"),
    path("plan/<uuid:plan_id>/done/", planner.plan_done, name="plan_done"),
    path(
        "plan/<uuid:plan_id>/done-not-well/",
        planner.plan_done_not_well,
        name="plan_done_not_well",
    ),
    path("plan/<uuid:plan_id>/not-yet/", planner.plan_not_yet, name="plan_not_yet"),
    path("plan/<uuid:plan_id>/backup/", planner.plan_backup, name="plan_backup"),
    path("plan/<uuid:plan_id>/cancel/", planner.plan_cancel, name="plan_cancel"),
    path("plan/<uuid:plan_id>/delete/", planner.plan_delete, name="plan_delete"),
    path("plan/<uuid:plan_id>/calendar.ics", planner.plan_calendar, name="plan_calendar"),
    path("plan/<uuid:plan_id>/share/", planner.plan_share, name="plan_share"),
    path("plan/<uuid:plan_id>/share/revoke/", planner.plan_share_revoke, name="plan_share_revoke"),
    path("s/<str:token>/", planner.share_view, name="share_view"),
    path("safety-plan/", safety_plan.safety_plan, name="safety_plan"),
    path("safety-plan/card/", safety_plan.safety_plan_card, name="safety_plan_card"),
    path("safety-plan/delete/", safety_plan.safety_plan_delete, name="safety_plan_delete"),
    path("safety-plan/share/", safety_plan.safety_plan_share_page, name="safety_plan_share"),
    path(
        "safety-plan/share/revoke/",
        safety_plan.safety_plan_share_revoke_view,
        name="safety_plan_share_revoke",
    ),
    path(
        "safety-plan/s/<str:share_token>/",
        safety_plan.safety_plan_shared,
        name="safety_plan_shared",
    ),
    path("safety-plan/<slug:step>/", safety_plan.safety_plan_step, name="safety_plan_step"),
    path("accounts/login/", accounts.ClaimingLoginView.as_view(), name="login"),
    path("accounts/logout/", accounts.ForgettingLogoutView.as_view(), name="logout"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/signup/sent/", accounts.signup_sent, name="signup_sent"),
    path("accounts/verify/<str:token>/", accounts.verify_email, name="verify_email"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("account/", accounts.account, name="account"),
    path("account/data/", accounts.account_data, name="account_data"),
    path("account/delete/", accounts.account_delete, name="account_delete"),
    path("account/confirm-email/", accounts.resend_email_check, name="resend_email_check"),
    path("forget-me/", accounts.forget_me, name="forget_me"),
    path("forget-me/done/", accounts.forget_me_done, name="forget_me_done"),
    path("help-now/", crisis.help_now, name="help_now"),
    path("help-now/region/", crisis.choose_region, name="choose_region"),
    path(
        "crisis-words/<str:region>/<str:digest>.js",
        crisis.crisis_words_script,
        name="crisis_words_script",
    ),
    path("about/", pages.about, name="about"),
    path("privacy/", pages.privacy, name="privacy"),
    path("offline/", offline.offline_page, name="offline"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
]

urlpatterns = [
    *i18n_patterns(*reader_pages, prefix_default_language=False),
    # At the root, so that its scope is every page, in every language.
    path("sw.js", offline.service_worker, name="service_worker"),
    path("healthz", pages.healthz, name="healthz"),
    path("readyz", pages.readyz, name="readyz"),
    # In the admin, behind its log-in; the views check the insight permission.
    path("admin/insight/", admin.site.admin_view(insight.insight), name="insight"),
    path(
        "admin/insight/counts.csv",
        admin.site.admin_view(insight.insight_csv),
        name="insight_csv",
    ),
    path("admin/", admin.site.urls),
]
