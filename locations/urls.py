from django.urls import path

from locations import views

app_name = "locations"

urlpatterns = [path("picker/", views.unit_picker, name="unit-picker")]
