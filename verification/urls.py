from django.urls import path

from verification import views

app_name = "verification"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("cases/<int:case_pk>/dossier/", views.dossier_create, name="dossier-create"),
    path("dossiers/<int:pk>/evidence/", views.evidence_add, name="evidence-add"),
    path(
        "dossiers/<int:pk>/documents/<slug:kind>/", views.dossier_document, name="dossier-document"
    ),
    path("dossiers/<int:pk>/<slug:action>/", views.dossier_action, name="dossier-action"),
    path("documents/<int:pk>/", views.evidence_download, name="evidence-download"),
]
