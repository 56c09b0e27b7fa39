from django.urls import path

from civicdesk.portal import search_views

urlpatterns = [
    path("", search_views.home, name="home"),
]
