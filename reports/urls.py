from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("partner-export/", views.partner_export_download, name="partner-export"),
    path("runs/<int:pk>/", views.run_status, name="run-status"),
    path("runs/<int:pk>/approve/", views.approve, name="approve"),
    path("runs/<int:pk>/detail/", views.run_detail, name="run-detail"),
    path("runs/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("runs/<int:pk>/<slug:kind>/", views.download, name="download"),
]
