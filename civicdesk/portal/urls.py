from django.urls import path

from civicdesk.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("track/", views.track_lookup, name="track_lookup"),
    path("track/<str:public_id>/", views.track, name="track"),
    path("health/", views.health, name="health"),
]
