from django.urls import path

from civicdesk.portal import pwa, search_urls, views
from civicdesk.portal.report import urls as report_urls

app_name = "portal"
urlpatterns = [
    *search_urls.urlpatterns,
    *report_urls.urlpatterns,
    *pwa.urlpatterns,
    path("track/", views.track_lookup, name="track_lookup"),
    path("track/<str:public_id>/", views.track, name="track"),
    path("health/", views.health, name="health"),
]
