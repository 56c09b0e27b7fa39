from django.urls import path

from civicdesk.integrations import views

app_name = "integrations"

urlpatterns = [
    path("deliveries/<int:delivery_id>/resend", views.resend, name="resend"),
    path("<slug:slug>/updates", views.updates, name="updates"),
]
