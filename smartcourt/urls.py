from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from smartcourt.api import api
from smartcourt.core import views as core_views
from smartcourt.core.discovery import app_modules
from smartcourt.core.privacy import personal_data
from smartcourt.courts import views as courts_views
from smartcourt.portal import views as portal_views


def _app_urls() -> list:
    """Each smartcourt app with a `urls` module is mounted at the prefix it declares (`url_prefix`)."""
    return [
        path(getattr(module, "url_prefix", f"{config.label}/"), include(module))
        for config, module in app_modules("urls")
        if config.label != "core"
    ]


@personal_data  # a signed-in person's workbench lists their cases and parties
def front_door(request: HttpRequest) -> HttpResponse:
    """`/`: the public home page for visitors; whoever is signed in lands on the workbench of their roles."""
    if request.user.is_authenticated:
        return courts_views.workbench(request)
    return portal_views.home(request)


urlpatterns = [
    path("", front_door, name="workbench"),
    path("", front_door, name="home"),  # the same page: `home` reads better in the public templates
    path("login/", courts_views.LitigantLoginView.as_view(), name="litigant_login"),
    path("staff/login/", courts_views.StaffLoginView.as_view(), name="staff_login"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("accounts/", include("smartcourt.courts.account_urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("metrics", core_views.metrics, name="metrics"),
    *_app_urls(),
]

handler400 = "smartcourt.core.views.bad_request"
handler403 = "smartcourt.core.views.permission_denied"
handler404 = "smartcourt.core.views.page_not_found"
handler500 = "smartcourt.core.views.server_error"
