from django.urls import path

from support_services import referrals_views, views

app_name = "support_services"

urlpatterns = [
    path("", views.overview, name="overview"),
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
]
