from django.urls import path

from support_services import views

app_name = "support_services"

urlpatterns = [
    path("", views.overview, name="overview"),
]

# Applications for re-integration supports (applications_views).
from support_services import applications_views  # noqa: E402

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
