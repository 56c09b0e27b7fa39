from django.urls import path

from civicdesk.intake.social import views

urlpatterns = [
    path("requests/<str:public_id>/reply/", views.reply, name="social_reply"),
    path("requests/<str:public_id>/message/", views.message, name="social_message"),
]
