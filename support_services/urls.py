from django.urls import path

from support_services import views

app_name = "support_services"

urlpatterns = [
    path("", views.overview, name="overview"),
]
