from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("notifications/", views.notification_list, name="notifications"),
    path("two-factor/", views.two_factor_verify, name="two-factor-verify"),
    path("two-factor/setup/", views.two_factor_enrol, name="two-factor-enrol"),
    path("account/", views.account, name="account"),
    path("account/device/", views.account_device_regenerate, name="account-device-regenerate"),
    path("account/logout-everywhere/", views.account_logout_everywhere, name="logout-everywhere"),
]
