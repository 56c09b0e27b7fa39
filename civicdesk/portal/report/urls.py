"""Reporting a problem on the web: choose a service, place it, answer, describe, review, submit."""
from django.urls import URLPattern, path

from civicdesk.portal.report import views

urlpatterns: list[URLPattern] = [
    path("report/", views.choose_service, name="report"),
    path("report/location/", views.location, name="report_location"),
    path("report/details/", views.details, name="report_details"),
    path("report/nearby/", views.nearby, name="report_nearby"),
    path("report/review/", views.review, name="report_review"),
    path("report/done/<str:public_id>/", views.done, name="report_done"),
    path("report/following/<str:public_id>/", views.followed, name="report_followed"),
    path("report/addresses/", views.address_search, name="report_address_search"),
    path("report/address-at/", views.address_at, name="report_address_at"),
]
