from django.urls import path

from civicdesk.portal import search_views

urlpatterns = [
    path("", search_views.home, name="home"),
    path("search/", search_views.search, name="search"),
    path("help/", search_views.help_index, name="help_index"),
    path("help/<slug:slug>/", search_views.help_article, name="help_article"),
]
