from django.urls import path

from prevention import views

app_name = "prevention"

urlpatterns = [
    path("", views.activity_list, name="activity-list"),
    path("export/", views.activity_export, name="activity-export"),
    path("activities/new/", views.activity_create, name="activity-create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("activities/<int:pk>/attachments/", views.attachment_add, name="attachment-add"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("directives/", views.directive_list, name="directive-list"),
    path("directives/new/", views.directive_create, name="directive-create"),
    path("directives/<int:pk>/", views.directive_detail, name="directive-detail"),
    path("directives/<int:pk>/edit/", views.directive_edit, name="directive-edit"),
    path("directives/<int:pk>/file/", views.directive_file, name="directive-file"),
    path("totals/", views.totals, name="totals"),
    path("totals/export/", views.totals_export, name="totals-export"),
]
