from django.urls import path

from support_services.applications import views as applications_views
from support_services.referrals import views as referrals_views
from support_services.reintegration import views as followups_views
from support_services.supports import views

app_name = "support_services"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("supports/", views.support_list, name="support-list"),
    path("supports/totals/", views.support_totals, name="support-totals"),
    path("supports/totals/export/", views.support_totals_export, name="support-totals-export"),
    path("cases/<int:case_pk>/supports/new/", views.support_propose, name="support-propose"),
    path("cases/<int:case_pk>/supports/extend/", views.support_extend, name="support-extend"),
    path(
        "supports/<int:pk>/documents/new/",
        views.support_document_add,
        name="support-document-add",
    ),
    path("supports/<int:pk>/<slug:action>/", views.support_step, name="support-step"),
    path(
        "support-documents/<int:pk>/",
        views.support_document_download,
        name="support-document-download",
    ),
    # Service providers and referrals (referrals_views).
    path("providers/", referrals_views.providers_list, name="providers-list"),
    path("providers/new/", referrals_views.provider_edit, name="providers-create"),
    path("providers/<int:pk>/", referrals_views.provider_detail, name="providers-detail"),
    path("providers/<int:pk>/edit/", referrals_views.provider_edit, name="providers-edit"),
    path("referrals/", referrals_views.referrals_list, name="referrals-list"),
    path(
        "cases/<int:case_pk>/referrals/new/",
        referrals_views.referral_create,
        name="referrals-create",
    ),
    path(
        "referrals/<int:pk>/<slug:action>/",
        referrals_views.referral_action,
        name="referrals-action",
    ),
    # Reintegration follow-up and case closure (followups_views).
    path("followups/", followups_views.worklist, name="followups-list"),
    path(
        "cases/<int:case_pk>/followups/schedule/",
        followups_views.schedule,
        name="followups-schedule",
    ),
    path("followups/<int:pk>/visit/", followups_views.visit, name="followup-visit"),
    path(
        "followups/<int:pk>/lost-contact/",
        followups_views.lost_contact,
        name="followup-lost-contact",
    ),
    path("cases/<int:case_pk>/close/", followups_views.close, name="case-close"),
    path("cases/<int:case_pk>/reopen/", followups_views.reopen, name="case-reopen"),
    path(
        "closures/<int:pk>/<slug:action>/",
        followups_views.closure_step,
        name="closure-step",
    ),
]

# Applications for re-integration supports.
urlpatterns += [
    path("applications/", applications_views.worklist, name="applications-list"),
    path(
        "applications/cases/<int:case_pk>/new/",
        applications_views.application_new,
        name="applications-new",
    ),
    path(
        "applications/<int:pk>/documents/<slug:kind>/",
        applications_views.application_document,
        name="applications-document",
    ),
    path(
        "applications/<int:pk>/<slug:action>/",
        applications_views.application_action,
        name="applications-action",
    ),
]
