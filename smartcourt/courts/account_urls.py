from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginRouterView.as_view(), name="login"),  # old links: routes to /login/ or /staff/login/
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("otp/", views.otp_verify, name="otp"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("data-access/", views.data_access, name="data_access"),
    path("security/", views.security, name="security"),
]
