from django.urls import path

from civicdesk.intake.sms import views

urlpatterns = [
    path("", views.incoming_text, name="sms"),
]
