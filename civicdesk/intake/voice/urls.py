from django.urls import path

from civicdesk.intake.voice import views

urlpatterns = [
    path("", views.incoming_call, name="voice"),
    path("language/", views.language, name="voice_language"),
    path("menu/", views.main_menu, name="voice_menu"),
    path("choice/", views.choice, name="voice_choice"),
    path("answer/", views.answer, name="voice_answer"),
    path("status/", views.status, name="voice_status"),
    path("status/lookup/", views.status_lookup, name="voice_status_lookup"),
    path("hold/", views.hold, name="voice_hold"),
    path("callback/", views.callback, name="voice_callback"),
    path("queue-result/", views.queue_result, name="voice_queue_result"),
    path("call-status/", views.call_status, name="voice_call_status"),
    path("dequeued/", views.dequeued, name="voice_dequeued"),
]
