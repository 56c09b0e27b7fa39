from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.static import serve

admin.site.site_header = f"{settings.CITY_NAME} 311 administration"
admin.site.site_title = "CivicDesk"

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("staff/", include("civicdesk.console.urls")),
    path("integrations/", include("civicdesk.integrations.urls")),
    path("intake/", include("civicdesk.intake.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("civicdesk.open311.urls")),
    path("", include("civicdesk.opendata.urls")),
    path("", include("civicdesk.portal.urls")),
]
if settings.DEBUG or not settings.PRODUCTION:
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
