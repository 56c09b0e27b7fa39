"""The installable app: web manifest, service worker and offline page."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
