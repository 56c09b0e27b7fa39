"""Resident account pages, spliced into the portal's URLs (names portal:sign_in, portal:my_requests, ...)."""

from django.urls import path

from civicdesk.accounts import views

urlpatterns = [
    path("account/sign-in/", views.sign_in, name="sign_in"),
    path("account/sign-in/<str:token>/", views.sign_in_link, name="sign_in_link"),
    path("account/sign-out/", views.sign_out, name="sign_out"),
    path("account/requests/", views.my_requests, name="my_requests"),
]
