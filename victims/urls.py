from django.urls import path

from victims import identifier_views, import_views, retention_views, views

app_name = "victims"

urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("export/", views.case_export, name="case-export"),
    path("import/", import_views.import_upload, name="import"),
    path("import/template/", import_views.import_template, name="import-template"),
    path("import/<int:pk>/", import_views.import_job, name="import-job"),
    path("import/<int:pk>/status/", import_views.import_job_status, name="import-job-status"),
    path("import/<int:pk>/confirm/", import_views.import_job_confirm, name="import-confirm"),
    path("import/<int:pk>/errors/", import_views.import_job_errors, name="import-errors"),
    path("new/", views.case_create, name="case-create"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case-edit"),
    path("cases/<int:pk>/sections/<slug:section>/", views.case_section, name="case-section"),
    path("people/<int:pk>/", views.victim_detail, name="victim-detail"),
    path("people/<int:pk>/edit/", views.victim_edit, name="victim-edit"),
    path(
        "people/<int:pk>/reveal/",
        identifier_views.reveal_identifier,
        name="reveal-identifier",
    ),
    path("people/<int:victim_pk>/new-case/", views.case_add_for_victim, name="case-add"),
    path("people/<int:victim_pk>/consents/", views.consent_add, name="consent-add"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("consents/<int:pk>/evidence/", views.consent_evidence, name="consent-evidence"),
    path("retention/", retention_views.retention, name="retention"),
]
