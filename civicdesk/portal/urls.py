from django.urls import path

from civicdesk.accounts import urls as account_urls
from civicdesk.portal import pwa, search_urls, views
from civicdesk.portal.report import urls as report_urls

app_name = "portal"
urlpatterns = [
    *search_urls.urlpatterns,
    *report_urls.urlpatterns,
    *pwa.urlpatterns,
    *account_urls.urlpatterns,
    path("track/", views.track_lookup, name="track_lookup"),
    path("track/<str:public_id>/", views.track, name="track"),
    path("track/<str:public_id>/follow/", views.follow, name="follow"),
    path("updates/stop/<str:token>/", views.stop_updates, name="stop_updates"),
    path("survey/<str:token>/", views.survey, name="survey"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/map.json", views.request_map, name="request_map"),
    path("requests/areas.json", views.request_areas, name="request_areas"),
    path("health/", views.health, name="health"),
]
