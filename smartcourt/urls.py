from django.contrib import admin
from django.urls import include, path

from smartcourt.api import api
from smartcourt.core import views as core_views
from smartcourt.core.discovery import app_modules
from smartcourt.courts import views as courts_views


def _app_urls() -> list:
    """Each smartcourt app with a `urls` module is mounted at the prefix it declares (`url_prefix`)."""
    return [
        path(getattr(module, "url_prefix", f"{config.label}/"), include(module))
        for config, module in app_modules("urls")
        if config.label != "core"
    ]


urlpatterns = [
    path("", courts_views.workbench, name="workbench"),
    path("accounts/", include("smartcourt.courts.account_urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", core_views.healthz, name="healthz"),
    *_app_urls(),
]

handler400 = "smartcourt.core.views.bad_request"
handler403 = "smartcourt.core.views.permission_denied"
handler404 = "smartcourt.core.views.page_not_found"
handler500 = "smartcourt.core.views.server_error"
