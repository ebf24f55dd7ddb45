from django.contrib import admin
from django.urls import include, path

from operations.views import health
from reports.views import home

# The server-error page: a 503 while the database is unreachable, otherwise the 500 page.
handler500 = "operations.views.server_error"

urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    path("accounts/", include("accounts.urls")),
    path("units/", include("locations.urls")),
    path("victims/", include("victims.urls")),
    path("verification/", include("verification.urls")),
    path("support/", include("support_services.urls")),
    path("prevention/", include("prevention.urls")),
    path("reports/", include("reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
